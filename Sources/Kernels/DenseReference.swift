// Scalar twins of the `Dense` kernels: straightforward loops in the order the math is written, accumulating in
// Double, so the tests can compare the fast paths against something obviously correct.

/// Slow, obviously correct versions of the ``Dense`` kernels, for tests.
public enum DenseReference {
  /// `out[i, j] = Σ_kk x[i, kk] · w[j, kk] + bias[j]` for `x` [n, k] and PyTorch-layout `w` [m, k].
  public static func matmul(_ x: [Float], _ w: [Float], bias: [Float]?, n: Int, k: Int, m: Int) -> [Float] {
    var out = [Float](repeating: 0, count: n * m)
    for i in 0..<n {
      for j in 0..<m {
        var sum = Double(bias?[j] ?? 0)
        for kk in 0..<k { sum += Double(x[i * k + kk]) * Double(w[j * k + kk]) }
        out[i * m + j] = Float(sum)
      }
    }
    return out
  }

  /// `(x - mean) / sqrt(var + epsilon) · gamma + beta` per row of `columnCount`.
  public static func layerNorm(_ x: [Float], columnCount c: Int, gamma: [Float], beta: [Float], epsilon: Float)
    -> [Float]
  {
    var out = x
    for row in 0..<(x.count / c) {
      let values = x[row * c..<(row + 1) * c].map(Double.init)
      let mean = values.reduce(0, +) / Double(c)
      let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(c)
      for i in 0..<c {
        out[row * c + i] = Float((values[i] - mean) / (variance + Double(epsilon)).squareRoot() * Double(gamma[i])
          + Double(beta[i]))
      }
    }
    return out
  }

  /// GELU, `x/2 · (1 + erf(x/√2))`.
  public static func gelu(_ x: [Float]) -> [Float] {
    x.map { v in Float(0.5 * Double(v) * (1 + erf(Double(v) / 2.0.squareRoot()))) }
  }

  /// Softmax of each row of `columnCount`; `-infinity` entries get 0, an all-masked row all 0.
  public static func softmax(_ x: [Float], columnCount c: Int) -> [Float] {
    var out = x
    for row in 0..<(x.count / c) {
      let values = x[row * c..<(row + 1) * c]
      let maximum = values.max() ?? 0
      if maximum == -Float.infinity {
        for i in 0..<c { out[row * c + i] = 0 }
        continue
      }
      let e = values.map { $0 == -Float.infinity ? 0 : exp(Double($0) - Double(maximum)) }
      let total = e.reduce(0, +)
      for i in 0..<c { out[row * c + i] = Float(e[i] / total) }
    }
    return out
  }

  /// `x + y` elementwise.
  public static func add(_ x: [Float], _ y: [Float]) -> [Float] { zip(x, y).map { $0 + $1 } }

  /// Multi-head self-attention of `Dense.attention`, for q, k, v and the output all [rows, heads · d].
  public static func attention(
    q: [Float], k: [Float], v: [Float], sequences: [Range<Int>], keyMask: [UInt8]?, headCount: Int, headSize d: Int
  ) -> [Float] {
    let width = headCount * d
    var out = [Float](repeating: 0, count: q.count)
    for sequence in sequences {
      for h in 0..<headCount {
        for i in sequence {
          var scores = [Double]()
          for j in sequence {
            if let keyMask, keyMask[j] == 0 {
              scores.append(-.infinity)
              continue
            }
            var dot = 0.0
            for c in 0..<d { dot += Double(q[i * width + h * d + c]) * Double(k[j * width + h * d + c]) }
            scores.append(dot / Double(d).squareRoot())
          }
          let maximum = scores.max() ?? 0
          if maximum == -.infinity { continue }
          let e = scores.map { $0 == -.infinity ? 0 : exp($0 - maximum) }
          let total = e.reduce(0, +)
          for c in 0..<d {
            var sum = 0.0
            for (index, j) in sequence.enumerated() { sum += e[index] / total * Double(v[j * width + h * d + c]) }
            out[i * width + h * d + c] = Float(sum)
          }
        }
      }
    }
    return out
  }

  /// `e^x` in Double: x = n·ln2 + r with |r| <= ln2/2, then a Taylor series for e^r scaled by 2^n.
  public static func exp(_ x: Double) -> Double {
    if x < -745 { return 0 }
    let ln2 = 0.693_147_180_559_945_3
    let n = (x / ln2).rounded()
    let r = x - n * ln2
    var term = 1.0
    var sum = 1.0
    for i in 1...25 {
      term *= r / Double(i)
      sum += term
    }
    return Double(sign: .plus, exponent: Int(n), significand: sum)
  }

  /// The error function in Double: its Maclaurin series for |x| < 4, ±1 beyond (where 1 - erf < 2e-8).
  public static func erf(_ x: Double) -> Double {
    let a = abs(x)
    if a >= 4 { return x < 0 ? -1 : 1 }
    // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1)); terms peak near e^(x²), well inside Double's range.
    var term = a
    var sum = a
    var n = 0.0
    while abs(term) > 1e-17 * max(1, abs(sum)) || n < 5 {
      n += 1
      term *= -a * a / n
      sum += term / (2 * n + 1)
    }
    let value = sum * 2 / Double.pi.squareRoot()
    return x < 0 ? -value : value
  }
}
