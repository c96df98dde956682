// The forward pass of a decoder over a prefix-reusing KV cache (llama2.c's `forward`, batched).
// Legend as in DecoderConfig: C, F, H, G, D, V, L; T = tokens in the current batch, S = their first position.

public import Kernels

/// A decoding session: one model, its KV cache and scratch buffers, evaluating one token sequence at a time.
///
/// ``evaluate(_:isCancelled:)`` compares the new prompt with the tokens already cached and recomputes only the
/// suffix after their longest common prefix, in batches of up to ``batchCapacity`` tokens (matrix-matrix
/// products); ``append(_:)`` adds one generated token (matrix-vector products). Afterwards ``logits`` holds the
/// next-token logits of the last position.
///
/// Everything is allocated in `init`; evaluation allocates nothing per token. Not thread-safe: use it from one
/// thread (the ``Generator`` actor's).
public final class DecoderSession {
  /// The model.
  public let model: DecoderModel
  /// Threads the kernels split their rows over.
  public let threadCount: Int
  /// How single-token products read their activations: `.int8` (the default) rounds them to 8 bits for the weight
  /// types with integer kernels, as llama.cpp does, which is faster and moves logits by a few hundredths;
  /// `.float` keeps every product in Float (the exact-reference tests use it).
  public let activations: ActivationPrecision
  let cache: KVCache
  let state: RunState

  /// Positions the session can hold: prompt plus generated tokens.
  public var contextCapacity: Int { cache.capacity }
  /// Tokens per batch of prompt processing.
  public var batchCapacity: Int { state.batchCapacity }
  /// The tokens whose keys and values are cached, in order.
  public var cachedTokens: [Int32] { cache.tokens }
  /// Bytes of the KV cache.
  public var cacheByteCount: Int { cache.byteCount }

