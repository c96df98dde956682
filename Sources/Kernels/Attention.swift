// Causal multi-head attention over a KV cache, for a batch of new tokens.
// Legend: T = new tokens, S = their first position, P = S + T positions in the cache, H = query heads,
// G = key/value heads (H is a multiple of G: grouped-query attention), D = head dimension, W = sliding window.
// Contract: `attention` matches `Reference.attention` within 1e-5 relative (summation order and `exp` only).

import Dispatch

/// The sizes and options of one ``attention(queries:keys:values:output:shape:scratch:threadCount:)`` call.
public struct AttentionShape: Sendable {
  /// `T`, the new tokens.
  public var tokenCount: Int
  /// `S`, the position of the first new token; its keys and values are already in the cache.
  public var startPosition: Int
  /// `H`.
  public var headCount: Int
  /// `G`; `H` must be a multiple of it.
  public var kvHeadCount: Int
  /// `D`.
  public var headDim: Int
  /// `W`: a query at position `p` sees keys at `p - W + 1 ... p`; `nil` sees every earlier position.
  public var window: Int?
  /// Multiplies every score `q·k` before the softmax, usually `1/√D`.
  public var scale: Float

  /// Creates a shape.
  public init(
    tokenCount: Int, startPosition: Int, headCount: Int, kvHeadCount: Int, headDim: Int, window: Int?, scale: Float
  ) {
    self.tokenCount = tokenCount
    self.startPosition = startPosition
    self.headCount = headCount
    self.kvHeadCount = kvHeadCount
    self.headDim = headDim
    self.window = window
    self.scale = scale
  }

  /// The positions token `t` attends to.
  @inline(__always)
  func visiblePositions(ofToken t: Int) -> Range<Int> {
    let position = startPosition + t
    let first = window.map { max(0, position - $0 + 1) } ?? 0
    return first..<(position + 1)
  }
}

/// Writes, for every new token `t` and head `h`, `out[t][h] = Σⱼ softmax(scale · q[t][h]·k[j][g])ⱼ · v[j][g]`
/// over the visible positions `j ≤ S + t` (within the window), where `g = h / (H/G)`.
///
/// Work is split over the `T·H` (token, head) pairs; each thread uses its own row of `scratch` for the scores.
///
/// - Parameters:
///   - queries: `[T][H·D]`, already rotated.
///   - keys: The layer's key cache `[P][G·D]`, holding positions `0..<S+T`.
///   - values: The layer's value cache `[P][G·D]`.
///   - output: `[T][H·D]`.
///   - shape: The sizes.
///   - scratch: `[threadCount][P]` at least, for the scores.
///   - threadCount: The most threads to use.
public func attention(
  queries: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
  output: UnsafeMutablePointer<Float>, shape: AttentionShape, scratch: UnsafeMutablePointer<Float>,
  threadCount: Int
) {
  let pairs = shape.tokenCount * shape.headCount
  let taskCount = max(1, min(threadCount, pairs))
  let scratchStride = shape.startPosition + shape.tokenCount
  let box = UnsafeSendable((queries, keys, values, output, scratch))
  let run: @Sendable (Int) -> Void = { task in
    let (queries, keys, values, output, scratch) = box.value
    let scores = scratch + task * scratchStride
    for pair in (pairs * task / taskCount)..<(pairs * (task + 1) / taskCount) {
      attendOneHead(
        token: pair / shape.headCount, head: pair % shape.headCount, queries: queries, keys: keys, values: values,
        output: output, shape: shape, scores: scores)
    }
  }
  if taskCount == 1 {
    run(0)
  } else {
    DispatchQueue.concurrentPerform(iterations: taskCount) { run($0) }
  }
}

@inline(__always)
private func attendOneHead(
  token t: Int, head h: Int, queries: UnsafePointer<Float>, keys: UnsafePointer<Float>,
  values: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, shape: AttentionShape,
  scores: UnsafeMutablePointer<Float>
) {
  let D = shape.headDim
  let kvStride = shape.kvHeadCount * D
  let g = h / (shape.headCount / shape.kvHeadCount)
  let q = queries + (t * shape.headCount + h) * D
  let visible = shape.visiblePositions(ofToken: t)
  var maxScore = -Float.infinity
  for j in visible {
    let score = shape.scale * dot(q, keys + j * kvStride + g * D, count: D)
    scores[j - visible.lowerBound] = score
    maxScore = max(maxScore, score)
  }
  let sum = exponentiate(scores, count: visible.count, subtracting: maxScore)
  let out = output + (t * shape.headCount + h) * D
  out.update(repeating: 0, count: D)
  let inverse = 1 / sum
  for j in visible {
    let weight = scores[j - visible.lowerBound] * inverse
    let v = values + j * kvStride + g * D
    var i = 0
    while i + 8 <= D {
      let o = UnsafeMutableRawPointer(out + i)
      var acc = o.loadUnaligned(as: SIMD8<Float>.self)
      acc.addProduct(SIMD8(repeating: weight), UnsafeRawPointer(v + i).loadUnaligned(as: SIMD8<Float>.self))
      o.storeBytes(of: acc, as: SIMD8<Float>.self)
      i += 8
    }
    while i < D {
      out[i] += weight * v[i]
      i += 1
    }
  }
}

/// Replaces `x[i]` by `e^(x[i] − shift)` for `i` in `0..<count` and returns their sum.
@inline(__always)
private func exponentiate(_ x: UnsafeMutablePointer<Float>, count: Int, subtracting shift: Float) -> Float {
  let raw = UnsafeMutableRawPointer(x)
  var acc = SIMD16<Float>()
  var i = 0
  while i + 16 <= count {
    let e = exponential(load16(raw, 4 * i) - shift)
    store16(e, raw, 4 * i)
    acc += e
    i += 16
  }
  var sum = acc.sum()
  while i < count {
    x[i] = exponential(x[i] - shift)
    sum += x[i]
    i += 1
  }
  return sum
}

/// Returns `Σ x[i]·y[i]` over `0..<count`.
@inline(__always)
private func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
  var acc = SIMD8<Float>()
  var i = 0
  while i + 8 <= count {
    acc.addProduct(
      UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self),
      UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self))
    i += 8
  }
  var sum = acc.sum()
  while i < count {
    sum += x[i] * y[i]
    i += 1
  }
  return sum
}

extension Reference {
  /// The scalar twin of ``Kernels/attention(queries:keys:values:output:shape:scratch:threadCount:)``, with the
  /// same array layouts.
  public static func attention(queries: [Float], keys: [Float], values: [Float], shape: AttentionShape) -> [Float] {
    let (H, G, D) = (shape.headCount, shape.kvHeadCount, shape.headDim)
    var output = [Float](repeating: 0, count: shape.tokenCount * H * D)
    for t in 0..<shape.tokenCount {
      for h in 0..<H {
        let g = h / (H / G)
        let visible = shape.visiblePositions(ofToken: t)
        var scores: [Float] = visible.map { j in
          var s: Float = 0
          for i in 0..<D { s += queries[(t * H + h) * D + i] * keys[(j * G + g) * D + i] }
          return s * shape.scale
        }
        scores.withUnsafeMutableBufferPointer { softmax($0) }
        for (n, j) in visible.enumerated() {
          for i in 0..<D { output[(t * H + h) * D + i] += scores[n] * values[(j * G + g) * D + i] }
        }
      }
    }
    return output
  }
}
