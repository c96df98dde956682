// A BERT sentence encoder (all-MiniLM-L6-v2 and its kin) on the Dense kernels: embeddings, post-norm transformer
// layers, mean pooling over the tokens and L2 normalisation, as sentence-transformers computes them.
//
// Shapes (N = tokens of the whole batch, h = hidden, I = intermediate, H = heads, d = h / H):
//   hidden [N, h] -> qkv [N, 3h] -> attention per sequence and head -> context [N, h] -> projection + residual
//   -> LayerNorm -> intermediate [N, I] (GELU) -> output [N, h] + residual -> LayerNorm; then pooling per sequence.
// A batch is ragged: sequences are laid end to end and attend only within their own rows, which is exactly what
// padding to the longest with an attention mask computes, without the padding's work.

import Basics
public import Foundation
import Kernels
public import Safetensors
public import Tokenization

/// A BERT encoder that turns texts into L2-normalised sentence embeddings.
///
/// ```swift
/// let encoder = try BertEncoder(modelDirectory: URL(fileURLWithPath: ".../all-MiniLM-L6-v2"), threadCount: 2)
/// let vectors = try encoder.embed(["func parse(_ data: Data)", "read a JSON file"])  // 2 × 384 floats
/// ```
///
/// The weights are immutable after loading, so one encoder can serve concurrent calls; each call allocates its
/// own activations.
/// - Important: `embed` blocks its thread (and up to `threadCount` threads) for the whole batch; call it from a
///   model thread, never from the cooperative pool.
public final class BertEncoder: Sendable {
  /// The model's shape.
  public let configuration: BertConfiguration
  /// The tokenizer that ``embed(_:)`` uses.
  public let tokenizer: WordPieceTokenizer
  /// The longest input in tokens, `[CLS]` and `[SEP]` included (256 for all-MiniLM-L6-v2).
  public let maxSequenceLength: Int
  /// Threads each kernel call splits its rows across.
  public let threadCount: Int
  /// Tokens per forward pass when ``embed(_:)`` splits a long list (bounds the activations' memory).
  public let tokensPerBatch: Int

  /// [vocabularySize, h]
  let wordEmbeddings: [Float]
  /// [maxPositions, h]
  let positionEmbeddings: [Float]
  /// [h], the embedding of token type 0 (every input is a single segment).
  let tokenTypeEmbedding: [Float]
  let embeddingNormWeight: [Float]
  let embeddingNormBias: [Float]
  let layers: [BertLayer]

  /// Loads `config.json`, `model.safetensors` and the tokenizer from a model directory; the longest input comes
  /// from `sentence_bert_config.json`'s `max_seq_length` when present, else `config.json`'s positions.
  ///
  /// - Parameters:
  ///   - directory: A sentence-transformers model directory.
  ///   - threadCount: Threads per kernel call (at least 1).
  /// - Throws: ``InferenceError`` (or ``SafetensorsError``) when a file is missing, malformed, or a tensor's
  ///   shape disagrees with the configuration.
  public convenience init(modelDirectory directory: URL, threadCount: Int = 2) throws {
    let configURL = directory.appendingPathComponent("config.json")
    let configuration: BertConfiguration
    do {
      configuration = try BertConfiguration(json: Data(contentsOf: configURL))
    } catch let error as InferenceError {
      throw InferenceError("\(configURL.path): \(error.message)")
    } catch {
      throw InferenceError("cannot read \(configURL.path): \(error.localizedDescription)")
    }
    var maxSequenceLength = configuration.maxPositions
    let sentenceConfig = directory.appendingPathComponent("sentence_bert_config.json")
    if let data = try? Data(contentsOf: sentenceConfig),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let length = root["max_seq_length"] as? Int, length >= 2
    {
      maxSequenceLength = min(length, configuration.maxPositions)
    }
    let weightsPath = directory.appendingPathComponent("model.safetensors").path
    let file: MappedFile
    do {
      file = try MappedFile(path: weightsPath)
    } catch {
      throw InferenceError("cannot map \(weightsPath): \(error)")
    }
    try self.init(
      configuration: configuration, weights: SafetensorsFile(file),
      tokenizer: WordPieceTokenizer.load(modelDirectory: directory), maxSequenceLength: maxSequenceLength,
      threadCount: threadCount)
  }

