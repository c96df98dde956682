// The weights of a decoder (llama2.c's `TransformerWeights`), named after their GGUF tensors. Matrices stay
// quantized in the memory-mapped file; only the small norm vectors and biases are copied out as Float.

/// The weights of one transformer block, `blk.N.*` in GGUF.
struct LayerWeights {
  /// `attn_norm`: RMSNorm before attention, `[C]`.
  var attnNorm: [Float]
  /// `attn_q`: `[H·D][C]` (rows × columns: output × input).
  var attnQ: WeightMatrix
  /// `attn_k`: `[G·D][C]`.
  var attnK: WeightMatrix
  /// `attn_v`: `[G·D][C]`.
  var attnV: WeightMatrix
  /// `attn_q.bias` (qwen2), `[H·D]`.
  var attnQBias: [Float]?
  /// `attn_k.bias` (qwen2), `[G·D]`.
  var attnKBias: [Float]?
  /// `attn_v.bias` (qwen2), `[G·D]`.
  var attnVBias: [Float]?
  /// `attn_q_norm` (gemma3): RMSNorm of each query head, `[D]`.
  var attnQNorm: [Float]?
  /// `attn_k_norm` (gemma3): RMSNorm of each key head, `[D]`.
  var attnKNorm: [Float]?
  /// `attn_output`: `[C][H·D]`.
  var attnOutput: WeightMatrix
  /// `post_attention_norm` (gemma3): RMSNorm of the attention output before the residual add, `[C]`.
  var postAttentionNorm: [Float]?
  /// `ffn_norm`: RMSNorm before the feed-forward network, `[C]`.
  var ffnNorm: [Float]
  /// `ffn_gate`: `[F][C]`.
  var ffnGate: WeightMatrix
  /// `ffn_up`: `[F][C]`.
  var ffnUp: WeightMatrix
  /// `ffn_down`: `[C][F]`.
  var ffnDown: WeightMatrix
  /// `post_ffw_norm` (gemma3): RMSNorm of the FFN output before the residual add, `[C]`.
  var postFFNNorm: [Float]?
}

/// All weights of a decoder.
struct DecoderWeights {
  /// `token_embd`: `[V][C]`, one row per token.
  var tokenEmbedding: WeightMatrix
  /// `blk.0` … `blk.{L-1}`.
  var layers: [LayerWeights]
  /// `output_norm`: the final RMSNorm, `[C]`.
  var outputNorm: [Float]
  /// `output`: `[V][C]`, or `token_embd` itself when the file has none (a tied head).
  var output: WeightMatrix

  /// Looks up every tensor the architecture needs and checks its shape against `config`.
  ///
  /// - Parameters:
  ///   - config: The hyperparameters the shapes must match.
  ///   - tensor: The tensor named `name`, or `nil` if the file has none.
  /// - Throws: ``InferenceError`` naming the first tensor that is missing or has the wrong shape or type.
  init(config: DecoderConfig, tensor: (String) throws -> TensorData?) throws {
    let (C, F, V) = (config.embeddingLength, config.feedForwardLength, config.vocabularyCount)
    let (qDim, kvDim, D) = (config.queryDim, config.kvDim, config.headDim)
    func matrix(_ name: String, rows: Int, columns: Int) throws -> WeightMatrix {
      guard let data = try tensor(name) else { throw InferenceError("the model file lacks tensor '\(name)'") }
      return try WeightMatrix(name: name, data: data, rowCount: rows, columnCount: columns)
    }
    func vector(_ name: String, count: Int) throws -> [Float] {
      guard let data = try tensor(name) else { throw InferenceError("the model file lacks tensor '\(name)'") }
      return try WeightMatrix(name: name, data: data, rowCount: 1, columnCount: count).dequantizedRow(0)
    }
    func optionalVector(_ name: String, count: Int) throws -> [Float]? {
      try tensor(name) == nil ? nil : try vector(name, count: count)
    }
    tokenEmbedding = try matrix("token_embd.weight", rows: V, columns: C)
    outputNorm = try vector("output_norm.weight", count: C)
    output = try tensor("output.weight") == nil ? tokenEmbedding : try matrix("output.weight", rows: V, columns: C)
    let isGemma = config.architecture == .gemma3
    layers = try (0..<config.layerCount).map { i in
      let p = "blk.\(i)."
      return LayerWeights(
        attnNorm: try vector(p + "attn_norm.weight", count: C),
        attnQ: try matrix(p + "attn_q.weight", rows: qDim, columns: C),
        attnK: try matrix(p + "attn_k.weight", rows: kvDim, columns: C),
        attnV: try matrix(p + "attn_v.weight", rows: kvDim, columns: C),
        attnQBias: try optionalVector(p + "attn_q.bias", count: qDim),
        attnKBias: try optionalVector(p + "attn_k.bias", count: kvDim),
        attnVBias: try optionalVector(p + "attn_v.bias", count: kvDim),
        attnQNorm: isGemma ? try vector(p + "attn_q_norm.weight", count: D) : nil,
        attnKNorm: isGemma ? try vector(p + "attn_k_norm.weight", count: D) : nil,
        attnOutput: try matrix(p + "attn_output.weight", rows: C, columns: qDim),
        postAttentionNorm: isGemma ? try vector(p + "post_attention_norm.weight", count: C) : nil,
        ffnNorm: try vector(p + "ffn_norm.weight", count: C),
        ffnGate: try matrix(p + "ffn_gate.weight", rows: F, columns: C),
        ffnUp: try matrix(p + "ffn_up.weight", rows: F, columns: C),
        ffnDown: try matrix(p + "ffn_down.weight", rows: C, columns: F),
        postFFNNorm: isGemma ? try vector(p + "post_ffw_norm.weight", count: C) : nil)
    }
  }
}
