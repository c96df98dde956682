// A weight matrix kept in its file format (quantized or float) inside the mapped model file, with the products
// the forward pass needs. Every multiply goes through the quant kernels of `Kernels`.

import Kernels

/// A `rows × columns` weight matrix stored row-major in one of the ggml formats, read in place.
///
/// Row `r` holds the weights of output feature `r`; `y = W·x` is one dot product per row.
struct WeightMatrix {
  /// The tensor's name, for messages.
  var name: String
  /// The storage format.
  var format: QuantType
  /// Output features.
  var rowCount: Int
  /// Input features.
  var columnCount: Int
  /// Bytes of one row.
  var rowByteCount: Int
  /// The first byte of row 0, inside the mapped file.
  var base: UnsafeRawPointer

  /// Wraps the bytes of a tensor after checking its type and shape against the expected `rows × columns`.
  ///
  /// - Throws: ``InferenceError`` when the type is not supported, the shape differs, or the byte count does not
  ///   match the shape.
  init(name: String, data: TensorData, rowCount: Int, columnCount: Int) throws {
    guard let format = QuantType(rawValue: data.typeID) else {
      throw InferenceError("tensor '\(name)' has ggml type \(data.typeID), which Docent cannot read")
    }
    let expected = rowCount == 1 ? [columnCount] : [columnCount, rowCount]
    let shape = data.shape.count > expected.count && data.shape[expected.count...].allSatisfy({ $0 == 1 })
      ? Array(data.shape[..<expected.count]) : data.shape
    guard shape == expected else {
      throw InferenceError("tensor '\(name)' has shape \(data.shape), expected \(expected)")
    }
    guard let rowBytes = format.byteCount(valueCount: columnCount), rowBytes * rowCount == data.bytes.count,
      let base = data.bytes.baseAddress
    else {
      throw InferenceError("tensor '\(name)' holds \(data.bytes.count) bytes, which does not fit \(shape) in \(format)")
    }
    self.name = name
    self.format = format
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.rowByteCount = rowBytes
    self.base = base
  }

  /// Row `row` as Float values (embedding lookups, norm vectors).
  func dequantizedRow(_ row: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: columnCount) { buffer, count in
      dequantizeRow(row, into: buffer.baseAddress!)
      count = columnCount
    }
  }

  /// Writes row `row` as `columnCount` floats to `out`.
  func dequantizeRow(_ row: Int, into out: UnsafeMutablePointer<Float>) {
    format.dequantize(
      UnsafeRawBufferPointer(start: base + row * rowByteCount, count: rowByteCount),
      into: UnsafeMutableBufferPointer(start: out, count: columnCount))
  }

  /// `y = W·x`: `x` is `[columns]`, `y` is `[rows]`.
  func multiply(
    _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, threadCount: Int, activations: ActivationPrecision
  ) {
    multiply(x, tokenCount: 1, into: y, threadCount: threadCount, activations: activations)
  }

  /// This matrix as one product of a group sharing its input (``Kernels/matmul(_:_:_:columnCount:x:batchCount:threadCount:)``),
  /// writing `[T][rows]` to `y`.
  func product(into y: UnsafeMutablePointer<Float>) -> MatrixProduct {
    MatrixProduct(
      weights: UnsafeRawBufferPointer(start: base, count: rowByteCount * rowCount), type: format, rowCount: rowCount,
      out: y)
  }

  /// `Y = X·Wᵀ` for a batch: `X` is `[T][columns]`, `Y` is `[T][rows]`; `activations` applies when T = 1.
  func multiply(
    _ x: UnsafePointer<Float>, tokenCount: Int, into y: UnsafeMutablePointer<Float>, threadCount: Int,
    activations: ActivationPrecision
  ) {
    matmul(
      weights: UnsafeRawBufferPointer(start: base, count: rowByteCount * rowCount), type: format, rowCount: rowCount,
      columnCount: columnCount, x: UnsafeBufferPointer(start: x, count: tokenCount * columnCount),
      into: UnsafeMutableBufferPointer(start: y, count: tokenCount * rowCount), threadCount: threadCount,
      activations: activations)
  }
}
