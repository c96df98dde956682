// Q5_1: 32 values per block as 5-bit quants with a half-precision scale and minimum. Fast kernels; the scalar
// twin is `Reference.Q5_1`.

/// GGML's `Q5_1` block format: `w = d * q + m` with 5-bit `q`.
///
/// Layout of one 24-byte block: `d` (binary16) at 0, `m` (binary16) at 2, `qh` (32 bits, little-endian) at 4
/// whose bit `j` is bit 4 of value `j`, then 16 bytes `qs` at 8 (low nibbles: values 0...15, high: 16...31).
public enum Q5_1: BlockFormat {
  /// Values per block.
  public static let valuesPerBlock = 32
  /// Bytes per block.
  public static let bytesPerBlock = 24
  /// Byte offset of the scale `d` (binary16).
  public static let scaleOffset = 0
  /// Byte offset of the minimum `m` (binary16).
  public static let minimumOffset = 2
  /// Byte offset of the 32 high bits (one `UInt32`).
  public static let highBitsOffset = 4
  /// Byte offset of the 16 bytes of packed low nibbles.
  public static let quantsOffset = 8

  /// Dequantizes whole blocks: `values.count` must be `blocks.count / bytesPerBlock * valuesPerBlock`.
  public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    dequantizeBuffer(blocks, into: values)
  }

  /// Returns `Σ w[i] * x[i]` for one row of blocks; matches `Reference.Q5_1.dot` up to summation order.
  public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    dotBuffer(row, x)
  }

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
    let m = loadHalf(block, minimumOffset)
    let (lo, hi) = quants(block)
    let x0 = load16(x, 0), x1 = load16(x, 64)
    var t = floats(lo) * x0
    t.addProduct(floats(hi), x1)
    acc.addProduct(t, SIMD16(repeating: d))
    acc.addProduct(x0 + x1, SIMD16(repeating: m))
  }

  @inline(__always)
  static func dequantizeBlock(_ block: UnsafeRawPointer, into out: UnsafeMutableRawPointer) {
    let d = SIMD16<Float>(repeating: loadHalf(block, scaleOffset))
    let m = SIMD16<Float>(repeating: loadHalf(block, minimumOffset))
    let (lo, hi) = quants(block)
    store16(d * floats(lo) + m, out, 0)
    store16(d * floats(hi) + m, out, 64)
  }
}