  /// Builds an encoder from loaded parts.
  ///
  /// Tensor names follow Hugging Face's `BertModel` (`embeddings.word_embeddings.weight`,
  /// `encoder.layer.N.attention.self.query.weight`, ...), optionally under a `bert.` prefix.
  ///
  /// - Throws: ``InferenceError`` or ``SafetensorsError`` for a missing tensor or a wrong shape.
  public init(
    configuration: BertConfiguration, weights file: SafetensorsFile, tokenizer: WordPieceTokenizer,
    maxSequenceLength: Int, threadCount: Int = 2, tokensPerBatch: Int = 2048
  ) throws {
    let c = configuration
    let prefix = file.tensors["embeddings.word_embeddings.weight"] == nil
      && file.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
    func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
      let info = try file.info(prefix + name)
      guard info.shape == shape else {
        throw InferenceError("tensor \(prefix + name) has shape \(info.shape), expected \(shape) from config.json")
      }
      return try file.floats(prefix + name)
    }
    guard tokenizer.vocabulary.count <= c.vocabularySize else {
      throw InferenceError("the tokenizer has \(tokenizer.vocabulary.count) tokens, the model \(c.vocabularySize)")
    }
    self.configuration = c
    self.tokenizer = tokenizer
    self.maxSequenceLength = max(2, min(maxSequenceLength, c.maxPositions))
    self.threadCount = max(1, threadCount)
    self.tokensPerBatch = max(tokensPerBatch, c.maxPositions)
    wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [c.vocabularySize, c.hiddenSize])
    positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [c.maxPositions, c.hiddenSize])
    tokenTypeEmbedding = Array(
      try tensor("embeddings.token_type_embeddings.weight", [c.typeVocabularySize, c.hiddenSize]).prefix(c.hiddenSize))
    embeddingNormWeight = try tensor("embeddings.LayerNorm.weight", [c.hiddenSize])
    embeddingNormBias = try tensor("embeddings.LayerNorm.bias", [c.hiddenSize])
    layers = try (0..<c.layerCount).map { try BertLayer(file, prefix: prefix, index: $0, configuration: c) }
  }

  /// The embedding width (384 for all-MiniLM-L6-v2).
  public var dimension: Int { configuration.hiddenSize }

  /// Token ids of `text` as ``embed(_:)`` feeds them to the model: `[CLS] … [SEP]`, at most ``maxSequenceLength``.
  public func tokenIDs(_ text: String) -> [Int32] { tokenizer.encode(text, maxLength: maxSequenceLength) }

  /// The number of WordPiece tokens of `text`, without `[CLS]`/`[SEP]` and without truncation.
  public func pieceCount(_ text: String) -> Int { tokenizer.pieceIDs(text).count }

  /// Embeds each text: tokenize, truncate to ``maxSequenceLength``, encode, mean-pool, L2-normalise.
  ///
  /// - Returns: One vector of ``dimension`` floats per text, unit length, in the order of `texts`.
  /// - Throws: ``InferenceError`` only for inputs the model cannot take (never for ordinary text).
  /// - Complexity: O(Σ *T*·(*h*² + *h*·*I*) + Σ *T*²·*h*) per layer.
  public func embed(_ texts: [String]) throws -> [[Float]] {
    try embed(tokenIDs: texts.map(tokenIDs))
  }

  /// Embeds sequences of token ids (each already framed by `[CLS]`/`[SEP]`), batching them by
  /// ``tokensPerBatch``.
  ///
  /// - Throws: ``InferenceError`` for an empty sequence, one longer than the model's positions, or an id
  ///   outside the vocabulary.
  public func embed(tokenIDs sequences: [[Int32]]) throws -> [[Float]] {
    for (index, ids) in sequences.enumerated() {
      guard !ids.isEmpty, ids.count <= configuration.maxPositions else {
        throw InferenceError("sequence \(index) has \(ids.count) tokens; the model takes 1...\(configuration.maxPositions)")
      }
      if let bad = ids.first(where: { $0 < 0 || Int($0) >= configuration.vocabularySize }) {
        throw InferenceError("sequence \(index) has token id \(bad) outside 0..<\(configuration.vocabularySize)")
      }
    }
    var result: [[Float]] = []
    result.reserveCapacity(sequences.count)
    var start = 0
    while start < sequences.count {
      var end = start
      var tokens = 0
      while end < sequences.count && (end == start || tokens + sequences[end].count <= tokensPerBatch) {
        tokens += sequences[end].count
        end += 1
      }
      result += forward(Array(sequences[start..<end]))
      start = end
    }
    return result
  }

  /// Embeds a padded batch as Hugging Face models take it: rows of equal length and an attention mask (1 for a
  /// token, 0 for padding), pooling each row over its unmasked tokens.
  ///
  /// Masked tokens are hidden from attention and from pooling, so a right-padded row gives the same vector as
  /// ``embed(tokenIDs:)`` on the unpadded ids.
  ///
  /// - Throws: ``InferenceError`` when the mask's shape differs from the ids', a row has no unmasked token, or an
  ///   id is outside the vocabulary or a row longer than the model's positions.
  public func embed(paddedTokenIDs rows: [[Int32]], attentionMask: [[UInt8]]) throws -> [[Float]] {
    guard rows.count == attentionMask.count, zip(rows, attentionMask).allSatisfy({ $0.count == $1.count }) else {
      throw InferenceError("the attention mask's shape differs from the token ids'")
    }
    for (index, (ids, mask)) in zip(rows, attentionMask).enumerated() {
      guard !ids.isEmpty, ids.count <= configuration.maxPositions, mask.contains(where: { $0 != 0 }) else {
        throw InferenceError("row \(index) has \(ids.count) tokens, or none unmasked; the model takes 1...\(configuration.maxPositions)")
      }
      if let bad = ids.first(where: { $0 < 0 || Int($0) >= configuration.vocabularySize }) {
        throw InferenceError("row \(index) has token id \(bad) outside 0..<\(configuration.vocabularySize)")
      }
    }
    guard !rows.isEmpty else { return [] }
    return forward(rows, masks: attentionMask)
  }

  /// Runs the encoder over one ragged batch of validated sequences and pools each over its tokens whose mask is
  /// nonzero (all of them when `masks` is `nil`).
  func forward(_ sequences: [[Int32]], masks: [[UInt8]]? = nil) -> [[Float]] {
    let c = configuration
    let h = c.hiddenSize
    let n = sequences.reduce(0) { $0 + $1.count }
    var ranges: [Range<Int>] = []
    var offset = 0
    for ids in sequences {
      ranges.append(offset..<offset + ids.count)
      offset += ids.count
    }
    // Activations for the whole batch, allocated once per call.
    let hidden = UnsafeMutablePointer<Float>.allocate(capacity: n * h)  // [N, h]
    let qkv = UnsafeMutablePointer<Float>.allocate(capacity: n * 3 * h)  // [N, 3h]
    let context = UnsafeMutablePointer<Float>.allocate(capacity: n * h)  // [N, h]
    let projected = UnsafeMutablePointer<Float>.allocate(capacity: n * h)  // [N, h]
    let intermediate = UnsafeMutablePointer<Float>.allocate(capacity: n * c.intermediateSize)  // [N, I]
    // Per row of the batch, whether it is a token (1) or padding (0); nil when nothing is masked.
    let flatMask: [UInt8]? = masks.map { $0.flatMap { $0 } }
    let keyMask: UnsafeMutablePointer<UInt8>? = flatMask.map { mask in
      let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, n))
      pointer.initialize(from: mask, count: n)
      return pointer
    }
    defer {
      keyMask?.deallocate()
      hidden.deallocate()
      qkv.deallocate()
      context.deallocate()
      projected.deallocate()
      intermediate.deallocate()
    }

    // Embeddings: word + position (within the sequence) + token type 0, then LayerNorm.
    for (sequence, ids) in sequences.enumerated() {
      for (position, id) in ids.enumerated() {
        let row = hidden + (ranges[sequence].lowerBound + position) * h
        let word = Int(id) * h
        let place = position * h
        for j in 0..<h { row[j] = wordEmbeddings[word + j] + positionEmbeddings[place + j] + tokenTypeEmbedding[j] }
      }
    }
    embeddingNormWeight.withUnsafeBufferPointer { gamma in
      embeddingNormBias.withUnsafeBufferPointer { beta in
        layerNorm(hidden, rowCount: n, gamma: gamma.baseAddress!, beta: beta.baseAddress!)
      }
    }

    for layer in layers {
      // Self-attention: fused Q/K/V projection, attention per sequence and head, output projection.
      layer.qkvBias.withUnsafeBufferPointer { bias in
        Dense.matmul(hidden, rowCount: n, rowStride: h, layer.qkv, bias: bias.baseAddress, into: qkv,
          outputStride: 3 * h, threadCount: threadCount)
      }
      Dense.attention(
        queries: qkv, keys: qkv + h, values: qkv + 2 * h, rowStride: 3 * h, output: context, outputStride: h,
        sequences: ranges, keyMask: keyMask.map { UnsafePointer($0) }, headCount: c.headCount, headSize: c.headSize,
        threadCount: threadCount)
      layer.attentionOutputBias.withUnsafeBufferPointer { bias in
        Dense.matmul(context, rowCount: n, rowStride: h, layer.attentionOutput, bias: bias.baseAddress,
          into: projected, outputStride: h, threadCount: threadCount)
      }
      Dense.add(hidden, projected, count: n * h)
      layer.attentionNormWeight.withUnsafeBufferPointer { gamma in
        layer.attentionNormBias.withUnsafeBufferPointer { beta in
          layerNorm(hidden, rowCount: n, gamma: gamma.baseAddress!, beta: beta.baseAddress!)
        }
      }
      // Feed-forward: intermediate with GELU, output projection, residual, LayerNorm.
      layer.intermediateBias.withUnsafeBufferPointer { bias in
        Dense.matmul(hidden, rowCount: n, rowStride: h, layer.intermediate, bias: bias.baseAddress,
          activation: .gelu, into: intermediate, outputStride: c.intermediateSize, threadCount: threadCount)
      }
      layer.outputBias.withUnsafeBufferPointer { bias in
        Dense.matmul(intermediate, rowCount: n, rowStride: c.intermediateSize, layer.output, bias: bias.baseAddress,
          into: projected, outputStride: h, threadCount: threadCount)
      }
      Dense.add(hidden, projected, count: n * h)
      layer.outputNormWeight.withUnsafeBufferPointer { gamma in
        layer.outputNormBias.withUnsafeBufferPointer { beta in
          layerNorm(hidden, rowCount: n, gamma: gamma.baseAddress!, beta: beta.baseAddress!)
        }
      }
    }

    // Mean pooling over every token of the sequence (all are unmasked), then L2 normalisation.
    return ranges.map { range in
      var pooled = [Float](repeating: 0, count: h)
      var tokenCount = 0
      for t in range where flatMask?[t] ?? 1 != 0 {
        let row = hidden + t * h
        for j in 0..<h { pooled[j] += row[j] }
        tokenCount += 1
      }
      let scale = 1 / Float(max(1, tokenCount))
      var norm: Float = 0
      for j in 0..<h {
        pooled[j] *= scale
        norm += pooled[j] * pooled[j]
      }
      // sentence-transformers' Normalize divides by max(norm, 1e-12).
      let inverse = 1 / max(norm.squareRoot(), 1e-12)
      for j in 0..<h { pooled[j] *= inverse }
      return pooled
    }
  }

  /// LayerNorm of `rowCount` rows of `hidden` in place, split across threads by rows.
  func layerNorm(_ x: UnsafeMutablePointer<Float>, rowCount: Int, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>) {
    let h = configuration.hiddenSize
    let epsilon = configuration.layerNormEpsilon
    let box = UnsafeSendable((x, gamma, beta))
    parallelRows(rowCount, threadCount: threadCount, minimumRowsPerTask: 64) { rows in
      let (x, gamma, beta) = box.value
      let start = x + rows.lowerBound * h
      Dense.layerNorm(start, rowCount: rows.count, columnCount: h, gamma: gamma, beta: beta, epsilon: epsilon,
        into: start)
    }
  }
}
