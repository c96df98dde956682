// F16 rows: IEEE binary16 values. Fast kernels; the scalar twin is `Reference.F16`.

/// GGML's `F16` tensor type: 2-byte IEEE binary16 values, one per value.
public enum F16: RowFormat {
  /// Bytes per value.
  public static let bytesPerValue = 2

  /// Converts `values.count` halves from `bytes` to floats.
  public static func dequantize(_ bytes: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    precondition(bytes.count == values.count * bytesPerValue, "\(bytes.count) bytes do not hold \(values.count) F16")
    guard let source = bytes.baseAddress, let destination = values.baseAddress else { return }
    dequantize(row: source, into: destination, columnCount: values.count)
  }

  /// Returns `Σ w[i] * x[i]`; matches `Reference.F16.dot` up to summation order.
  public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    precondition(row.count == x.count * bytesPerValue, "\(row.count) bytes do not hold \(x.count) F16")
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
      acc0.addProduct(floats(halves: row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD16<UInt16>.self)), load16(xs, 4 * i))
      acc1.addProduct(
        floats(halves: row.loadUnaligned(fromByteOffset: 2 * i + 32, as: SIMD16<UInt16>.self)), load16(xs, 4 * i + 64))
      i += 32
    }
    if i + 16 <= columnCount {
      acc0.addProduct(floats(halves: row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD16<UInt16>.self)), load16(xs, 4 * i))
      i += 16
    }
    var sum = (acc0 + acc1).sum()
    while i < columnCount {  // tail
      sum += halfToFloat(row.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) * x[i]
      i += 1
    }
    return sum
  }

  static func dequantize(row: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>, columnCount: Int) {
    let outs = UnsafeMutableRawPointer(out)
    var i = 0
    while i + 16 <= columnCount {
      store16(floats(halves: row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD16<UInt16>.self)), outs, 4 * i)
      i += 16
    }
    while i < columnCount {
      out[i] = halfToFloat(row.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
      i += 1
    }
  }
}
