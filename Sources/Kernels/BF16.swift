// BF16 rows: bfloat16 values (the top half of a Float). Fast kernels; the scalar twin is `Reference.BF16`.

/// GGML's `BF16` tensor type: 2-byte bfloat16 values (the high 16 bits of a `Float`), one per value.
public enum BF16: RowFormat {
  /// Bytes per value.
  public static let bytesPerValue = 2

  /// Converts `values.count` bfloat16 values from `bytes` to floats.
  public static func dequantize(_ bytes: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    precondition(bytes.count == values.count * bytesPerValue, "\(bytes.count) bytes do not hold \(values.count) BF16")
    guard let source = bytes.baseAddress, let destination = values.baseAddress else { return }
    dequantize(row: source, into: destination, columnCount: values.count)
  }

  /// Returns `Σ w[i] * x[i]`; matches `Reference.BF16.dot` up to summation order.
  public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    precondition(row.count == x.count * bytesPerValue, "\(row.count) bytes do not hold \(x.count) BF16")
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
      acc0.addProduct(floats(bfloat16s: row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD16<UInt16>.self)), load16(xs, 4 * i))
      acc1.addProduct(
        floats(bfloat16s: row.loadUnaligned(fromByteOffset: 2 * i + 32, as: SIMD16<UInt16>.self)), load16(xs, 4 * i + 64))
      i += 32
    }
    if i + 16 <= columnCount {
      acc0.addProduct(floats(bfloat16s: row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD16<UInt16>.self)), load16(xs, 4 * i))
      i += 16
    }
    var sum = (acc0 + acc1).sum()
    while i < columnCount {  // tail
      sum += bfloat16ToFloat(row.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) * x[i]
      i += 1
    }
    return sum
  }

  static func dequantize(row: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>, columnCount: Int) {
    let outs = UnsafeMutableRawPointer(out)
    var i = 0
    while i + 16 <= columnCount {
      store16(floats(bfloat16s: row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD16<UInt16>.self)), outs, 4 * i)
      i += 16
    }
    while i < columnCount {
      out[i] = bfloat16ToFloat(row.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
      i += 1
    }
  }
}
