// Element-wise activations of the feed-forward blocks. Fast kernels; the scalar twins are `Reference.silu` and
// `Reference.gelu`.

/// Replaces each `x` with `silu(x) = x / (1 + e^-x)` (llama and qwen2 feed-forward gates).
///
/// - Complexity: O(n).
public func silu(_ x: UnsafeMutableBufferPointer<Float>) {
  mapInPlace(x, SiLU.self)
}

/// SiLU on 16 lanes.
enum SiLU: ElementwiseFunction {
  @inline(__always)
  static func apply(_ v: SIMD16<Float>) -> SIMD16<Float> { v / (1 + exponential(-v)) }
}

/// Replaces each `x` with the tanh approximation of GELU (Gemma's `gelu_pytorch_tanh`):
/// `0.5 x (1 + tanh(sqrt(2/π) (x + 0.044715 x³)))`.
///
/// `tanh(u)` is computed as `1 - 2 / (e^(2u) + 1)`, which saturates correctly at both ends.
///
/// - Complexity: O(n).
public func gelu(_ x: UnsafeMutableBufferPointer<Float>) {
  mapInPlace(x, GELU.self)
}

/// GELU (tanh approximation) on 16 lanes.
enum GELU: ElementwiseFunction {
  @inline(__always)
  static func apply(_ v: SIMD16<Float>) -> SIMD16<Float> {
    let u = geluSqrt2OverPi * (v + geluCubicCoefficient * v * v * v)
    let tanhU = 1 - 2 / (exponential(2 * u) + 1)
    return 0.5 * v * (1 + tanhU)
  }
}

/// `sqrt(2 / π)`, the slope inside GELU's tanh approximation.
let geluSqrt2OverPi: Float = 0.797_884_56
/// The cubic coefficient of GELU's tanh approximation (Hendrycks and Gimpel).
let geluCubicCoefficient: Float = 0.044_715

/// An element-wise function on 16 lanes (a type rather than a closure, so every loop specializes and inlines it).
protocol ElementwiseFunction {
  static func apply(_ v: SIMD16<Float>) -> SIMD16<Float>
}

/// Applies `F` to 16 lanes at a time, then to the tail padded into one vector.
@inline(__always)
func mapInPlace<F: ElementwiseFunction>(_ x: UnsafeMutableBufferPointer<Float>, _: F.Type) {
  guard let xs = x.baseAddress else { return }
  let raw = UnsafeMutableRawPointer(xs)
  var i = 0
  while i + 16 <= x.count {
    store16(F.apply(load16(raw, 4 * i)), raw, 4 * i)
    i += 16
  }
  if i < x.count {
    var tail = SIMD16<Float>()
    for k in 0..<(x.count - i) { tail[k] = xs[i + k] }
    let mapped = F.apply(tail)
    for k in 0..<(x.count - i) { xs[i + k] = mapped[k] }
  }
}
