// Hyperparameters of a decoder, read from GGUF metadata (`{arch}.…` keys).

/// The hyperparameters of a decoder model (llama2.c's `Config`), read from a GGUF file's metadata.
///
/// Legend used in shape comments across `Inference`: `C` = ``embeddingLength``, `F` = ``feedForwardLength``,
/// `H` = ``headCount``, `G` = ``kvHeadCount``, `D` = ``headDim``, `V` = ``vocabularyCount``, `L` = ``layerCount``.
public struct DecoderConfig: Sendable, Equatable {
  /// The model family.
  public var architecture: DecoderArchitecture
  /// `L`, transformer blocks (`{arch}.block_count`).
  public var layerCount: Int
  /// `C`, the width of the residual stream (`{arch}.embedding_length`).
  public var embeddingLength: Int
  /// `F`, the hidden width of the feed-forward network (`{arch}.feed_forward_length`).
  public var feedForwardLength: Int
  /// `H`, query heads (`{arch}.attention.head_count`).
  public var headCount: Int
  /// `G`, key/value heads (`{arch}.attention.head_count_kv`, default `H`).
  public var kvHeadCount: Int
  /// `D`, the width of one head (`{arch}.attention.key_length`, default `C / H`).
  public var headDim: Int
  /// `V`, vocabulary entries (the rows of `token_embd`).
  public var vocabularyCount: Int
  /// Positions the model was trained for (`{arch}.context_length`).
  public var contextLength: Int
  /// RMSNorm's `ε` (`{arch}.attention.layer_norm_rms_epsilon`).
  public var rmsEpsilon: Float
  /// RoPE's base frequency on global layers (`{arch}.rope.freq_base`, default 10,000).
  public var ropeBase: Float
  /// RoPE's base frequency on sliding-window layers (`{arch}.rope.freq_base_swa`; Gemma 3 uses 10,000).
  public var ropeBaseLocal: Float
  /// Dimensions of each head that RoPE rotates (`{arch}.rope.dimension_count`, default `D`).
  public var ropeDimensionCount: Int
  /// Divides positions before RoPE (`{arch}.rope.scaling.factor` with linear scaling; 1 otherwise).
  public var ropeLinearScale: Float
  /// Keys a sliding-window layer sees (`{arch}.attention.sliding_window`), or `nil` without local layers.
  public var slidingWindow: Int?
  /// One layer in this many is global; the others use ``slidingWindow`` (Gemma 3: 6, so layers 5, 11, … are
  /// global). Only meaningful with a window.
  public var slidingWindowPattern: Int
  /// Multiplies every attention score `q·k` (Gemma 3: `1/√D` as for the others, except 27B).
  public var attentionScale: Float

  /// Query width `H·D`.
  public var queryDim: Int { headCount * headDim }
  /// Key/value width `G·D` of one position in the cache.
  public var kvDim: Int { kvHeadCount * headDim }

  /// Whether layer `layer` attends through the sliding window (with ``ropeBaseLocal``).
  public func isSlidingWindowLayer(_ layer: Int) -> Bool {
    guard slidingWindow != nil, slidingWindowPattern > 0 else { return false }
    return layer % slidingWindowPattern < slidingWindowPattern - 1
  }

  /// Reads the hyperparameters of `architecture` from metadata.
  ///
  /// - Parameters:
  ///   - architecture: The value of `general.architecture`.
  ///   - vocabularyCount: Rows of `token_embd` (the metadata's `vocab_size` is optional).
  ///   - integer: The integer value of a metadata key, or `nil` when absent or not an integer.
  ///   - float: The floating-point value of a metadata key, or `nil` when absent or not a number.
  /// - Throws: ``InferenceError`` when the architecture is not supported or a required key is missing or out of
  ///   range.
  public init(
    architecture name: String, vocabularyCount: Int, integer: (String) -> Int?, float: (String) -> Float?
  ) throws {
    guard let architecture = DecoderArchitecture(rawValue: name) else {
      throw InferenceError(
        "unsupported architecture '\(name)'; Docent runs \(DecoderArchitecture.allCases.map(\.rawValue))")
    }
    func required(_ key: String, _ range: ClosedRange<Int>) throws -> Int {
      guard let value = integer("\(name).\(key)") else {
        throw InferenceError("the model file lacks '\(name).\(key)'")
      }
      guard range.contains(value) else {
        throw InferenceError("'\(name).\(key)' is \(value), outside \(range.lowerBound)...\(range.upperBound)")
      }
      return value
    }
    self.architecture = architecture
    layerCount = try required("block_count", 1...1024)
    embeddingLength = try required("embedding_length", 1...65536)
    feedForwardLength = try required("feed_forward_length", 1...262_144)
    headCount = try required("attention.head_count", 1...1024)
    kvHeadCount = integer("\(name).attention.head_count_kv") ?? headCount
    headDim = integer("\(name).attention.key_length") ?? embeddingLength / headCount
    contextLength = try required("context_length", 1...(1 << 24))
    self.vocabularyCount = vocabularyCount
    rmsEpsilon = float("\(name).attention.layer_norm_rms_epsilon") ?? 1e-5
    ropeBase = float("\(name).rope.freq_base") ?? 10_000
    ropeDimensionCount = integer("\(name).rope.dimension_count") ?? headDim
    ropeLinearScale = 1
    if let factor = float("\(name).rope.scaling.factor"), factor > 0 {
      ropeLinearScale = factor
    }
    slidingWindow = nil
    slidingWindowPattern = 0
    ropeBaseLocal = ropeBase
    attentionScale = 1 / Float(headDim).squareRoot()
    if architecture == .gemma3 {
      if let window = integer("\(name).attention.sliding_window"), window > 0 {
        slidingWindow = window
        slidingWindowPattern = integer("\(name).attention.sliding_window_pattern") ?? 6
        ropeBaseLocal = float("\(name).rope.freq_base_swa") ?? 10_000
      }
      if layerCount == 62 {  // Gemma 3 27B scales by the query width per head instead of the key length.
        attentionScale = 1 / Float(embeddingLength / headCount).squareRoot()
      }
    }
    guard kvHeadCount >= 1, headCount % kvHeadCount == 0 else {
      throw InferenceError("\(headCount) query heads cannot share \(kvHeadCount) key/value heads evenly")
    }
    guard headDim >= 2, headDim <= 1024, ropeDimensionCount % 2 == 0, ropeDimensionCount <= headDim else {
      throw InferenceError("head width \(headDim) with \(ropeDimensionCount) rotated dimensions is not supported")
    }
  }
}
