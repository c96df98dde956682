// Scratch buffers of the forward pass (llama2.c's `RunState`), all allocated when a session starts.

import Foundation

/// The activations of one forward pass over up to `B` tokens at once.
///
/// Shapes use the legend of ``DecoderConfig`` plus `B` = ``batchCapacity`` (tokens per batch),
/// `P` = context capacity, `N` = threads, `R` = rotated dimensions per head.
final class RunState {
  /// `B`.
  let batchCapacity: Int
  /// The residual stream, `[B][C]`.
  let x: UnsafeMutablePointer<Float>
  /// `x` after a norm, `[B][C]`.
  let xb: UnsafeMutablePointer<Float>
  /// A block's output before the residual add (attention output projection, FFN down), `[B][C]`.
  let xb2: UnsafeMutablePointer<Float>
  /// Queries, `[B][H·D]`.
  let q: UnsafeMutablePointer<Float>
  /// Keys of the batch before they are stored transposed in the cache, `[B][G·D]`.
  let k: UnsafeMutablePointer<Float>
  /// Attention output per head, `[B][H·D]`.
  let attention: UnsafeMutablePointer<Float>
  /// FFN gate projection, then the gated activation, `[B][F]`.
  let gate: UnsafeMutablePointer<Float>
  /// FFN up projection, `[B][F]`.
  let up: UnsafeMutablePointer<Float>
  /// Attention scores, one row per thread, `[N][P]`.
  let scores: UnsafeMutablePointer<Float>
  /// Logits of the last token, `[V]`.
  let logits: UnsafeMutablePointer<Float>
  /// `cos θ` per position and rotated pair on global layers, `[P][R/2]`.
  let ropeCos: UnsafeMutablePointer<Float>
  /// `sin θ`, `[P][R/2]`.
  let ropeSin: UnsafeMutablePointer<Float>
  /// `cos θ` on sliding-window layers (their own base), `[P][R/2]`; the global table when there are none.
  let ropeCosLocal: UnsafeMutablePointer<Float>
  /// `sin θ` on sliding-window layers, `[P][R/2]`.
  let ropeSinLocal: UnsafeMutablePointer<Float>
  private var allocations: [UnsafeMutablePointer<Float>] = []

  /// Allocates every buffer and fills the RoPE tables.
  init(config: DecoderConfig, batchCapacity B: Int, contextCapacity P: Int, threadCount N: Int) {
    func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
      let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
      pointer.initialize(repeating: 0, count: max(count, 1))
      return pointer
    }
    let (C, F, V) = (config.embeddingLength, config.feedForwardLength, config.vocabularyCount)
    let half = config.ropeDimensionCount / 2
    batchCapacity = B
    x = buffer(B * C)
    xb = buffer(B * C)
    xb2 = buffer(B * C)
    q = buffer(B * config.queryDim)
    k = buffer(B * config.kvDim)
    attention = buffer(B * config.queryDim)
    gate = buffer(B * F)
    up = buffer(B * F)
    scores = buffer(N * P)
    logits = buffer(V)
    ropeCos = buffer(P * half)
    ropeSin = buffer(P * half)
    allocations = [x, xb, xb2, q, k, attention, gate, up, scores, logits, ropeCos, ropeSin]
    Self.fillRoPE(
      cos: ropeCos, sin: ropeSin, positions: P, config: config, base: config.ropeBase, scale: config.ropeLinearScale)
    if config.slidingWindow != nil {
      ropeCosLocal = buffer(P * half)
      ropeSinLocal = buffer(P * half)
      allocations += [ropeCosLocal, ropeSinLocal]
      Self.fillRoPE(
        cos: ropeCosLocal, sin: ropeSinLocal, positions: P, config: config, base: config.ropeBaseLocal, scale: 1)
    } else {
      ropeCosLocal = ropeCos
      ropeSinLocal = ropeSin
    }
  }

  deinit {
    for pointer in allocations { pointer.deallocate() }
  }

  /// `θᵢ(p) = (p / scale) · base^(−2i/R)`, computed in Double so long contexts keep their precision.
  private static func fillRoPE(
    cos: UnsafeMutablePointer<Float>, sin: UnsafeMutablePointer<Float>, positions: Int, config: DecoderConfig,
    base: Float, scale: Float
  ) {
    let rotated = config.ropeDimensionCount
    let half = rotated / 2
    for i in 0..<half {
      let frequency = Foundation.pow(Double(base), -2 * Double(i) / Double(rotated))
      for p in 0..<positions {
        let angle = Double(p) / Double(scale) * frequency
        cos[p * half + i] = Float(Foundation.cos(angle))
        sin[p * half + i] = Float(Foundation.sin(angle))
      }
    }
  }
}
