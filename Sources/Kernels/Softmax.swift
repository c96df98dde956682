// Softmax. Fast kernel; the scalar twin is `Reference.softmax`.

/// Replaces `x` with `softmax(x)`: `e^(x[i] - max x) / Σ_j e^(x[j] - max x)`.
///
/// Subtracting the maximum first keeps every exponent at most 0 (no overflow). Entries of `-infinity` (masked
/// positions) become 0. An empty buffer is left alone.
///
/// - Complexity: O(n).
public func softmax(_ x: UnsafeMutableBufferPointer<Float>) {
  let n = x.count
  guard n > 0, let xs = x.baseAddress else { return }
  let raw = UnsafeMutableRawPointer(xs)
  // Find the maximum (for numerical stability).
  var maxVector = SIMD16<Float>(repeating: -.infinity)
  var i = 0
  while i + 16 <= n {
    maxVector = pointwiseMax(maxVector, load16(raw, 4 * i))
    i += 16
  }
  var maximum = maxVector.max()
  while i < n {
    maximum = Swift.max(maximum, xs[i])
    i += 1
  }
  if maximum == -.infinity {  // everything masked: spread evenly rather than divide by zero
    for j in 0..<n { xs[j] = 1 / Float(n) }
    return
  }
  var sumVector = SIMD16<Float>()
  i = 0
  while i + 16 <= n {
    let e = exponential(load16(raw, 4 * i) - maximum)
    store16(e, raw, 4 * i)
    sumVector += e
    i += 16
  }
  var sum = sumVector.sum()
  while i < n {
    xs[i] = exponential(xs[i] - maximum)
    sum += xs[i]
    i += 1
  }
  let inverse = 1 / sum
  i = 0
  while i + 16 <= n {
    store16(load16(raw, 4 * i) * inverse, raw, 4 * i)
    i += 16
  }
  while i < n {
    xs[i] *= inverse
    i += 1
  }
}
