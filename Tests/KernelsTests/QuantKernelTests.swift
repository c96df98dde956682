import Kernels
import Testing
import TestSupport

/// Fast kernels against their scalar `Reference` twins at sizes that are not multiples of the vector width.
@Suite(.offCooperativePool) struct QuantKernelTests {
  /// Dot products: largest `|fast - reference|` relative to `Σ |w[i] * x[i]|`. The reference sums in Double; the
  /// fast kernel sums in Float across 16 or 32 lanes, so its error grows like sqrt(n) * 2^-24 (about 1e-5 at
  /// n = 262,144); a wrong nibble or scale moves the result by far more on every size tested.
  static let dotTolerance: Float = 3e-5

  /// Fast against reference dequantization: bit-exact (same Float operations in the same order).
  static let dequantizationTolerance: Float = 0

  static let blockCounts = [1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 127, 1023]
  static let blockTypes: [QuantType] = [.q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K]
  static let floatTypes: [QuantType] = [.f32, .f16, .bf16]

  /// Checks one dot product and the dequantization of the same row.
  func check(_ type: QuantType, valueCount: Int, seed: UInt64) {
    var random = TestRandom(seed: seed)
    let blocks = randomBlocks(type, blockCount: valueCount / type.valuesPerBlock, random: &random)
    let x = random.floats(valueCount)
    var fastValues = [Float](repeating: .nan, count: valueCount)
    var referenceValues = [Float](repeating: .nan, count: valueCount)
    var fast: Float = 0, reference: Float = 0
    blocks.withUnsafeBytes { w in
      x.withUnsafeBufferPointer { x in
        fast = type.dot(w, x)
        reference = Reference.dot(w, type: type, x)
      }
      fastValues.withUnsafeMutableBufferPointer { type.dequantize(w, into: $0) }
      referenceValues.withUnsafeMutableBufferPointer { Reference.dequantize(w, type: type, into: $0) }
    }
    var magnitude: Float = 0
    for i in 0..<valueCount { magnitude += abs(referenceValues[i] * x[i]) }
    #expect(abs(fast - reference) <= Self.dotTolerance * magnitude, "\(type) n=\(valueCount): \(fast) vs \(reference)")
    #expect(worstBlockRelativeError(fastValues, referenceValues) <= Self.dequantizationTolerance, "\(type) n=\(valueCount) dequantize")
  }

  @Test(arguments: blockTypes, blockCounts)
  func blockDotMatchesReference(type: QuantType, blockCount: Int) {
    check(type, valueCount: blockCount * type.valuesPerBlock, seed: UInt64(type.rawValue) << 32 | UInt64(blockCount))
  }

  @Test(arguments: floatTypes, [1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 127, 1023])
  func floatDotMatchesReference(type: QuantType, count: Int) {
    check(type, valueCount: count, seed: UInt64(type.rawValue) << 32 | UInt64(count))
  }

  /// Matrix-vector and matrix-matrix products: rows and batch sizes around the 2 x 4 tile and the thread split.
  @Test(arguments: QuantType.allCases, [(1, 1), (2, 3), (3, 4), (7, 5), (15, 2), (16, 8), (17, 1), (31, 4), (33, 9), (63, 2), (127, 4), (1023, 1), (1023, 3)])
  func matmulMatchesReference(type: QuantType, shape: (rows: Int, batch: Int)) {
    var random = TestRandom(seed: UInt64(type.rawValue) &* 1000 &+ UInt64(shape.rows * 31 + shape.batch))
    // Two blocks of columns for the quants; an odd width for the float types exercises the column tail.
    let columnCount = type.valuesPerBlock == 1 ? 37 : 2 * type.valuesPerBlock
    let w = randomBlocks(type, blockCount: shape.rows * columnCount / type.valuesPerBlock, random: &random)
    let x = random.floats(shape.batch * columnCount)
    for threadCount in [1, 2, 3] {
      var fast = [Float](repeating: .nan, count: shape.batch * shape.rows)
      var reference = fast
      w.withUnsafeBytes { w in
        x.withUnsafeBufferPointer { x in
          fast.withUnsafeMutableBufferPointer {
            matmul(
              weights: w, type: type, rowCount: shape.rows, columnCount: columnCount, x: x, into: $0,
              threadCount: threadCount)
          }
          reference.withUnsafeMutableBufferPointer {
            Reference.matmul(weights: w, type: type, rowCount: shape.rows, columnCount: columnCount, x: x, into: $0)
          }
        }
      }
      // Compare with the same tolerance as a dot product, against the magnitude of the whole output.
      let scale = reference.map(abs).max() ?? 0
      for i in 0..<fast.count {
        #expect(abs(fast[i] - reference[i]) <= Self.dotTolerance * 64 * max(scale, 1e-3),
          "\(type) rows=\(shape.rows) batch=\(shape.batch) threads=\(threadCount) [\(i)]: \(fast[i]) vs \(reference[i])")
      }
    }
  }
}
