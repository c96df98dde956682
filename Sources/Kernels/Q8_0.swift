// Q8_0: 32 values per block as signed bytes with one half-precision scale. Fast kernels; the scalar twin is
// `Reference.Q8_0`.

/// GGML's `Q8_0` block format: `w = d * q` with signed 8-bit `q`.
///
/// Layout of one 34-byte block: `d` (binary16) at 0, then 32 signed bytes `qs` at 2, in value order.
public enum Q8_0: BlockFormat {
  /// Values per block.
  public static let valuesPerBlock = 32
  /// Bytes per block.
  public static let bytesPerBlock = 34
  /// Byte offset of the scale `d` (binary16).
  public static let scaleOffset = 0
  /// Byte offset of the 32 signed quants.
  public static let quantsOffset = 2

  /// Dequantizes whole blocks: `values.count` must be `blocks.count / bytesPerBlock * valuesPerBlock`.
  public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    dequantizeBuffer(blocks, into: values)
  }

  /// Returns `Σ w[i] * x[i]` for one row of blocks; matches `Reference.Q8_0.dot` up to summation order.
  public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    dotBuffer(row, x)
  }

  @inline(__always)
  static func accumulateDot(_ block: UnsafeRawPointer, _ x: UnsafeRawPointer, into acc: inout SIMD16<Float>) {
    let d = loadHalf(block, scaleOffset)
    let q0 = block.loadUnaligned(fromByteOffset: quantsOffset, as: SIMD16<Int8>.self)
    let q1 = block.loadUnaligned(fromByteOffset: quantsOffset + 16, as: SIMD16<Int8>.self)
    var t = floats(q0) * load16(x, 0)
    t.addProduct(floats(q1), load16(x, 64))
    acc.addProduct(t, SIMD16(repeating: d))
  }

  @inline(__always)
  static func dequantizeBlock(_ block: UnsafeRawPointer, into out: UnsafeMutableRawPointer) {
    let d = SIMD16<Float>(repeating: loadHalf(block, scaleOffset))
    let q0 = block.loadUnaligned(fromByteOffset: quantsOffset, as: SIMD16<Int8>.self)
    let q1 = block.loadUnaligned(fromByteOffset: quantsOffset + 16, as: SIMD16<Int8>.self)
    store16(floats(q0) * d, out, 0)
    store16(floats(q1) * d, out, 64)
  }
}
