// RMSNorm. Fast kernel; the scalar twin is `Reference.rmsNorm`.

/// Writes `out[i] = x[i] / sqrt(mean(x²) + epsilon) * weight[i]`: RMS normalization of one row.
///
/// Gemma's `(1 + w)` norm weights are stored already offset in GGUF files, so every architecture passes its
/// tensor as `weight`.
///
/// - Parameters:
///   - x: One row of C floats.
///   - weight: C per-channel gains.
///   - epsilon: Added to the mean square (GGUF `*.attention.layer_norm_rms_epsilon`).
///   - out: C floats; may be the same memory as `x`.
/// - Complexity: O(C).
public func rmsNorm(
  _ x: UnsafeBufferPointer<Float>, weight: UnsafeBufferPointer<Float>, epsilon: Float,
  into out: UnsafeMutableBufferPointer<Float>
) {
  let C = x.count
  precondition(weight.count == C && out.count == C, "rmsNorm: x, weight and out differ in length")
  guard C > 0, let xs = x.baseAddress, let ws = weight.baseAddress, let os = out.baseAddress else { return }
  let xr = UnsafeRawPointer(xs), wr = UnsafeRawPointer(ws), or = UnsafeMutableRawPointer(os)
  var acc = SIMD16<Float>()
  var i = 0
  while i + 16 <= C {
    let v = load16(xr, 4 * i)
    acc.addProduct(v, v)
    i += 16
  }
  var sumOfSquares = acc.sum()
  while i < C {
    sumOfSquares += xs[i] * xs[i]
    i += 1
  }
  let scale = 1 / (sumOfSquares / Float(C) + epsilon).squareRoot()
  i = 0
  while i + 16 <= C {
    store16(load16(xr, 4 * i) * scale * load16(wr, 4 * i), or, 4 * i)
    i += 16
  }
  while i < C {
    os[i] = xs[i] * scale * ws[i]
    i += 1
  }
}
