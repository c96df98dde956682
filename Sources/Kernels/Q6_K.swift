// Q6_K: 256 values per super-block in sixteen sub-blocks of 16, 6-bit quants around 32, signed 8-bit scales
// under one half-precision super-scale. Fast kernels; the scalar twin is `Reference.Q6_K`.

/// GGML's `Q6_K` block format: in sub-block `s`, `w = d * sc[s] * (q - 32)` with 6-bit `q`.
///
/// Layout of one 210-byte super-block: 128 bytes `ql` at 0, 64 bytes `qh` at 128, 16 signed scales at 192,
/// `d` (binary16) at 208. Each half `h` (values `128h ..< 128h + 128`) uses `ql[64h ..< 64h + 64]` and
/// `qh[32h ..< 32h + 32]`; for `l` in 0...31, values `128h + 32k + l` (k = 0...3) take their low 4 bits from
/// `ql[64h + l]` (k = 0 low nibble, k = 2 high), `ql[64h + 32 + l]` (k = 1 low, k = 3 high), and their top 2 bits
/// from bits `2k, 2k + 1` of `qh[32h + l]`. Sub-block `s` covers values `16s ..< 16s + 16`.
public enum Q6_K: BlockFormat {
  /// Values per super-block.
  public static let valuesPerBlock = 256
  /// Bytes per super-block.
  public static let bytesPerBlock = 210
  /// Values per sub-block (one scale each).
  public static let valuesPerSubBlock = 16
  /// Byte offset of the 128 bytes of low nibbles.
  public static let lowBitsOffset = 0
  /// Byte offset of the 64 bytes of high bit pairs.
  public static let highBitsOffset = 128
  /// Byte offset of the 16 signed 8-bit scales.
  public static let scalesOffset = 192
  /// Byte offset of the super-scale `d` (binary16).
  public static let scaleOffset = 208

  /// Dequantizes whole blocks: `values.count` must be `blocks.count / bytesPerBlock * valuesPerBlock`.
  public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    dequantizeBuffer(blocks, into: values)
  }

  /// Returns `Σ w[i] * x[i]` for one row of blocks; matches `Reference.Q6_K.dot` up to summation order.
  public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    dotBuffer(row, x)
  }

  /// The 16 quants (0...63, still offset by 32) at values `128h + 32k + 16c ..< +16`, for `k` = 0...3.
  @inline(__always)
  static func quants(_ block: UnsafeRawPointer, _ h: Int, _ c: Int)
    -> (SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>)
  {
    let l0 = block.loadUnaligned(fromByteOffset: lowBitsOffset + 64 * h + 16 * c, as: SIMD16<UInt8>.self)
    let l1 = block.loadUnaligned(fromByteOffset: lowBitsOffset + 64 * h + 32 + 16 * c, as: SIMD16<UInt8>.self)
    let qh = block.loadUnaligned(fromByteOffset: highBitsOffset + 32 * h + 16 * c, as: SIMD16<UInt8>.self)
    return (
      (l0 & 0x0F) | ((qh & 0x03) &<< 4),
      (l1 & 0x0F) | (((qh &>> 2) & 0x03) &<< 4),
      (l0 &>> 4) | (((qh &>> 4) & 0x03) &<< 4),
      (l1 &>> 4) | ((qh &>> 6) &<< 4)
    )
  }

  /// `d * sc[s]` for sub-block `s`.
  @inline(__always)
  static func subScale(_ block: UnsafeRawPointer, _ d: Float, _ s: Int) -> SIMD16<Float> {
    SIMD16(repeating: d * Float(block.load(fromByteOffset: scalesOffset + s, as: Int8.self)))
  }

  @inline(__always)
  static func accumulateDot(_ block: UnsafeRawPointer, _ x: UnsafeRawPointer, into acc: inout SIMD16<Float>) {
    let d = loadHalf(block, scaleOffset)
    let bias = SIMD16<Float>(repeating: 32)
    for h in 0..<2 {
      for c in 0..<2 {
        let (q0, q1, q2, q3) = quants(block, h, c)
        let base = 128 * h + 16 * c  // value index of lane 0 for k = 0
        let xs = x + 4 * base
        acc.addProduct((floats(q0) - bias) * load16(xs, 0), subScale(block, d, base / 16))
        acc.addProduct((floats(q1) - bias) * load16(xs, 128), subScale(block, d, base / 16 + 2))
        acc.addProduct((floats(q2) - bias) * load16(xs, 256), subScale(block, d, base / 16 + 4))
        acc.addProduct((floats(q3) - bias) * load16(xs, 384), subScale(block, d, base / 16 + 6))
      }
    }
  }

  @inline(__always)
  static func dequantizeBlock(_ block: UnsafeRawPointer, into out: UnsafeMutableRawPointer) {
    let d = loadHalf(block, scaleOffset)
    let bias = SIMD16<Float>(repeating: 32)
    for h in 0..<2 {
      for c in 0..<2 {
        let (q0, q1, q2, q3) = quants(block, h, c)
        let base = 128 * h + 16 * c
        store16(subScale(block, d, base / 16) * (floats(q0) - bias), out, 4 * base)
        store16(subScale(block, d, base / 16 + 2) * (floats(q1) - bias), out, 4 * (base + 32))
        store16(subScale(block, d, base / 16 + 4) * (floats(q2) - bias), out, 4 * (base + 64))
        store16(subScale(block, d, base / 16 + 6) * (floats(q3) - bias), out, 4 * (base + 96))
      }
    }
  }
}
