// Q5_0: 32 values per block as 5-bit quants around 16 with one half-precision scale. Fast kernels; the scalar
// twin is `Reference.Q5_0`.

/// GGML's `Q5_0` block format: `w = d * (q - 16)` with 5-bit `q`.
///
/// Layout of one 22-byte block: `d` (binary16) at 0, `qh` (32 bits, little-endian) at 2 whose bit `j` is bit 4
/// of value `j`, then 16 bytes `qs` at 6; byte `j` holds the low 4 bits of value `j` (low nibble) and of value
/// `j + 16` (high nibble).
public enum Q5_0: BlockFormat {
  /// Values per block.
  public static let valuesPerBlock = 32
  /// Bytes per block.
  public static let bytesPerBlock = 22
  /// Byte offset of the scale `d` (binary16).
  public static let scaleOffset = 0
  /// Byte offset of the 32 high bits (one `UInt32`).
  public static let highBitsOffset = 2
  /// Byte offset of the 16 bytes of packed low nibbles.
  public static let quantsOffset = 6

  /// Dequantizes whole blocks: `values.count` must be `blocks.count / bytesPerBlock * valuesPerBlock`.
  public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    dequantizeBuffer(blocks, into: values)
  }

  /// Returns `Σ w[i] * x[i]` for one row of blocks; matches `Reference.Q5_0.dot` up to summation order.
  public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    dotBuffer(row, x)
  }

  /// The block's quants as two vectors of 16 (values 0...15 and 16...31), still offset by 16.
  @inline(__always)
  static func quants(_ block: UnsafeRawPointer) -> (SIMD16<UInt8>, SIMD16<UInt8>) {
    let qh = block.loadUnaligned(fromByteOffset: highBitsOffset, as: UInt32.self)
    let q = block.loadUnaligned(fromByteOffset: quantsOffset, as: SIMD16<UInt8>.self)
    return (
      (q & 0x0F) | fifthBitLanes(UInt16(truncatingIfNeeded: qh)),
      (q &>> 4) | fifthBitLanes(UInt16(truncatingIfNeeded: qh >> 16)))
  }

  @inline(__always)
  static func accumulateDot(_ block: UnsafeRawPointer, _ x: UnsafeRawPointer, into acc: inout SIMD16<Float>) {
    let d = loadHalf(block, scaleOffset)
    let (lo, hi) = quants(block)
    let bias = SIMD16<Float>(repeating: 16)
    var t = (floats(lo) - bias) * load16(x, 0)
    t.addProduct(floats(hi) - bias, load16(x, 64))
    acc.addProduct(t, SIMD16(repeating: d))
  }

  @inline(__always)
  static func dequantizeBlock(_ block: UnsafeRawPointer, into out: UnsafeMutableRawPointer) {
    let d = SIMD16<Float>(repeating: loadHalf(block, scaleOffset))
    let (lo, hi) = quants(block)
    let bias = SIMD16<Float>(repeating: 16)
    store16(d * (floats(lo) - bias), out, 0)
    store16(d * (floats(hi) - bias), out, 64)
  }
}
