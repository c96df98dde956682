// RMSNorm over one vector. Legend: C = channels (the vector's length).
// Contract: `rmsNorm` matches `Reference.rmsNorm` up to summation order.

/// Writes `out[i] = x[i] * w[i] / sqrt(mean(x²) + ε)` for `i` in `0..<C`.
///
/// The weights are applied as stored: GGUF files already hold the multiplier (Gemma's `1 + w` is folded in by the
/// converter), so every architecture uses the same formula. `out` may equal `x`.
///
/// - Parameters:
///   - x: The input, `[C]`.
///   - weight: The learned scale, `[C]`.
///   - count: `C`.
///   - epsilon: Added to the mean square, from `{arch}.attention.layer_norm_rms_epsilon`.
///   - out: The output, `[C]`.
public func rmsNorm(
  _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, count: Int, epsilon: Float,
  into out: UnsafeMutablePointer<Float>
) {
  let scale = 1 / (sumOfSquares(x, count: count) / Float(count) + epsilon).squareRoot()
  var i = 0
  while i + 8 <= count {
    let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
    let wv = UnsafeRawPointer(weight + i).loadUnaligned(as: SIMD8<Float>.self)
    UnsafeMutableRawPointer(out + i).storeBytes(of: xv * scale * wv, as: SIMD8<Float>.self)
    i += 8
  }
  while i < count {
    out[i] = x[i] * scale * weight[i]
    i += 1
  }
}

/// Returns `Σ x[i]²` over `0..<count`.
@inline(__always)
func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Float {
  var acc = SIMD8<Float>()
  var i = 0
  while i + 8 <= count {
    let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
    acc.addProduct(v, v)
    i += 8
  }
  var sum = acc.sum()
  while i < count {
    sum += x[i] * x[i]
    i += 1
  }
  return sum
}

extension Reference {
  /// The scalar twin of ``Kernels/rmsNorm(_:weight:count:epsilon:into:)``.
  public static func rmsNorm(_ x: [Float], weight: [Float], epsilon: Float) -> [Float] {
    var sum: Float = 0
    for value in x { sum += value * value }
    let scale = 1 / (sum / Float(x.count) + epsilon).squareRoot()
    return (0..<x.count).map { x[$0] * scale * weight[$0] }
  }
}
