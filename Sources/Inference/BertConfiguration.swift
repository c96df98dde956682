// The hyperparameters of a BERT encoder, read from a Hugging Face config.json.

public import Foundation

/// The shape of a BERT encoder (`config.json`), e.g. all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads,
/// intermediate 1536, 512 positions.
public struct BertConfiguration: Sendable, Equatable {
  /// Tokens in the vocabulary (`vocab_size`).
  public var vocabularySize: Int
  /// Width of every hidden state (`hidden_size`).
  public var hiddenSize: Int
  /// Transformer layers (`num_hidden_layers`).
  public var layerCount: Int
  /// Attention heads per layer (`num_attention_heads`); `hiddenSize` is a multiple of it.
  public var headCount: Int
  /// Width of the feed-forward layer (`intermediate_size`).
  public var intermediateSize: Int
  /// Positions with an embedding (`max_position_embeddings`), the longest input.
  public var maxPositions: Int
  /// Token types with an embedding (`type_vocab_size`).
  public var typeVocabularySize: Int
  /// The LayerNorm epsilon (`layer_norm_eps`).
  public var layerNormEpsilon: Float

  /// Floats per head.
  public var headSize: Int { hiddenSize / headCount }

  /// Creates a configuration from its values.
  public init(
    vocabularySize: Int, hiddenSize: Int, layerCount: Int, headCount: Int, intermediateSize: Int, maxPositions: Int,
    typeVocabularySize: Int = 2, layerNormEpsilon: Float = 1e-12
  ) {
    self.vocabularySize = vocabularySize
    self.hiddenSize = hiddenSize
    self.layerCount = layerCount
    self.headCount = headCount
    self.intermediateSize = intermediateSize
    self.maxPositions = maxPositions
    self.typeVocabularySize = typeVocabularySize
    self.layerNormEpsilon = layerNormEpsilon
  }

  /// Reads `config.json` bytes.
  ///
  /// - Throws: ``InferenceError`` when a field is missing or not a positive integer, the heads do not divide the
  ///   hidden size, or the model is not an absolute-position BERT with GELU.
  public init(json data: Data) throws {
    guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw InferenceError("config.json is not a JSON object")
    }
    func count(_ key: String, default value: Int? = nil) throws -> Int {
      if let number = root[key] as? Int, number > 0, number < 1 << 24 { return number }
      if root[key] == nil, let value { return value }
      throw InferenceError("config.json: \(key) is missing or not a positive integer")
    }
    if let activation = root["hidden_act"] as? String, activation != "gelu" {
      throw InferenceError("config.json: hidden_act \(activation) is not supported (only gelu)")
    }
    if let position = root["position_embedding_type"] as? String, position != "absolute" {
      throw InferenceError("config.json: position_embedding_type \(position) is not supported (only absolute)")
    }
    self.init(
      vocabularySize: try count("vocab_size"), hiddenSize: try count("hidden_size"),
      layerCount: try count("num_hidden_layers"), headCount: try count("num_attention_heads"),
      intermediateSize: try count("intermediate_size"), maxPositions: try count("max_position_embeddings"),
      typeVocabularySize: try count("type_vocab_size", default: 2),
      layerNormEpsilon: (root["layer_norm_eps"] as? Double).map(Float.init) ?? 1e-12)
    guard hiddenSize % headCount == 0 else {
      throw InferenceError("config.json: hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(headCount)")
    }
  }
}
