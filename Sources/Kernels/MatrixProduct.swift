// Several products of stored weight matrices with the same activations in one parallel region (Q, K and V; gate
// and up), so a decoding step wakes the worker threads once per group instead of once per matrix: at one token,
// a product of a small model takes tens of microseconds, and a thread wake-up costs several.
//
// Scalar twins: `Reference.matmul`, once per product.

/// One product of a group: a weight matrix stored as `type` and where its outputs go.
public struct MatrixProduct {
  /// The `rowCount` rows of W, each `type.byteCount(valueCount: columnCount)` bytes, back to back.
  public var weights: UnsafeRawBufferPointer
  /// The storage type of W.
  public var type: QuantType
  /// R, the number of outputs.
  public var rowCount: Int
  /// B rows of R floats.
  public var out: UnsafeMutablePointer<Float>

  /// Describes one product; `out` must hold `batchCount * rowCount` floats for the group's batch.
  public init(weights: UnsafeRawBufferPointer, type: QuantType, rowCount: Int, out: UnsafeMutablePointer<Float>) {
    self.weights = weights
    self.type = type
    self.rowCount = rowCount
    self.out = out
  }
}

/// Computes two or three products with the same `x` (each as
/// ``matmul(weights:type:rowCount:columnCount:x:into:threadCount:)`` would), splitting their rows together across
/// threads in one parallel region. Allocates nothing.
///
/// - Parameters:
///   - first: The first product.
///   - second: The second product.
///   - third: An optional third product.
///   - columnCount: C, shared by every matrix; a whole number of blocks of each type.
///   - x: B rows of C floats.
///   - batchCount: B.
///   - threadCount: The most threads to use.
///   - activations: With `.int8`, x is rounded to 8 bits once for every product whose type has an integer kernel
///     (as in ``matmul(weights:type:rowCount:columnCount:x:into:threadCount:activations:)``).
/// - Complexity: O(B * C * Σ R).
/// - Important: Blocks the calling thread; call it from a model thread, never from the cooperative pool.
public func matmul(
  _ first: MatrixProduct, _ second: MatrixProduct, _ third: MatrixProduct? = nil, columnCount: Int,
  x: UnsafePointer<Float>, batchCount: Int, threadCount: Int, activations: ActivationPrecision = .float
) {
  precondition(columnCount > 0 && batchCount > 0, "bad shape \(batchCount) x \(columnCount)")
  let products = (first, second, third ?? MatrixProduct(weights: UnsafeRawBufferPointer(start: nil, count: 0),
    type: first.type, rowCount: 0, out: first.out))
  let total = validatedRowCount(products.0, columnCount) + validatedRowCount(products.1, columnCount)
    + validatedRowCount(products.2, columnCount)
  guard total > 0 else { return }
  let minimumRows = batchCount == 1 ? matvecMinimumRowsPerTask : min(panelRowCount(columnCount), 16)
  func hasIntegerKernel(_ p: MatrixProduct) -> Bool { p.rowCount > 0 && p.type.hasIntegerMatrixVector }
  let usesIntegers = activations == .int8
    && (hasIntegerKernel(products.0) || hasIntegerKernel(products.1) || hasIntegerKernel(products.2))
  if !usesIntegers {
    multiplyGroup(products, total, columnCount, x, x, nil, batchCount, threadCount, minimumRows)
  } else if batchCount == 1 {
    withQuantizedActivations(x, count: columnCount) { quantized in
      multiplyGroup(products, total, columnCount, x, x, quantized, batchCount, threadCount, minimumRows)
    }
  } else {
    let count = batchCount * columnCount
    withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { rounded in
      roundActivations(x, count: count, into: rounded.baseAddress!)
      multiplyGroup(products, total, columnCount, x, rounded.baseAddress!, nil, batchCount, threadCount, minimumRows)
    }
  }
}

/// The parallel region of the grouped `matmul`: products of types with integer kernels read `roundedX` (x̃ for a
/// batch) or `quantized` (one row), the others `x`.
@inline(__always)
private func multiplyGroup(
  _ products: (MatrixProduct, MatrixProduct, MatrixProduct), _ total: Int, _ columnCount: Int,
  _ x: UnsafePointer<Float>, _ roundedX: UnsafePointer<Float>, _ quantized: QuantizedActivations?, _ batchCount: Int,
  _ threadCount: Int, _ minimumRows: Int
) {
  // Disjoint rows: a task's global range maps to disjoint row ranges of the products it overlaps.
  parallelRows(total, threadCount: threadCount, minimumRowsPerTask: minimumRows) { range in
    var start = 0
    func run(_ p: MatrixProduct) {
      let lower = max(range.lowerBound - start, 0), upper = min(range.upperBound - start, p.rowCount)
      if lower < upper, let w = p.weights.baseAddress {
        let shape = MatrixShape(
          rowCount: p.rowCount, columnCount: columnCount, rowByteCount: p.weights.count / p.rowCount,
          batchCount: batchCount)
        let integer = p.type.hasIntegerMatrixVector
        multiplyRows(type: p.type, w, shape, integer ? roundedX : x, integer ? quantized : nil, p.out, lower..<upper)
      }
      start += p.rowCount
    }
    run(products.0)
    run(products.1)
    run(products.2)
  }
}

/// The rows of `p` after checking its bytes against `columnCount` (a caller's bug if they disagree).
private func validatedRowCount(_ p: MatrixProduct, _ columnCount: Int) -> Int {
  guard p.rowCount > 0 else { return 0 }
  guard let rowBytes = p.type.byteCount(valueCount: columnCount) else {
    preconditionFailure("\(columnCount) columns are not a whole number of \(p.type) blocks")
  }
  precondition(p.weights.count == p.rowCount * rowBytes, "\(p.weights.count) bytes are not \(p.rowCount) rows")
  return p.rowCount
}

/// Computes the rows `range` of one product on the calling thread, specialized per format.
func multiplyRows(
  type: QuantType, _ w: UnsafeRawPointer, _ shape: MatrixShape, _ x: UnsafePointer<Float>,
  _ quantized: QuantizedActivations?, _ out: UnsafeMutablePointer<Float>, _ range: Range<Int>
) {
  switch type {
  case .f32: multiplyRows(F32.self, w, shape, x, quantized, out, range)
  case .f16: multiplyRows(F16.self, w, shape, x, quantized, out, range)
  case .bf16: multiplyRows(BF16.self, w, shape, x, quantized, out, range)
  case .q4_0: multiplyRows(Q4_0.self, w, shape, x, quantized, out, range)
  case .q4_1: multiplyRows(Q4_1.self, w, shape, x, quantized, out, range)
  case .q5_0: multiplyRows(Q5_0.self, w, shape, x, quantized, out, range)
  case .q5_1: multiplyRows(Q5_1.self, w, shape, x, quantized, out, range)
  case .q8_0: multiplyRows(Q8_0.self, w, shape, x, quantized, out, range)
  case .q4_K: multiplyRows(Q4_K.self, w, shape, x, quantized, out, range)
  case .q5_K: multiplyRows(Q5_K.self, w, shape, x, quantized, out, range)
  case .q6_K: multiplyRows(Q6_K.self, w, shape, x, quantized, out, range)
  }
}
