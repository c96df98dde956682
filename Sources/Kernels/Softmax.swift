// Softmax over one vector. Legend: N = length. Contract: matches `Reference.softmax` within 1e-6 relative.

/// Replaces `x` by `softmax(x)`: `e^(x[i] − max x) / Σⱼ e^(x[j] − max x)`, subtracting the maximum for numerical
/// stability.
///
/// - Parameters:
///   - x: The logits, `[N]`, overwritten by probabilities.
///   - count: `N` (at least 1).
public func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
  var maxValue = -Float.infinity
  for i in 0..<count { maxValue = max(maxValue, x[i]) }
  var sum = expSubtracting(x, count: count, maxValue)
  sum = 1 / sum
  var i = 0
  while i + 8 <= count {
    let raw = UnsafeMutableRawPointer(x + i)
    raw.storeBytes(of: raw.loadUnaligned(as: SIMD8<Float>.self) * sum, as: SIMD8<Float>.self)
    i += 8
  }
  while i < count {
    x[i] *= sum
    i += 1
  }
}

/// Replaces `x[i]` by `e^(x[i] − shift)` and returns their sum.
@inline(__always)
func expSubtracting(_ x: UnsafeMutablePointer<Float>, count: Int, _ shift: Float) -> Float {
  var acc = SIMD8<Float>()
  var i = 0
  while i + 8 <= count {
    let raw = UnsafeMutableRawPointer(x + i)
    let e = exp(raw.loadUnaligned(as: SIMD8<Float>.self) - shift)
    raw.storeBytes(of: e, as: SIMD8<Float>.self)
    acc += e
    i += 8
  }
  var sum = acc.sum()
  while i < count {
    x[i] = Reference.exp(x[i] - shift)
    sum += x[i]
    i += 1
  }
  return sum
}

extension Reference {
  /// The scalar twin of ``Kernels/softmax(_:count:)``.
  public static func softmax(_ x: [Float]) -> [Float] {
    let maxValue = x.max() ?? 0
    let e = x.map { exp($0 - maxValue) }
    let sum = e.reduce(0, +)
    return e.map { $0 / sum }
  }
}
