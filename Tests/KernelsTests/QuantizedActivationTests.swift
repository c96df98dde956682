import Kernels
import Testing
import TestSupport

/// The integer matrix-vector kernels (``ActivationPrecision/int8``) against `Reference.matmul` over
/// `Reference.quantizeActivations(x)`: both multiply the same x̃, so only summation order differs and the float
/// kernels' tolerance applies unchanged. Row counts cover the row-pair tail and the thread split; block counts the
/// even/odd accumulator tail.
@Suite(.offCooperativePool) struct QuantizedActivationTests {
  /// As `QuantKernelTests.dotTolerance`, against the largest output magnitude (Float sums over 8 lanes and two
  /// accumulators against Double); a wrong nibble, scale or block sum moves outputs by whole percents.
  static let tolerance: Float = 3e-5 * 64

  static let rowCounts = [1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 127, 1023]
  static let blockCounts = [1, 2, 3, 7, 18]

  @Test(arguments: [QuantType.q8_0, .q4_1], rowCounts)
  func integerMatvecMatchesReferenceOverQuantizedX(type: QuantType, rows: Int) {
    for blocks in Self.blockCounts {
      check(
        type, rows: rows, columnCount: 32 * blocks, seed: UInt64(rows * 101 + blocks) &+ UInt64(type.rawValue) << 40)
    }
  }

  /// Batches (prompt processing) multiply the same rounded x̃, in Float over decoded panels.
  @Test(arguments: [QuantType.q8_0, .q4_1], [2, 3, 5, 9])
  func batchesMultiplyTheSameRoundedActivations(type: QuantType, batch: Int) {
    var random = TestRandom(seed: UInt64(batch) &* 31 &+ UInt64(type.rawValue))
    let rows = 37, columnCount = 96
    let w = randomBlocks(type, blockCount: rows * columnCount / 32, random: &random)
    let x = random.floats(batch * columnCount, scale: 2)
    let expected = reference(w, type, rows: rows, columnCount: columnCount, x: Reference.quantizeActivations(x))
    let scale = max(expected.map(abs).max() ?? 0, 1e-3)
    for threadCount in [1, 2] {
      var fast = [Float](repeating: .nan, count: batch * rows)
      w.withUnsafeBytes { w in
        x.withUnsafeBufferPointer { x in
          fast.withUnsafeMutableBufferPointer {
            matmul(
              weights: w, type: type, rowCount: rows, columnCount: columnCount, x: x, into: $0,
              threadCount: threadCount, activations: .int8)
          }
        }
      }
      for i in fast.indices {
        #expect(abs(fast[i] - expected[i]) <= Self.tolerance * scale, "\(type) batch \(batch) [\(i)]")
      }
    }
  }

  /// A block of zeros (scale 0), a single huge value among tiny ones, and exact ties at half a step.
  @Test(arguments: [QuantType.q8_0, .q4_1])
  func edgeCaseActivations(type: QuantType) {
    var x = [Float](repeating: 0, count: 96)
    x[40] = 1000
    for i in 41..<72 { x[i] = Float(i) * 1e-3 }
    for i in 72..<96 { x[i] = (Float(i - 84) + 0.5) * 127 / 127 }  // max 11.5 → scale 11.5/127; ±k.5 quant ties
    check(type, rows: 5, columnCount: 96, seed: 7, x: x)
  }

