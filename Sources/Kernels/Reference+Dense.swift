// Scalar twins of the dense float kernels (RMSNorm, softmax, activations, RoPE), computed in Double.

extension Reference {
  /// `e^x` in Double by range reduction (`x = n ln 2 + r`, `|r| <= ln2 / 2`) and 24 terms of the Taylor series of
  /// `e^r`: slow and obviously correct, the ground truth for the vectorized exponential.
  public static func exp(_ x: Double) -> Double {
    if x.isNaN { return x }
    if x > 709 { return .infinity }
    if x < -745 { return 0 }
    // ln 2 in two parts: the high part has trailing zero bits, so n * ln2High is exact for |n| < 2^20.
    let ln2High = 6.931_471_803_691_238_2e-1, ln2Low = 1.908_214_929_270_587_7e-10
    let n = (x / (ln2High + ln2Low)).rounded()
    let r = (x - n * ln2High) - n * ln2Low
    var term = 1.0, sum = 1.0
    for k in 1...24 {
      term *= r / Double(k)
      sum += term
    }
    // Scale by 2^n in two steps so subnormal results are not flushed early.
    let half = Int(n) / 2
    return sum * Double(sign: .plus, exponent: half, significand: 1)
      * Double(sign: .plus, exponent: Int(n) - half, significand: 1)
  }

  /// Twin of ``Kernels/rmsNorm(_:weight:epsilon:into:)``, in Double.
  public static func rmsNorm(
    _ x: UnsafeBufferPointer<Float>, weight: UnsafeBufferPointer<Float>, epsilon: Float,
    into out: UnsafeMutableBufferPointer<Float>
  ) {
    precondition(weight.count == x.count && out.count == x.count)
    guard !x.isEmpty else { return }
    var sumOfSquares = 0.0
    for v in x { sumOfSquares += Double(v) * Double(v) }
    let scale = 1 / (sumOfSquares / Double(x.count) + Double(epsilon)).squareRoot()
    for i in 0..<x.count { out[i] = Float(Double(x[i]) * scale * Double(weight[i])) }
  }

  /// Twin of ``Kernels/softmax(_:)``, in Double.
  public static func softmax(_ x: UnsafeMutableBufferPointer<Float>) {
    guard let maximum = x.max() else { return }
    if maximum == -.infinity {
      for i in 0..<x.count { x[i] = 1 / Float(x.count) }
      return
    }
    let exps = x.map { exp(Double($0) - Double(maximum)) }
    let sum = exps.reduce(0, +)
    for i in 0..<x.count { x[i] = Float(exps[i] / sum) }
  }

  /// Twin of ``Kernels/silu(_:)``, in Double.
  public static func silu(_ x: UnsafeMutableBufferPointer<Float>) {
    for i in 0..<x.count {
      let v = Double(x[i])
      x[i] = Float(v / (1 + exp(-v)))
    }
  }

  /// Twin of ``Kernels/gelu(_:)`` (tanh approximation), in Double.
  public static func gelu(_ x: UnsafeMutableBufferPointer<Float>) {
    for i in 0..<x.count {
      let v = Double(x[i])
      let u = (2 / Double.pi).squareRoot() * (v + 0.044715 * v * v * v)
      let tanhU = 1 - 2 / (exp(2 * u) + 1)
      x[i] = Float(0.5 * v * (1 + tanhU))
    }
  }

  /// Twin of ``Kernels/rope(_:headCount:headDim:cos:sin:style:)``: one pair at a time, in Double.
  public static func rope(
    _ x: UnsafeMutableBufferPointer<Float>, headCount: Int, headDim: Int, cos: UnsafeBufferPointer<Float>,
    sin: UnsafeBufferPointer<Float>, style: RoPEStyle
  ) {
    let pairs = cos.count
    precondition(sin.count == pairs && 2 * pairs <= headDim && x.count == headCount * headDim)
    for h in 0..<headCount {
      for i in 0..<pairs {
        let (j, k) = style == .normal ? (2 * i, 2 * i + 1) : (i, i + pairs)
        let a = Double(x[h * headDim + j]), b = Double(x[h * headDim + k])
        let c = Double(cos[i]), s = Double(sin[i])
        x[h * headDim + j] = Float(a * c - b * s)
        x[h * headDim + k] = Float(a * s + b * c)
      }
    }
  }
}
