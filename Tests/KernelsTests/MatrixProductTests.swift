import Kernels
import Testing

/// Grouped products (one parallel region for Q/K/V or gate/up) against `Reference.matmul` of each matrix.
@Suite struct MatrixProductTests {
  /// Row counts of the products of a group, batch sizes and types: splits that cut through a product, a product
  /// smaller than a thread's share, odd rows (the row-pair tail), and the Q4_1 matrix-vector path.
  @Test(arguments: [QuantType.q4_1, .q8_0, .q4_K, .f32], [[5, 3], [64, 16, 16], [1, 70, 33], [97, 2, 31]])
  func groupMatchesReferencePerMatrix(type: QuantType, rows: [Int]) {
    for batch in [1, 3, 6] { check(type, rows: rows, batch: batch) }
  }

  private func check(_ type: QuantType, rows: [Int], batch: Int) {
    var random = TestRandom(seed: UInt64(type.rawValue) &* 7919 &+ UInt64(rows.reduce(0, +) * 13 + batch))
    let columnCount = type.valuesPerBlock == 1 ? 48 : 3 * type.valuesPerBlock
    let weights = rows.map { randomBlocks(type, blockCount: $0 * columnCount / type.valuesPerBlock, random: &random) }
    let x = random.floats(batch * columnCount)
    for threadCount in [1, 2, 3] {
      var outputs = rows.map { [Float](repeating: .nan, count: batch * $0) }
      var expected = outputs
      for i in rows.indices {
        weights[i].withUnsafeBytes { w in
          x.withUnsafeBufferPointer { x in
            expected[i].withUnsafeMutableBufferPointer {
              Reference.matmul(weights: w, type: type, rowCount: rows[i], columnCount: columnCount, x: x, into: $0)
            }
          }
        }
      }
      run(type, weights, rows, &outputs, columnCount: columnCount, x: x, batch: batch, threadCount: threadCount)
      for i in rows.indices {
        let scale = expected[i].map(abs).max() ?? 0
        for j in expected[i].indices {
          #expect(abs(outputs[i][j] - expected[i][j]) <= 3e-5 * 64 * max(scale, 1e-3),
            "\(type) rows=\(rows) batch=\(batch) threads=\(threadCount) product \(i) [\(j)]: \(outputs[i][j]) vs \(expected[i][j])")
        }
      }
    }
  }

  /// Calls the grouped `matmul` with two or three products.
  private func run(
    _ type: QuantType, _ weights: [[UInt8]], _ rows: [Int], _ outputs: inout [[Float]], columnCount: Int, x: [Float],
    batch: Int, threadCount: Int
  ) {
    let w = weights.map { bytes -> UnsafeMutableRawBufferPointer in
      let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
      copy.copyBytes(from: bytes)
      return copy
    }
    let o = outputs.map { values -> UnsafeMutableBufferPointer<Float> in
      let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: values.count)
      _ = buffer.initialize(from: values)
      return buffer
    }
    defer {
      w.forEach { $0.deallocate() }
      o.forEach { $0.deallocate() }
    }
    let products = rows.indices.map {
      MatrixProduct(
        weights: UnsafeRawBufferPointer(rebasing: w[$0][0..<weights[$0].count]), type: type, rowCount: rows[$0],
        out: o[$0].baseAddress!)
    }
    x.withUnsafeBufferPointer { x in
      if products.count == 3 {
        matmul(products[0], products[1], products[2], columnCount: columnCount, x: x.baseAddress!, batchCount: batch,
          threadCount: threadCount)
      } else {
        matmul(products[0], products[1], columnCount: columnCount, x: x.baseAddress!, batchCount: batch,
          threadCount: threadCount)
      }
    }
    for i in outputs.indices { outputs[i] = Array(o[i]) }
  }
}