  /// The quantization itself: x̃ stays within half a step of x, and an all-zero block stays zero.
  @Test func quantizedActivationsStayWithinHalfAStep() {
    var random = TestRandom(seed: 11)
    var x = random.floats(128, scale: 3)
    for i in 32..<64 { x[i] = 0 }
    let rounded = Reference.quantizeActivations(x)
    for start in stride(from: 0, to: 128, by: 32) {
      let step = (x[start..<(start + 32)].map(abs).max() ?? 0) / 127
      for i in start..<(start + 32) { #expect(abs(rounded[i] - x[i]) <= step / 2 * 1.0001, "[\(i)]") }
    }
    #expect(rounded[32..<64].allSatisfy { $0 == 0 })
  }

  /// The grouped products (Q/K/V) use the integer kernels too, for every product whose type has one; the others
  /// read x unrounded. One row and a batch of three.
  @Test(arguments: [[QuantType.q4_1, .q4_1, .q8_0], [.q8_0, .q4_K, .q4_1]], [1, 3])
  func groupedProductsMatchReferenceOverQuantizedX(types: [QuantType], batch: Int) {
    var random = TestRandom(seed: 99)
    let columnCount = 256, rows = [33, 7, 18]
    let weights = zip(types, rows).map {
      randomBlocks($0, blockCount: $1 * columnCount / $0.valuesPerBlock, random: &random)
    }
    let x = random.floats(batch * columnCount)
    let rounded = Reference.quantizeActivations(x)
    for threadCount in [1, 2] {
      let w = weights.map { bytes -> UnsafeMutableRawBufferPointer in
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        copy.copyBytes(from: bytes)
        return copy
      }
      let o = rows.map { UnsafeMutableBufferPointer<Float>.allocate(capacity: batch * $0) }
      defer {
        w.forEach { $0.deallocate() }
        o.forEach { $0.deallocate() }
      }
      let products = rows.indices.map {
        MatrixProduct(
          weights: UnsafeRawBufferPointer(w[$0]), type: types[$0], rowCount: rows[$0], out: o[$0].baseAddress!)
      }
      x.withUnsafeBufferPointer {
        matmul(
          products[0], products[1], products[2], columnCount: columnCount, x: $0.baseAddress!, batchCount: batch,
          threadCount: threadCount, activations: .int8)
      }
      for i in rows.indices {
        let input = types[i].hasIntegerMatrixVector ? rounded : x
        let expected = reference(weights[i], types[i], rows: rows[i], columnCount: columnCount, x: input)
        let scale = max(expected.map(abs).max() ?? 0, 1e-3)
        for r in 0..<(batch * rows[i]) {
          #expect(
            abs(o[i][r] - expected[r]) <= Self.tolerance * scale, "\(types[i]) product \(i) [\(r)] batch \(batch)")
        }
      }
    }
  }

  private func check(_ type: QuantType, rows: Int, columnCount: Int, seed: UInt64, x given: [Float]? = nil) {
    var random = TestRandom(seed: seed)
    let w = randomBlocks(type, blockCount: rows * columnCount / type.valuesPerBlock, random: &random)
    let x = given ?? random.floats(columnCount, scale: 2)
    let expected = reference(w, type, rows: rows, columnCount: columnCount, x: Reference.quantizeActivations(x))
    let scale = max(expected.map(abs).max() ?? 0, 1e-3)
    for threadCount in [1, 2, 3] {
      var fast = [Float](repeating: .nan, count: rows)
      w.withUnsafeBytes { w in
        x.withUnsafeBufferPointer { x in
          fast.withUnsafeMutableBufferPointer {
            matvec(
              weights: w, type: type, rowCount: rows, columnCount: columnCount, x: x, into: $0,
              threadCount: threadCount, activations: .int8)
          }
        }
      }
      for r in 0..<rows {
        #expect(
          abs(fast[r] - expected[r]) <= Self.tolerance * scale,
          "\(type) rows=\(rows) C=\(columnCount) threads=\(threadCount) [\(r)]: \(fast[r]) vs \(expected[r])")
      }
    }
  }

  private func reference(_ w: [UInt8], _ type: QuantType, rows: Int, columnCount: Int, x: [Float]) -> [Float] {
    var out = [Float](repeating: .nan, count: x.count / columnCount * rows)
    w.withUnsafeBytes { w in
      x.withUnsafeBufferPointer { x in
        out.withUnsafeMutableBufferPointer {
          Reference.matmul(weights: w, type: type, rowCount: rows, columnCount: columnCount, x: x, into: $0)
        }
      }
    }
    return out
  }
}
