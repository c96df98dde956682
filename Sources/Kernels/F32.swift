// F32 rows: plain little-endian floats. Fast kernels; the scalar twin is `Reference.F32`.

/// GGML's `F32` tensor type: 4-byte IEEE floats, one per value.
public enum F32: RowFormat {
  /// Bytes per value.
  public static let bytesPerValue = 4

  /// Copies `values.count` floats out of `bytes` (which need not be aligned).
  public static func dequantize(_ bytes: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    precondition(bytes.count == values.count * bytesPerValue, "\(bytes.count) bytes do not hold \(values.count) F32")
    guard let source = bytes.baseAddress, let destination = values.baseAddress else { return }
    dequantize(row: source, into: destination, columnCount: values.count)
  }

  /// Returns `Σ w[i] * x[i]`; matches `Reference.F32.dot` up to summation order.
  public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    precondition(row.count == x.count * bytesPerValue, "\(row.count) bytes do not hold \(x.count) F32")
    guard let source = row.baseAddress, let xs = x.baseAddress else { return 0 }
    return dot(row: source, x: xs, columnCount: x.count)
  }

  static func rowByteCount(columnCount: Int) -> Int? { columnCount >= 0 ? columnCount * bytesPerValue : nil }

  @inline(__always)
  static func dot(row: UnsafeRawPointer, x: UnsafePointer<Float>, columnCount: Int) -> Float {
    let xs = UnsafeRawPointer(x)
    var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
    var i = 0
    while i + 32 <= columnCount {
      acc0.addProduct(load16(row, 4 * i), load16(xs, 4 * i))
      acc1.addProduct(load16(row, 4 * i + 64), load16(xs, 4 * i + 64))
      i += 32
    }
    if i + 16 <= columnCount {
      acc0.addProduct(load16(row, 4 * i), load16(xs, 4 * i))
      i += 16
    }
    var sum = (acc0 + acc1).sum()
    while i < columnCount {  // tail
      sum += row.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) * x[i]
      i += 1
    }
    return sum
  }

  static func dequantize(row: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>, columnCount: Int) {
    UnsafeMutableRawPointer(out).copyMemory(from: row, byteCount: columnCount * bytesPerValue)
  }
}