  /// The next-token logits after the last evaluated position, `[V]`; valid until the next call.
  public var logits: UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: state.logits, count: model.config.vocabularyCount)
  }

  /// Allocates the cache and scratch buffers.
  ///
  /// - Parameters:
  ///   - model: The model to run.
  ///   - contextCapacity: Positions to cache; clamped to `1...model.config.contextLength`.
  ///   - batchCapacity: Prompt tokens per forward batch (larger batches amortize weight reads, but cost memory).
  ///   - threadCount: Threads for the kernels.
  ///   - activations: How single-token products read their activations.
  public init(
    model: DecoderModel, contextCapacity: Int = 4096, batchCapacity: Int = 256, threadCount: Int,
    activations: ActivationPrecision = .int8
  ) {
    let config = model.config
    let capacity = max(1, min(contextCapacity, config.contextLength))
    self.model = model
    self.threadCount = max(1, threadCount)
    self.activations = activations
    cache = KVCache(layerCount: config.layerCount, capacity: capacity, kvDim: config.kvDim)
    state = RunState(
      config: config, batchCapacity: max(1, min(batchCapacity, capacity)), contextCapacity: capacity,
      threadCount: self.threadCount)
  }

  /// Makes the cache hold exactly `tokens` and ``logits`` the prediction after them, recomputing only what
  /// differs from the tokens cached before.
  ///
  /// - Parameters:
  ///   - tokens: The whole sequence (not only the new part), at most ``contextCapacity`` tokens.
  ///   - isCancelled: Polled between batches; `true` stops with `CancellationError` (the batches done stay cached).
  /// - Returns: How many leading tokens were reused from the cache.
  /// - Throws: ``InferenceError`` for an empty or too long sequence or a token outside the vocabulary;
  ///   `CancellationError`.
  @discardableResult
  public func evaluate(_ tokens: [Int32], isCancelled: () -> Bool = { false }) throws -> Int {
    guard !tokens.isEmpty else { throw InferenceError("cannot evaluate an empty token sequence") }
    guard tokens.count <= contextCapacity else {
      throw InferenceError("\(tokens.count) tokens do not fit the context of \(contextCapacity) positions")
    }
    try checkVocabulary(tokens)
    // The last token is always recomputed: its logits are not cached.
    let reused = min(cache.commonPrefixCount(with: tokens), tokens.count - 1)
    cache.truncate(to: reused)
    var position = reused
    while position < tokens.count {
      if isCancelled() { throw CancellationError() }
      let end = min(tokens.count, position + batchCapacity)
      tokens.withUnsafeBufferPointer { buffer in
        forward(UnsafeBufferPointer(rebasing: buffer[position..<end]), startPosition: position)
      }
      cache.tokens.append(contentsOf: tokens[position..<end])
      position = end
    }
    return reused
  }

  /// Appends one token after the cached ones and updates ``logits`` (a single-token forward pass).
  ///
  /// - Throws: ``InferenceError`` when the context is full or the token is outside the vocabulary.
  public func append(_ token: Int32) throws {
    guard cache.tokens.count < contextCapacity else {
      throw InferenceError("the context of \(contextCapacity) positions is full")
    }
    try checkVocabulary([token])
    withUnsafePointer(to: token) { pointer in
      forward(UnsafeBufferPointer(start: pointer, count: 1), startPosition: cache.tokens.count)
    }
    cache.tokens.append(token)
  }

  /// Forgets every cached token, so the next evaluation starts from scratch.
  public func reset() { cache.truncate(to: 0) }

  private func checkVocabulary(_ tokens: [Int32]) throws {
    let V = model.config.vocabularyCount
    if let bad = tokens.first(where: { $0 < 0 || Int($0) >= V }) {
      throw InferenceError("token id \(bad) is outside the vocabulary of \(V) entries")
    }
  }

  /// Runs the T = `tokens.count` tokens at positions `S..<S+T` through every layer, writing their keys and values
  /// into the cache and the logits of the last one into `state.logits`.
  private func forward(_ tokens: UnsafeBufferPointer<Int32>, startPosition S: Int) {
    let config = model.config
    let weights = model.weights
    let s = state
    let T = tokens.count
    let (C, F, H, G, D) = (
      config.embeddingLength, config.feedForwardLength, config.headCount, config.kvHeadCount, config.headDim
    )
    let (qDim, kvDim, eps) = (config.queryDim, config.kvDim, config.rmsEpsilon)
    let half = config.ropeDimensionCount / 2
    let threads = threadCount
    let precision = activations

    // Token embeddings; Gemma scales them by √C (its embedding table is shared with the output head).
    for t in 0..<T {
      weights.tokenEmbedding.dequantizeRow(Int(tokens[t]), into: s.x + t * C)
    }
    if config.architecture == .gemma3 {
      let scale = Float(C).squareRoot()
      for i in 0..<(T * C) { s.x[i] *= scale }
    }

    for (l, layer) in weights.layers.enumerated() {
      let isLocal = config.isSlidingWindowLayer(l)
      let keys = cache.keys(layer: l), values = cache.values(layer: l)
      let newKeys = s.k, newValues = values + S * kvDim  // [T][G·D]; values go straight to cache rows S..<S+T

      // Attention: xb = norm(x); q, k, v = xb·Wᵀ (+ bias); per-head q/k norm (gemma3); RoPE.
      normalizeRows(s.x, weight: layer.attnNorm, rows: T, width: C, epsilon: eps, into: s.xb)
      matmul(
        layer.attnQ.product(into: s.q), layer.attnK.product(into: newKeys), layer.attnV.product(into: newValues),
        columnCount: C, x: s.xb, batchCount: T, threadCount: threads, activations: precision)
      addBias(layer.attnQBias, to: s.q, rows: T, width: qDim)
      addBias(layer.attnKBias, to: newKeys, rows: T, width: kvDim)
      addBias(layer.attnVBias, to: newValues, rows: T, width: kvDim)
      normalizeHeads(s.q, weight: layer.attnQNorm, headCount: T * H, headDim: D, epsilon: eps)
      normalizeHeads(newKeys, weight: layer.attnKNorm, headCount: T * G, headDim: D, epsilon: eps)
      let cosTable = isLocal ? s.ropeCosLocal : s.ropeCos
      let sinTable = isLocal ? s.ropeSinLocal : s.ropeSin
      let style = config.architecture.ropeStyle
      for t in 0..<T {
        let cos = UnsafeBufferPointer(start: cosTable + (S + t) * half, count: half)
        let sin = UnsafeBufferPointer(start: sinTable + (S + t) * half, count: half)
        rope(
          UnsafeMutableBufferPointer(start: s.q + t * qDim, count: qDim), headCount: H, headDim: D, cos: cos, sin: sin,
          style: style)
        rope(
          UnsafeMutableBufferPointer(start: newKeys + t * kvDim, count: kvDim), headCount: G, headDim: D, cos: cos,
          sin: sin, style: style)
      }
      storeTransposedKeys(
        newKeys, tokenCount: T, width: kvDim, into: keys, capacity: cache.capacity, startPosition: S)
      let shape = AttentionShape(
        tokenCount: T, startPosition: S, headCount: H, kvHeadCount: G, headDim: D,
        window: isLocal ? config.slidingWindow : nil, scale: config.attentionScale)
      attention(
        queries: s.q, transposedKeys: keys, keyCapacity: cache.capacity, values: values, output: s.attention,
        shape: shape, scratch: s.scores, threadCount: threads)
      layer.attnOutput.multiply(
        s.attention, tokenCount: T, into: s.xb2, threadCount: threads, activations: precision)
      normalizeRows(s.xb2, weight: layer.postAttentionNorm, rows: T, width: C, epsilon: eps)
      add(s.x, s.xb2, count: T * C)

      // Feed-forward: xb = norm(x); down(act(gate(xb)) ⊙ up(xb)).
      normalizeRows(s.x, weight: layer.ffnNorm, rows: T, width: C, epsilon: eps, into: s.xb)
      matmul(
        layer.ffnGate.product(into: s.gate), layer.ffnUp.product(into: s.up), columnCount: C, x: s.xb, batchCount: T,
        threadCount: threads, activations: precision)
      if config.architecture == .gemma3 {
        geluGate(s.gate, up: s.up, count: T * F)
      } else {
        siluGate(s.gate, up: s.up, count: T * F)
      }
      layer.ffnDown.multiply(s.gate, tokenCount: T, into: s.xb2, threadCount: threads, activations: precision)
      normalizeRows(s.xb2, weight: layer.postFFNNorm, rows: T, width: C, epsilon: eps)
      add(s.x, s.xb2, count: T * C)
    }

    // Only the last position's logits are needed: the next token follows it.
    normalizeRows(s.x + (T - 1) * C, weight: weights.outputNorm, rows: 1, width: C, epsilon: eps, into: s.xb)
    weights.output.multiply(s.xb, into: s.logits, threadCount: threads, activations: precision)
  }

  private func addBias(_ bias: [Float]?, to rows: UnsafeMutablePointer<Float>, rows count: Int, width: Int) {
    guard let bias else { return }
    bias.withUnsafeBufferPointer { b in
      for r in 0..<count { add(rows + r * width, b.baseAddress!, count: width) }
    }
  }

  /// RMSNorm of each of `headCount` consecutive `[D]` vectors with the same weight, in place.
  private func normalizeHeads(
    _ x: UnsafeMutablePointer<Float>, weight: [Float]?, headCount: Int, headDim: Int, epsilon: Float
  ) {
    normalizeRows(x, weight: weight, rows: headCount, width: headDim, epsilon: epsilon)
  }

  /// RMSNorm of each of `rows` consecutive `[width]` rows of `x` into `out` (in place without `out`); nothing
  /// without a weight.
  private func normalizeRows(
    _ x: UnsafeMutablePointer<Float>, weight: [Float]?, rows: Int, width: Int, epsilon: Float,
    into out: UnsafeMutablePointer<Float>? = nil
  ) {
    guard let weight else { return }
    let out = out ?? x
    weight.withUnsafeBufferPointer { w in
      for r in 0..<rows {
        rmsNorm(
          UnsafeBufferPointer(start: x + r * width, count: width), weight: w, epsilon: epsilon,
          into: UnsafeMutableBufferPointer(start: out + r * width, count: width))
      }
    }
  }
}
