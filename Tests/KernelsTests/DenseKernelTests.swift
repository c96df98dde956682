import Foundation
import Kernels
import Testing
import TestSupport

/// Dense float kernels against their Double `Reference` twins at tail sizes, and the references against Foundation.
@Suite(.offCooperativePool) struct DenseKernelTests {
  static let sizes = [1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 127, 1023]

  /// RMSNorm: per element, relative to the largest output. Float sum of squares vs Double: ~sqrt(n) ulp.
  static let rmsNormTolerance: Float = 2e-6
  /// Softmax: per element, relative to the element. The vector exponential is within ~2 ulp, and `x - max` in
  /// Float loses up to |x - max| ulp in the exponent's argument (inputs here are within ±8).
  static let softmaxTolerance: Float = 1e-5
  /// SiLU and GELU: absolute, times max(1, |x|). GELU's `1 + tanh` cancels for negative x, so the error there is
  /// absolute, about one ulp of |x|.
  static let activationTolerance: Float = 1e-6
  /// RoPE: absolute, relative to |a| + |b| of the pair (two products and a sum in Float).
  static let ropeTolerance: Float = 4e-7

  /// Over the normal range of Double results (subnormal results keep fewer significant bits).
  @Test func referenceExponentialMatchesFoundation() {
    for x in stride(from: -708.0, through: 709.0, by: 0.37) {
      let expected = Foundation.exp(x)
      #expect(abs(Reference.exp(x) - expected) <= 1e-14 * expected, "x = \(x)")
    }
  }

  @Test(arguments: sizes)
  func rmsNormMatchesReference(count: Int) {
    var random = TestRandom(seed: 100 + UInt64(count))
    let x = random.floats(count, scale: 3), weight = random.floats(count, scale: 2)
    var fast = [Float](repeating: .nan, count: count), reference = fast
    x.withUnsafeBufferPointer { x in
      weight.withUnsafeBufferPointer { w in
        fast.withUnsafeMutableBufferPointer { rmsNorm(x, weight: w, epsilon: 1e-6, into: $0) }
        reference.withUnsafeMutableBufferPointer { Reference.rmsNorm(x, weight: w, epsilon: 1e-6, into: $0) }
      }
    }
    let scale = reference.map(abs).max() ?? 1
    for i in 0..<count { #expect(abs(fast[i] - reference[i]) <= Self.rmsNormTolerance * scale, "n=\(count) [\(i)]") }
  }

  @Test(arguments: sizes)
  func softmaxMatchesReference(count: Int) {
    var random = TestRandom(seed: 200 + UInt64(count))
    var fast = random.floats(count, scale: 8)
    if count > 2 { fast[1] = -.infinity }  // a masked position
    var reference = fast
    fast.withUnsafeMutableBufferPointer { softmax($0) }
    reference.withUnsafeMutableBufferPointer { Reference.softmax($0) }
    for i in 0..<count {
      #expect(abs(fast[i] - reference[i]) <= Self.softmaxTolerance * reference[i] + 1e-30, "n=\(count) [\(i)]")
    }
    #expect(abs(fast.reduce(0, +) - 1) <= 1e-5)
  }

  @Test func softmaxOfAllMaskedIsUniform() {
    var x = [Float](repeating: -.infinity, count: 5)
    x.withUnsafeMutableBufferPointer { softmax($0) }
    #expect(x == [Float](repeating: 0.2, count: 5))
  }

  @Test(arguments: sizes)
  func activationsMatchReference(count: Int) {
    var random = TestRandom(seed: 300 + UInt64(count))
    var input = random.floats(count, scale: 12)
    if count > 3 { input[0] = 95; input[1] = -95; input[2] = 0 }  // saturation at both ends
    for (name, fastKernel, referenceKernel) in [
      ("silu", silu as (UnsafeMutableBufferPointer<Float>) -> Void, Reference.silu),
      ("gelu", gelu, Reference.gelu),
    ] {
      var fast = input, reference = input
      fast.withUnsafeMutableBufferPointer { fastKernel($0) }
      reference.withUnsafeMutableBufferPointer { referenceKernel($0) }
      for i in 0..<count {
        #expect(
          abs(fast[i] - reference[i]) <= Self.activationTolerance * max(1, abs(input[i])),
          "\(name)(\(input[i])) = \(fast[i]), reference \(reference[i])")
      }
    }
  }

  @Test(arguments: [RoPEStyle.normal, .neox], [1, 2, 3, 7, 15, 16, 17, 31, 33, 63])
  func ropeMatchesReference(style: RoPEStyle, pairs: Int) {
    var random = TestRandom(seed: 400 + UInt64(pairs))
    let headCount = 3, headDim = 2 * pairs + 2  // two dimensions past rotaryDim stay put
    let input = random.floats(headCount * headDim, scale: 2)
    let angles = (0..<pairs).map { Double(17) * pow(10000, -2 * Double($0) / Double(2 * pairs)) }
    let cos = angles.map { Float(Foundation.cos($0)) }, sin = angles.map { Float(Foundation.sin($0)) }
    var fast = input, reference = input
    cos.withUnsafeBufferPointer { c in
      sin.withUnsafeBufferPointer { s in
        fast.withUnsafeMutableBufferPointer {
          rope($0, headCount: headCount, headDim: headDim, cos: c, sin: s, style: style)
        }
        reference.withUnsafeMutableBufferPointer {
          Reference.rope($0, headCount: headCount, headDim: headDim, cos: c, sin: s, style: style)
        }
      }
    }
    for i in 0..<fast.count {
      #expect(abs(fast[i] - reference[i]) <= Self.ropeTolerance * 4, "\(style) pairs=\(pairs) [\(i)]")
    }
    for h in 0..<headCount {  // untouched tail dimensions
      #expect(fast[h * headDim + headDim - 1] == input[h * headDim + headDim - 1])
    }
  }

  /// RoPE by a fixed case worked out by hand: a quarter turn maps (1, 0) to (0, 1).
  @Test func ropeQuarterTurn() {
    var x: [Float] = [1, 0, 2, 0]
    let cos: [Float] = [0, 1], sin: [Float] = [1, 0]
    x.withUnsafeMutableBufferPointer { x in
      cos.withUnsafeBufferPointer { c in
        sin.withUnsafeBufferPointer { s in rope(x, headCount: 1, headDim: 4, cos: c, sin: s, style: .normal) }
      }
    }
    #expect(x == [0, 1, 2, 0])
  }
}
