// Q4_1: 32 values per block as 4-bit quants with a half-precision scale and minimum. Fast kernels; the scalar
// twin is `Reference.Q4_1`.

/// GGML's `Q4_1` block format: `w = d * q + m` with 4-bit `q`.
///
/// Layout of one 20-byte block: `d` (binary16) at 0, `m` (binary16) at 2, then 16 bytes `qs` at 4; byte `j`
/// holds value `j` in its low nibble and value `j + 16` in its high nibble.
public enum Q4_1: BlockFormat {
  /// Values per block.
  public static let valuesPerBlock = 32
  /// Bytes per block.
  public static let bytesPerBlock = 20
  /// Byte offset of the scale `d` (binary16).
  public static let scaleOffset = 0
  /// Byte offset of the minimum `m` (binary16).
  public static let minimumOffset = 2
  /// Byte offset of the 16 bytes of packed quants.
  public static let quantsOffset = 4

  /// Dequantizes whole blocks: `values.count` must be `blocks.count / bytesPerBlock * valuesPerBlock`.
  public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    dequantizeBuffer(blocks, into: values)
  }

  /// Returns `Σ w[i] * x[i]` for one row of blocks; matches `Reference.Q4_1.dot` up to summation order.
  public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    dotBuffer(row, x)
  }

  /// `d * Σ q x + m * Σ x`, kept as 16 lanes so no block needs a horizontal sum.
  @inline(__always)
  static func accumulateDot(_ block: UnsafeRawPointer, _ x: UnsafeRawPointer, into acc: inout SIMD16<Float>) {
    let d = loadHalf(block, scaleOffset)
    let m = loadHalf(block, minimumOffset)
    let q = block.loadUnaligned(fromByteOffset: quantsOffset, as: SIMD16<UInt8>.self)
    let x0 = load16(x, 0), x1 = load16(x, 64)
    var t = floats(q & 0x0F) * x0
    t.addProduct(floats(q &>> 4), x1)
    acc.addProduct(t, SIMD16(repeating: d))
    acc.addProduct(x0 + x1, SIMD16(repeating: m))
  }

  @inline(__always)
  static func dequantizeBlock(_ block: UnsafeRawPointer, into out: UnsafeMutableRawPointer) {
    let d = SIMD16<Float>(repeating: loadHalf(block, scaleOffset))
    let m = SIMD16<Float>(repeating: loadHalf(block, minimumOffset))
    let q = block.loadUnaligned(fromByteOffset: quantsOffset, as: SIMD16<UInt8>.self)
    store16(d * floats(q & 0x0F) + m, out, 0)
    store16(d * floats(q &>> 4) + m, out, 64)
  }
}
