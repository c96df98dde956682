// Tiny seeded decoder models in GGUF, for unit tests of the decoder, the KV cache, sampling and the generator
// without the default models (STYLE.md §8).

public import Basics
import GGUF

/// A tiny decoder (`llama`, `qwen2` or `gemma3`) with seeded random weights and a byte-level tokenizer, written with
/// ``GGUF/GGUFWriter`` into memory.
///
/// The same architecture, shape and seed always give the same bytes. Matrices are stored as Q4_1 (the layers) and
/// Q8_0 (the token embeddings, tied to the output head), so both the Float and the integer kernels run; norms and
/// biases are F32. The tokenizer is GPT-2-style byte-level BPE: three special tokens (`<|endoftext|>` = 0, also
/// end of sequence; `<|im_start|>` = 1; `<|im_end|>` = 2), the 256 byte tokens, and a few merges.
///
/// ```swift
/// let model = try DecoderModel(file: TinyModel.file(.qwen2, seed: 7))
/// ```
public enum TinyModel {
  /// The architectures the builder writes, by their `general.architecture` name.
  public enum Architecture: String, Sendable, CaseIterable {
    /// Llama (SmolLM2): no biases, tied head.
    case llama
    /// Qwen2: q/k/v biases.
    case qwen2
    /// Gemma 3: q/k norms, post-attention and post-FFN norms, scaled embeddings, sliding-window layers.
    case gemma3
  }

  /// Hyperparameters of a tiny model.
  public struct Shape: Sendable {
    /// `{arch}.block_count`.
    public var layerCount = 2
    /// `{arch}.embedding_length`, a multiple of 32.
    public var embeddingLength = 64
    /// `{arch}.feed_forward_length`, a multiple of 32.
    public var feedForwardLength = 96
    /// `{arch}.attention.head_count`.
    public var headCount = 4
    /// `{arch}.attention.head_count_kv`.
    public var kvHeadCount = 2
    /// `{arch}.attention.key_length`; `headCount * headDim` must be a multiple of 32.
    public var headDim = 16
    /// `{arch}.context_length`.
    public var contextLength = 128
    /// `gemma3.attention.sliding_window`.
    public var slidingWindow = 8

    /// The default tiny shape: 2 layers, width 64, 4 query heads over 2 key/value heads of 16.
    public init() {}
  }

  /// The special tokens, then the 256 byte tokens, then merged tokens.
  static let specialTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
  /// Merges in rank order (`Ġ` is the byte-level spelling of a space).
  static let merges = ["Ġ t", "h e", "i n", "Ġt he", "e r", "o n"]

  /// The vocabulary size: specials, bytes and merges.
  public static var vocabularyCount: Int { specialTokens.count + 256 + merges.count }

  /// The model as a memory-mapped file (in memory), for `DecoderModel(file:)`, `LanguageModel(file:)` or
  /// `Generator(file:threadCount:)`.
  public static func file(_ architecture: Architecture, seed: UInt64, shape: Shape = Shape()) throws -> MappedFile {
    MappedFile(
      bytes: try bytes(architecture, seed: seed, shape: shape), name: "tiny-\(architecture.rawValue)-\(seed).gguf")
  }

  /// The model's GGUF bytes.
  ///
  /// - Throws: `GGUFError` if the shape gives tensors the writer refuses (widths that are not whole blocks).
  public static func bytes(_ architecture: Architecture, seed: UInt64, shape: Shape = Shape()) throws -> [UInt8] {
    var random = SplitMix64(seed: seed)
    var writer = GGUFWriter()
    let arch = architecture.rawValue
    let (C, F, H, G, D) = (
      shape.embeddingLength, shape.feedForwardLength, shape.headCount, shape.kvHeadCount,
      shape.headDim
    )
    let V = vocabularyCount
    writer.setValue(.string(arch), forKey: "general.architecture")
    writer.setValue(.string("tiny-\(arch)"), forKey: "general.name")
    for (key, value) in [
      ("block_count", shape.layerCount), ("embedding_length", C), ("feed_forward_length", F),
      ("attention.head_count", H), ("attention.head_count_kv", G), ("attention.key_length", D),
      ("attention.value_length", D), ("context_length", shape.contextLength),
    ] {
      writer.setValue(.uint32(UInt32(value)), forKey: "\(arch).\(key)")
    }
    writer.setValue(.float32(1e-6), forKey: "\(arch).attention.layer_norm_rms_epsilon")
    writer.setValue(.float32(10_000), forKey: "\(arch).rope.freq_base")
    if architecture == .gemma3 {
      writer.setValue(.uint32(UInt32(shape.slidingWindow)), forKey: "gemma3.attention.sliding_window")
    }
    writeTokenizer(into: &writer, preTokenizer: architecture == .qwen2 ? "qwen2" : "smollm")

    func matrix(_ name: String, rows: Int, columns: Int, type: GGMLType, scale: Float) throws {
      let values = (0..<(rows * columns)).map { _ in (random.nextUnitFloat() * 2 - 1) * scale }
      let bytes = type == .q8_0 ? quantizeQ8_0(values) : quantizeQ4_1(values)
      try writer.addTensor(name: name, shape: [columns, rows], type: type, bytes: bytes)
    }
    func vector(_ name: String, count: Int, center: Float, spread: Float) throws {
      let values = (0..<count).map { _ in center + (random.nextUnitFloat() * 2 - 1) * spread }
      try writer.addTensor(name: name, shape: [count], type: .f32, bytes: values.withUnsafeBytes { Array($0) })
    }
    // Uniform weights scaled by √(3 / columns): unit variance per output, so activations stay of order one.
    func scale(_ columns: Int) -> Float { (3 / Float(columns)).squareRoot() }

    try matrix("token_embd.weight", rows: V, columns: C, type: .q8_0, scale: architecture == .gemma3 ? 0.2 : 1)
    try vector("output_norm.weight", count: C, center: 1, spread: 0.1)
    for i in 0..<shape.layerCount {
      let p = "blk.\(i)."
      try vector(p + "attn_norm.weight", count: C, center: 1, spread: 0.1)
      try matrix(p + "attn_q.weight", rows: H * D, columns: C, type: .q4_1, scale: scale(C))
      try matrix(p + "attn_k.weight", rows: G * D, columns: C, type: .q4_1, scale: scale(C))
      try matrix(p + "attn_v.weight", rows: G * D, columns: C, type: .q8_0, scale: scale(C))
      switch architecture {
      case .llama: break
      case .qwen2:
        try vector(p + "attn_q.bias", count: H * D, center: 0, spread: 0.5)
        try vector(p + "attn_k.bias", count: G * D, center: 0, spread: 0.5)
        try vector(p + "attn_v.bias", count: G * D, center: 0, spread: 0.5)
      case .gemma3:
        try vector(p + "attn_q_norm.weight", count: D, center: 1, spread: 0.1)
        try vector(p + "attn_k_norm.weight", count: D, center: 1, spread: 0.1)
        try vector(p + "post_attention_norm.weight", count: C, center: 1, spread: 0.1)
        try vector(p + "post_ffw_norm.weight", count: C, center: 1, spread: 0.1)
      }
      try matrix(p + "attn_output.weight", rows: C, columns: H * D, type: .q4_1, scale: scale(H * D))
      try vector(p + "ffn_norm.weight", count: C, center: 1, spread: 0.1)
      try matrix(p + "ffn_gate.weight", rows: F, columns: C, type: .q4_1, scale: scale(C))
      try matrix(p + "ffn_up.weight", rows: F, columns: C, type: .q4_1, scale: scale(C))
      try matrix(p + "ffn_down.weight", rows: C, columns: F, type: .q4_1, scale: scale(F))
    }
    return try writer.serialized()
  }

