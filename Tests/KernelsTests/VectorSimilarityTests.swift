import Kernels
import Testing

/// The SIMD dot products against their scalar twins, on lengths around the 16- and 32-lane steps.
@Suite struct VectorSimilarityTests {
  static let lengths = [0, 1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 63, 127, 384, 1023]

  /// Summation order differs (two 16-lane accumulators vs one running sum): allow a few ulps of Σ|q·x|.
  static func tolerance(_ q: [Float], _ x: [Float]) -> Float {
    var magnitude: Float = 0
    for i in 0..<q.count { magnitude += abs(q[i] * x[i]) }
    return 1e-5 * max(magnitude, 1)
  }

  /// Deterministic values in -1...1 (SplitMix64 steps).
  static func values(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      return Float(z >> 40) / Float(1 << 23) - 1
    }
  }

  @Test(arguments: lengths)
  func float32MatchesReference(length: Int) {
    let q = Self.values(length, seed: 1), x = Self.values(length, seed: 2)
    let fast = q.withUnsafeBufferPointer { qp in x.withUnsafeBufferPointer { VectorSimilarity.dot(qp, $0) } }
    #expect(abs(fast - VectorSimilarity.Reference.dot(q, x)) <= Self.tolerance(q, x))
  }

  @Test(arguments: lengths)
  func float16MatchesReference(length: Int) {
    let q = Self.values(length, seed: 3)
    let x = Self.values(length, seed: 4).map { Float16($0) }
    let fast = q.withUnsafeBufferPointer { qp in x.withUnsafeBufferPointer { VectorSimilarity.dot(qp, float16: $0) } }
    let widened = x.map { Float($0) }
    #expect(abs(fast - VectorSimilarity.Reference.dot(q, float16: x)) <= Self.tolerance(q, widened))
  }

  @Test(arguments: lengths)
  func int8MatchesReference(length: Int) {
    let q = Self.values(length, seed: 5)
    let x = Self.values(length, seed: 6).map { Int8(($0 * 127).rounded()) }
    let scale: Float = 0.0123
    let fast = q.withUnsafeBufferPointer { qp in
      x.withUnsafeBufferPointer { VectorSimilarity.dot(qp, int8: $0, scale: scale) }
    }
    let widened = x.map { Float($0) * scale }
    #expect(abs(fast - VectorSimilarity.Reference.dot(q, int8: x, scale: scale)) <= Self.tolerance(q, widened))
  }

  /// A hand-computed case, so the reference itself is checked against something other than itself.
  @Test func referenceOnKnownValues() {
    #expect(VectorSimilarity.Reference.dot([1, 2, 3], [4, -5, 6]) == 12)
    #expect(VectorSimilarity.Reference.dot([1, 2, 3], float16: [0.5, 0.25, -1]) == -2)
    #expect(VectorSimilarity.Reference.dot([1, 2], int8: [10, -3], scale: 0.5) == 2)
  }

  /// The row kernels score each row exactly like the single-row kernel.
  @Test(arguments: [1, 7, 17, 384])
  func rowKernelsMatchSingleRows(dimension: Int) {
    let rowCount = 5
    let q = Self.values(dimension, seed: 7)
    let matrix = Self.values(dimension * rowCount, seed: 8)
    let halves = matrix.map { Float16($0) }
    let bytes = matrix.map { Int8(($0 * 127).rounded()) }
    let scales: [Float] = (0..<rowCount).map { Float($0 + 1) / 100 }
    var scores = [Float](repeating: 0, count: 3)
    q.withUnsafeBufferPointer { qp in
      for kind in 0..<3 {
        scores.withUnsafeMutableBufferPointer { out in
          switch kind {
          case 0: matrix.withUnsafeBufferPointer { VectorSimilarity.dots(qp, rows: $0, 1..<4, into: out) }
          case 1: halves.withUnsafeBufferPointer { VectorSimilarity.dots(qp, float16Rows: $0, 1..<4, into: out) }
          default:
            bytes.withUnsafeBufferPointer { m in
              scales.withUnsafeBufferPointer { VectorSimilarity.dots(qp, int8Rows: m, scales: $0, 1..<4, into: out) }
            }
          }
        }
        for r in 1..<4 {
          let range = r * dimension..<(r + 1) * dimension
          let expected: Float
          switch kind {
          case 0: expected = VectorSimilarity.Reference.dot(q, Array(matrix[range]))
          case 1: expected = VectorSimilarity.Reference.dot(q, float16: Array(halves[range]))
          default: expected = VectorSimilarity.Reference.dot(q, int8: Array(bytes[range]), scale: scales[r])
          }
          #expect(abs(scores[r - 1] - expected) <= 1e-4, "kind \(kind) row \(r)")
        }
      }
    }
  }
}
