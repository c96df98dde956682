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
/// Keys are stored transposed, `[G][D][P]` (see ``storeTransposedKeys(_:tokenCount:width:into:capacity:startPosition:)``),
/// so the scores of one query against consecutive keys are plain vector multiply-adds over positions, with no
/// horizontal sums: `scores[j] += q[d] · kᵀ[g][d][j]` for each `d`, four `d` at a time. Work is split over the
/// `T·H` (token, head) pairs; each thread uses its own row of `scratch` for the scores.
///
/// - Parameters:
///   - queries: `[T][H·D]`, already rotated.
///   - transposedKeys: The layer's key cache `[G][D][P]`, holding positions `0..<S+T`.
///   - keyCapacity: `P`, the position stride of `transposedKeys`.
///   - values: The layer's value cache `[P][G·D]`.
///   - output: `[T][H·D]`.
///   - shape: The sizes.
///   - scratch: `[threadCount][S+T]` at least, for the scores.
///   - threadCount: The most threads to use.
/// - Complexity: O(T · H · D · (S + T)).
public func attention(
  queries: UnsafePointer<Float>, transposedKeys: UnsafePointer<Float>, keyCapacity: Int,
  values: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, shape: AttentionShape,
  scratch: UnsafeMutablePointer<Float>, threadCount: Int
) {
  let pairs = shape.tokenCount * shape.headCount
  let taskCount = max(1, min(threadCount, pairs))
  let scratchStride = shape.startPosition + shape.tokenCount
  let box = UnsafeSendable((queries, transposedKeys, values, output, scratch))
  let run: @Sendable (Int) -> Void = { task in
    let (queries, keys, values, output, scratch) = box.value
    let scores = scratch + task * scratchStride
    for pair in (pairs * task / taskCount)..<(pairs * (task + 1) / taskCount) {
      attendOneHead(
        token: pair / shape.headCount, head: pair % shape.headCount, queries: queries, keys: keys,
        keyCapacity: keyCapacity, values: values, output: output, shape: shape, scores: scores)
    }
  }
  if taskCount == 1 {
    run(0)
  } else {
    DispatchQueue.concurrentPerform(iterations: taskCount) { run($0) }
  }
}

/// Copies the keys of `T` new tokens, `[T][G·D]` rows, into a transposed cache `[G·D][P]` at positions
/// `S..<S+T`.
///
/// - Parameters:
///   - rows: `[T][width]`, the new keys after RoPE.
///   - tokenCount: `T`.
///   - width: `G·D`.
///   - keys: The layer's transposed key cache, `[width][capacity]`.
///   - capacity: `P`.
///   - startPosition: `S`.
public func storeTransposedKeys(
  _ rows: UnsafePointer<Float>, tokenCount: Int, width: Int, into keys: UnsafeMutablePointer<Float>, capacity: Int,
  startPosition: Int
) {
  for c in 0..<width {
    let column = keys + c * capacity + startPosition
    for t in 0..<tokenCount { column[t] = rows[t * width + c] }
  }
}

@inline(__always)
private func attendOneHead(
  token t: Int, head h: Int, queries: UnsafePointer<Float>, keys: UnsafePointer<Float>, keyCapacity P: Int,
  values: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, shape: AttentionShape,
  scores: UnsafeMutablePointer<Float>
) {
  let D = shape.headDim
  let kvStride = shape.kvHeadCount * D
  let g = h / (shape.headCount / shape.kvHeadCount)
  let q = queries + (t * shape.headCount + h) * D
  let visible = shape.visiblePositions(ofToken: t)
  let n = visible.count, first = visible.lowerBound
  let keyRows = keys + g * D * P + first  // row d of head g, from the first visible position
  let s = UnsafeMutableRawPointer(scores)

  // scores[j] = scale · Σ_d q[d] · kᵀ[d][j], four rows of kᵀ per pass over the scores.
  scores.update(repeating: 0, count: n)
  var d = 0
  while d < D {
    let rowCount = min(4, D - d)
    let q0 = shape.scale * q[d]
    let q1 = rowCount > 1 ? shape.scale * q[d + 1] : 0
    let q2 = rowCount > 2 ? shape.scale * q[d + 2] : 0
    let q3 = rowCount > 3 ? shape.scale * q[d + 3] : 0
    let r0 = UnsafeRawPointer(keyRows + d * P)
    let r1 = UnsafeRawPointer(keyRows + min(d + 1, D - 1) * P)
    let r2 = UnsafeRawPointer(keyRows + min(d + 2, D - 1) * P)
    let r3 = UnsafeRawPointer(keyRows + min(d + 3, D - 1) * P)
    var j = 0
    while j + 16 <= n {
      var acc = load16(s, 4 * j)
      acc.addProduct(SIMD16(repeating: q0), load16(r0, 4 * j))
      acc.addProduct(SIMD16(repeating: q1), load16(r1, 4 * j))
      acc.addProduct(SIMD16(repeating: q2), load16(r2, 4 * j))
      acc.addProduct(SIMD16(repeating: q3), load16(r3, 4 * j))
      store16(acc, s, 4 * j)
      j += 16
    }
    while j < n {
      var value = scores[j] + q0 * r0.load(fromByteOffset: 4 * j, as: Float.self)
      value += q1 * r1.load(fromByteOffset: 4 * j, as: Float.self)
      value += q2 * r2.load(fromByteOffset: 4 * j, as: Float.self)
      value += q3 * r3.load(fromByteOffset: 4 * j, as: Float.self)
      scores[j] = value
      j += 1
    }
    d += rowCount
  }
  var maxScore = -Float.infinity
  for j in 0..<n { maxScore = max(maxScore, scores[j]) }
  let inverse = 1 / exponentiate(scores, count: n, subtracting: maxScore)

  // out = Σ_j p[j] · v[j], 64 dimensions at a time kept in four registers across all positions (four independent
  // chains, so the multiply-adds of one position do not wait on each other), then 16 at a time.
  let out = output + (t * shape.headCount + h) * D
  var i = 0
  while i + 64 <= D {
    var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
    var v = UnsafeRawPointer(values + first * kvStride + g * D + i)
    for j in 0..<n {
      let p = SIMD16<Float>(repeating: scores[j])
      a0.addProduct(p, load16(v, 0))
      a1.addProduct(p, load16(v, 64))
      a2.addProduct(p, load16(v, 128))
      a3.addProduct(p, load16(v, 192))
      v += 4 * kvStride
    }
    let o = UnsafeMutableRawPointer(out + i)
    store16(a0 * inverse, o, 0)
    store16(a1 * inverse, o, 64)
    store16(a2 * inverse, o, 128)
    store16(a3 * inverse, o, 192)
    i += 64
  }
  while i + 16 <= D {
    var acc = SIMD16<Float>()
    var v = UnsafeRawPointer(values + first * kvStride + g * D + i)
    for j in 0..<n {
      acc.addProduct(SIMD16(repeating: scores[j]), load16(v, 0))
      v += 4 * kvStride
    }
    store16(acc * inverse, UnsafeMutableRawPointer(out + i), 0)
    i += 16
  }
  while i < D {
    var sum: Float = 0
    for j in 0..<n { sum += scores[j] * values[(first + j) * kvStride + g * D + i] }
    out[i] = sum * inverse
    i += 1
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

extension Reference {
  /// The scalar twin of ``Kernels/attention(queries:transposedKeys:keyCapacity:values:output:shape:scratch:threadCount:)``
  /// with keys in plain rows: `keys` is `[P][G·D]` like `values`.
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