  /// GPT-2 byte-level BPE metadata: specials, the 256 byte tokens in byte order, then the merged tokens.
  static func writeTokenizer(into writer: inout GGUFWriter, preTokenizer: String) {
    let byteTokens = (0..<256).map { String(byteLevelCharacter(UInt8($0))) }
    let merged = merges.map { $0.split(separator: " ").joined() }
    let tokens = specialTokens + byteTokens + merged
    let types = specialTokens.map { _ in Int32(3) } + [Int32](repeating: 1, count: byteTokens.count + merged.count)
    writer.setValue(.string("gpt2"), forKey: "tokenizer.ggml.model")
    writer.setValue(.string(preTokenizer), forKey: "tokenizer.ggml.pre")
    writer.setValue(.array(.string(tokens)), forKey: "tokenizer.ggml.tokens")
    writer.setValue(.array(.int32(types)), forKey: "tokenizer.ggml.token_type")
    writer.setValue(.array(.string(merges)), forKey: "tokenizer.ggml.merges")
    writer.setValue(.uint32(0), forKey: "tokenizer.ggml.bos_token_id")
    writer.setValue(.uint32(0), forKey: "tokenizer.ggml.eos_token_id")
    writer.setValue(.bool(false), forKey: "tokenizer.ggml.add_bos_token")
  }

  /// GPT-2's printable stand-in for a byte: printable Latin-1 bytes stand for themselves, the others map to
  /// U+0100 and up in byte order (so a space is `Ġ`, U+0120).
  static func byteLevelCharacter(_ byte: UInt8) -> Character {
    let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
    if printable { return Character(Unicode.Scalar(byte)) }
    let shifted = (0..<byte).filter {
      !((33...126).contains($0) || (161...172).contains($0) || (174...255).contains($0))
    }
    return Character(Unicode.Scalar(256 + UInt32(shifted.count))!)
  }

  /// Q8_0 blocks of `values` (a whole number of blocks of 32): `d = max|x| / 127`, `q = round(x / d)`.
  static func quantizeQ8_0(_ values: [Float]) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(values.count / 32 * 34)
    for start in stride(from: 0, to: values.count, by: 32) {
      let block = values[start..<(start + 32)]
      let d = (block.map(abs).max() ?? 0) / 127
      appendHalf(d, to: &bytes)
      for v in block { bytes.append(UInt8(bitPattern: Int8(d == 0 ? 0 : (v / d).rounded()))) }
    }
    return bytes
  }

  /// Q4_1 blocks of `values`: `m = min`, `d = (max - min) / 15`, `q = round((x - m) / d)` in 0...15; byte `j`
  /// holds value `j` in its low nibble and value `j + 16` in its high nibble.
  static func quantizeQ4_1(_ values: [Float]) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(values.count / 32 * 20)
    for start in stride(from: 0, to: values.count, by: 32) {
      let block = Array(values[start..<(start + 32)])
      let low = block.min() ?? 0, high = block.max() ?? 0
      let d = (high - low) / 15
      appendHalf(d, to: &bytes)
      appendHalf(low, to: &bytes)
      func quant(_ v: Float) -> UInt8 { d == 0 ? 0 : UInt8(min(15, max(0, ((v - low) / d).rounded()))) }
      for j in 0..<16 { bytes.append(quant(block[j]) | quant(block[j + 16]) << 4) }
    }
    return bytes
  }

  static func appendHalf(_ value: Float, to bytes: inout [UInt8]) {
    let bits = Float16(value).bitPattern
    bytes.append(UInt8(bits & 0xFF))
    bytes.append(UInt8(bits >> 8))
  }
}
