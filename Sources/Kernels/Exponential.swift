// exp and tanh for the kernels. `Kernels` may not import libm (only Dispatch), and a vector exp is faster than a
// libm call per element anyway. Contract: relative error below 2e-7 for finite inputs in -87...88 (the range that
// matters for softmax and GELU); `Reference.exp` is the scalar twin, tested against Foundation's `exp`.

/// Returns `e^x` for each lane.
///
/// Range reduction `x = n·ln2 + r` with `|r| ≤ ln2/2`, a degree-6 Taylor polynomial for `e^r` (truncation error
/// below `r^7/7! < 1.3e-7`), and `2^n` built in the exponent bits. Inputs are clamped to `-87.3...88.7`, so the
/// result is finite and positive (`e^-87.3 ≈ 1.2e-38` stands in for zero).
@inline(__always)
public func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
  let clamped = x.clamped(lowerBound: SIMD8(repeating: -87.3), upperBound: SIMD8(repeating: 88.7))
  let n = (clamped * log2e).rounded(.toNearestOrEven)
  // Cody–Waite: ln2 split in a part exact in float and a small correction, so n·ln2 loses no bits.
  var r = clamped - n * ln2High
  r = r - n * ln2Low
  var p = SIMD8<Float>(repeating: 1.0 / 720)
  p = p * r + 1.0 / 120
  p = p * r + 1.0 / 24
  p = p * r + 1.0 / 6
  p = p * r + 0.5
  p = p * r + 1
  p = p * r + 1
  let exponent = (SIMD8<Int32>(n, rounding: .toNearestOrEven) &+ 127) &<< 23
  return p * unsafeBitCast(exponent, to: SIMD8<Float>.self)
}

/// Returns `tanh(x)` for each lane, as `1 - 2 / (e^(2x) + 1)` (exact at the limits: `±1` for large `|x|`).
@inline(__always)
public func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
  1 - 2 / (exp(x + x) + 1)
}

let log2e: Float = 1.442_695_04
let ln2High: Float = 0.693_359_375
let ln2Low: Float = -2.121_944_4e-4

extension Reference {
  /// Returns `e^x`: the scalar twin of the vector ``Kernels/exp(_:)``, same reduction and polynomial.
  public static func exp(_ x: Float) -> Float {
    let clamped = min(max(x, -87.3), 88.7)
    let n = (clamped * log2e).rounded(.toNearestOrEven)
    let r = (clamped - n * ln2High) - n * ln2Low
    var p: Float = 1.0 / 720
    for c: Float in [1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1, 1] { p = p * r + c }
    return p * Float(sign: .plus, exponent: Int(n), significand: 1)
  }

  /// Returns `tanh(x)` as `1 - 2 / (e^(2x) + 1)`.
  public static func tanh(_ x: Float) -> Float { 1 - 2 / (exp(2 * x) + 1) }
}
