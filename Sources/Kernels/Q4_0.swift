// Q4_0: 32 values per block as 4-bit quants around 8 with one half-precision scale. Fast kernels; the scalar
// twin is `Reference.Q4_0`.

/// GGML's `Q4_0` block format: `w = d * (q - 8)` with 4-bit `q`.
///
/// Layout of one 18-byte block: `d` (binary16) at 0, then 16 bytes `qs` at 2; byte `j` holds value `j` in its
/// low nibble and value `j + 16` in its high nibble.
public enum Q4_0: BlockFormat {
  /// Values per block.
  public static let valuesPerBlock = 32
  /// Bytes per block.
  public static let bytesPerBlock = 18
  /// Byte offset of the scale `d` (binary16).
  public static let scaleOffset = 0
  /// Byte offset of the 16 bytes of packed quants.
  public static let quantsOffset = 2

  /// Dequantizes whole blocks: `values.count` must be `blocks.count / bytesPerBlock * valuesPerBlock`.
  public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    dequantizeBuffer(blocks, into: values)
  }

  /// Returns `Σ w[i] * x[i]` for one row of blocks; matches `Reference.Q4_0.dot` up to summation order.
  public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    dotBuffer(row, x)
  }

  @inline(__always)
  static func accumulateDot(_ block: UnsafeRawPointer, _ x: UnsafeRawPointer, into acc: inout SIMD16<Float>) {
    let d = loadHalf(block, scaleOffset)
    let q = block.loadUnaligned(fromByteOffset: quantsOffset, as: SIMD16<UInt8>.self)
    let bias = SIMD16<Float>(repeating: 8)
    var t = (floats(q & 0x0F) - bias) * load16(x, 0)
    t.addProduct(floats(q &>> 4) - bias, load16(x, 64))
    acc.addProduct(t, SIMD16(repeating: d))
  }

  @inline(__always)
  static func dequantizeBlock(_ block: UnsafeRawPointer, into out: UnsafeMutableRawPointer) {
    let d = SIMD16<Float>(repeating: loadHalf(block, scaleOffset))
    let q = block.loadUnaligned(fromByteOffset: quantsOffset, as: SIMD16<UInt8>.self)
    let bias = SIMD16<Float>(repeating: 8)
    store16(d * (floats(q & 0x0F) - bias), out, 0)
    store16(d * (floats(q &>> 4) - bias), out, 64)
  }
}
