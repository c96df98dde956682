// Q5_K: 256 values per super-block in eight sub-blocks of 32, 5-bit quants, scales and minimums packed as in
// Q4_K. Fast kernels; the scalar twin is `Reference.Q5_K`.

/// GGML's `Q5_K` block format: in sub-block `s`, `w = d * sc[s] * q - dmin * m[s]` with 5-bit `q`.
///
/// Layout of one 176-byte super-block: `d` (binary16) at 0, `dmin` (binary16) at 2, 12 bytes of scales and
/// minimums at 4 (packed as in ``Q4_K``), 32 bytes `qh` at 16, then 128 bytes `qs` at 48. Value `l` (0...31) of
/// sub-block `s` takes its low 4 bits from `qs[32 * (s / 2) + l]` (low nibble for even `s`, high for odd) and
/// bit 4 from bit `s` of `qh[l]`.
public enum Q5_K: BlockFormat {
  /// Values per super-block.
  public static let valuesPerBlock = 256
  /// Bytes per super-block.
  public static let bytesPerBlock = 176
  /// Byte offset of the super-scale `d` (binary16).
  public static let scaleOffset = 0
  /// Byte offset of the super-minimum `dmin` (binary16).
  public static let minimumOffset = 2
  /// Byte offset of the 12 bytes of packed 6-bit scales and minimums.
  public static let scalesOffset = 4
  /// Byte offset of the 32 bytes of high bits.
  public static let highBitsOffset = 16
  /// Byte offset of the 128 bytes of packed low nibbles.
  public static let quantsOffset = 48

  /// Dequantizes whole blocks: `values.count` must be `blocks.count / bytesPerBlock * valuesPerBlock`.
  public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    dequantizeBuffer(blocks, into: values)
  }

  /// Returns `Σ w[i] * x[i]` for one row of blocks; matches `Reference.Q5_K.dot` up to summation order.
  public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    dotBuffer(row, x)
  }

  /// Quants 16 * `half` ..< 16 * `half` + 16 of sub-blocks `2j` and `2j + 1`.
  @inline(__always)
  static func quants(_ block: UnsafeRawPointer, _ j: Int, _ half: Int) -> (SIMD16<UInt8>, SIMD16<UInt8>) {
    let ql = block.loadUnaligned(fromByteOffset: quantsOffset + 32 * j + 16 * half, as: SIMD16<UInt8>.self)
    let qh = block.loadUnaligned(fromByteOffset: highBitsOffset + 16 * half, as: SIMD16<UInt8>.self)
    let shift = UInt8(2 * j)
    let hiLo = ((qh &>> shift) & 1) &<< 4
    let hiHi = ((qh &>> (shift + 1)) & 1) &<< 4
    return ((ql & 0x0F) | hiLo, (ql &>> 4) | hiHi)
  }

  @inline(__always)
  static func accumulateDot(_ block: UnsafeRawPointer, _ x: UnsafeRawPointer, into acc: inout SIMD16<Float>) {
    let (scales, minimums) = Q4_K.subBlockScales(block)
    // Each weight is decoded in registers as `d * sc * q - dmin * m` (one fused multiply-add) and multiplied
    // into the accumulator at once: few live registers, so nothing spills on AVX2.
    for j in 0..<4 {
      let dLo = SIMD16<Float>(repeating: scales[2 * j]), mLo = SIMD16<Float>(repeating: -minimums[2 * j])
      let dHi = SIMD16<Float>(repeating: scales[2 * j + 1]), mHi = SIMD16<Float>(repeating: -minimums[2 * j + 1])
      for half in 0..<2 {
        let (lo, hi) = quants(block, j, half)
        acc.addProduct(mLo.addingProduct(floats(lo), dLo), load16(x, 4 * (64 * j + 16 * half)))
        acc.addProduct(mHi.addingProduct(floats(hi), dHi), load16(x, 4 * (64 * j + 32 + 16 * half)))
      }
    }
  }

  @inline(__always)
  static func dequantizeBlock(_ block: UnsafeRawPointer, into out: UnsafeMutableRawPointer) {
    let d = loadHalf(block, scaleOffset)
    let dmin = loadHalf(block, minimumOffset)
    let scales = block + scalesOffset
    for j in 0..<4 {
      let (scLo, mLo) = Q4_K.scaleAndMinimum(scales, 2 * j)
      let (scHi, mHi) = Q4_K.scaleAndMinimum(scales, 2 * j + 1)
      let dLo = SIMD16<Float>(repeating: d * scLo), mulLo = SIMD16<Float>(repeating: dmin * mLo)
      let dHi = SIMD16<Float>(repeating: d * scHi), mulHi = SIMD16<Float>(repeating: dmin * mHi)
      for half in 0..<2 {
        let (a, b) = quants(block, j, half)
        store16(dLo * floats(a) - mulLo, out, 4 * (64 * j + 16 * half))
        store16(dHi * floats(b) - mulHi, out, 4 * (64 * j + 32 + 16 * half))
      }
    }
  }
}
