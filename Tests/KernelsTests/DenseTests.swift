import Kernels
import Testing
import TestSupport

/// Compares every `Dense` kernel with its `DenseReference` twin on sizes around the vector width.
@Suite(.offCooperativePool) struct DenseTests {
  /// Sizes that are not multiples of the vector width (STYLE.md §7).
  static let tailSizes = [1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 127]
  /// Fast kernels sum in a different order (and in Float) than the Double references.
  static let matmulTolerance: Float = 1e-4
  /// The vector exp/erf are accurate to about 2e-7 relative; outputs near 1 allow a few ulps more.
  static let activationTolerance: Float = 2e-6

  /// Deterministic values in [-scale, scale) from a 64-bit LCG, so failures reproduce.
  static func values(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
    var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
    }
  }

  static func check(_ actual: [Float], _ expected: [Float], tolerance: Float, relative: Bool = true) {
    #expect(actual.count == expected.count)
    var worst: Float = 0
    for (a, e) in zip(actual, expected) {
      let error = abs(a - e) / (relative ? max(1, abs(e)) : 1)
      if !(error <= worst) { worst = error.isNaN ? .infinity : max(worst, error) }
    }
    #expect(worst <= tolerance, "largest error \(worst)")
  }

  @Test(arguments: [(1, 1, 1), (2, 3, 7), (7, 16, 15), (6, 17, 16), (13, 31, 17), (33, 64, 33), (5, 127, 63),
    (100, 33, 127), (97, 384, 31)])
  func matmulMatchesReference(n: Int, k: Int, m: Int) {
    let x = Self.values(n * k, seed: 1)
    let w = Self.values(m * k, seed: 2)
    let bias = Self.values(m, seed: 3)
    let expected = DenseReference.matmul(x, w, bias: bias, n: n, k: k, m: m)
    for threads in [1, 2, 3] {
      let packed = w.withUnsafeBufferPointer { Dense.PackedMatrix(transposing: $0.baseAddress!, outputCount: m, inputCount: k) }
      var out = [Float](repeating: .nan, count: n * m)
      x.withUnsafeBufferPointer { xp in
        bias.withUnsafeBufferPointer { bp in
          out.withUnsafeMutableBufferPointer { op in
            Dense.matmul(xp.baseAddress!, rowCount: n, rowStride: k, packed, bias: bp.baseAddress!, into: op.baseAddress!,
              outputStride: m, threadCount: threads)
          }
        }
      }
      Self.check(out, expected, tolerance: Self.matmulTolerance)
    }
  }

  @Test(arguments: [(3, 5, 7), (17, 31, 33)])
  func matmulWithRowMajorOperandAndGELU(n: Int, k: Int, m: Int) {
    let x = Self.values(n * k, seed: 4)
    let b = Self.values(k * m, seed: 5)  // [k, m]
    var w = [Float](repeating: 0, count: m * k)  // its transpose, the reference's layout
    for kk in 0..<k { for j in 0..<m { w[j * k + kk] = b[kk * m + j] } }
    let expected = DenseReference.gelu(DenseReference.matmul(x, w, bias: nil, n: n, k: k, m: m))
    let packed = b.withUnsafeBufferPointer { Dense.PackedMatrix($0.baseAddress!, inputCount: k, outputCount: m) }
    var out = [Float](repeating: .nan, count: n * m)
    x.withUnsafeBufferPointer { xp in
      out.withUnsafeMutableBufferPointer { op in
        Dense.matmul(xp.baseAddress!, rowCount: n, rowStride: k, packed, bias: nil, activation: .gelu,
          into: op.baseAddress!, outputStride: m, threadCount: 2)
      }
    }
    Self.check(out, expected, tolerance: Self.matmulTolerance)
  }

  @Test(arguments: tailSizes)
  func layerNormMatchesReference(columnCount: Int) {
    let rows = 3
    let x = Self.values(rows * columnCount, seed: 6, scale: 4).enumerated().map { $0.element + Float($0.offset % 3) }
    let gamma = Self.values(columnCount, seed: 7)
    let beta = Self.values(columnCount, seed: 8)
    let expected = DenseReference.layerNorm(x, columnCount: columnCount, gamma: gamma, beta: beta, epsilon: 1e-12)
    var out = [Float](repeating: .nan, count: x.count)
    x.withUnsafeBufferPointer { xp in
      out.withUnsafeMutableBufferPointer { op in
        Dense.layerNorm(xp.baseAddress!, rowCount: rows, columnCount: columnCount, gamma: gamma, beta: beta,
          epsilon: 1e-12, into: op.baseAddress!)
      }
    }
    // A single column normalizes to 0 whatever eps; its error is absolute.
    Self.check(out, expected, tolerance: 1e-5)
  }

  @Test(arguments: tailSizes + [1023])
  func geluMatchesReference(count: Int) {
    var x = Self.values(count, seed: 9, scale: 6)
    if count > 2 { x[0] = -12; x[1] = 12 }
    let expected = DenseReference.gelu(x)
    x.withUnsafeMutableBufferPointer { Dense.gelu($0.baseAddress!, count: count) }
    Self.check(x, expected, tolerance: Self.activationTolerance)
  }

  @Test(arguments: tailSizes + [1023])
  func softmaxMatchesReference(columnCount: Int) {
    let rows = 3
    var x = Self.values(rows * columnCount, seed: 10, scale: 20)
    x[0] = -.infinity  // a masked entry
    if columnCount == 1 { x[1] = -.infinity; x[2] = -.infinity }  // all-masked rows
    let expected = DenseReference.softmax(x, columnCount: columnCount)
    x.withUnsafeMutableBufferPointer {
      Dense.softmax($0.baseAddress!, rowCount: rows, columnCount: columnCount, rowStride: columnCount)
    }
    Self.check(x, expected, tolerance: Self.activationTolerance, relative: false)
  }

  @Test(arguments: tailSizes)
  func addMatchesReference(count: Int) {
    var x = Self.values(count, seed: 11)
    let y = Self.values(count, seed: 12)
    let expected = DenseReference.add(x, y)
    x.withUnsafeMutableBufferPointer { Dense.add($0.baseAddress!, y, count: count) }
    #expect(x == expected)
  }

  @Test(arguments: [[1], [3, 17], [33, 1, 7], [16, 31]])
  func attentionMatchesReference(lengths: [Int]) {
    let headCount = 3, headSize = 7
    let width = headCount * headSize
    var sequences: [Range<Int>] = []
    var start = 0
    for length in lengths {
      sequences.append(start..<start + length)
      start += length
    }
    let rows = start
    let q = Self.values(rows * width, seed: 13, scale: 2)
    let k = Self.values(rows * width, seed: 14, scale: 2)
    let v = Self.values(rows * width, seed: 15)
    let mask: [UInt8] = (0..<rows).map { $0 % 5 == 4 ? 0 : 1 }
    let expected = DenseReference.attention(
      q: q, k: k, v: v, sequences: sequences, keyMask: mask, headCount: headCount, headSize: headSize)
    for threads in [1, 2] {
      var out = [Float](repeating: .nan, count: rows * width)
      out.withUnsafeMutableBufferPointer { op in
        Dense.attention(
          queries: q, keys: k, values: v, rowStride: width, output: op.baseAddress!, outputStride: width,
          sequences: sequences, keyMask: mask, headCount: headCount, headSize: headSize, threadCount: threads)
      }
      Self.check(out, expected, tolerance: Self.matmulTolerance)
    }
  }
}
