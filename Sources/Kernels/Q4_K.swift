// Q4_K: 256 values per super-block in eight sub-blocks of 32, each with a 6-bit scale and 6-bit minimum under
// two half-precision super-scales. Fast kernels; the scalar twin is `Reference.Q4_K`.

/// GGML's `Q4_K` block format: in sub-block `s`, `w = d * sc[s] * q - dmin * m[s]` with 4-bit `q`.
///
/// Layout of one 144-byte super-block: `d` (binary16) at 0, `dmin` (binary16) at 2, 12 bytes of packed 6-bit
/// scales and minimums at 4, then 128 bytes `qs` at 16. The quants come in four 32-byte runs; run `j` holds
/// sub-block `2j` in its low nibbles and sub-block `2j + 1` in its high nibbles.
///
/// Scales and minimums (`sc[s]`, `m[s]`, 6 bits each) for `s < 4` are the low 6 bits of bytes `s` and `s + 4`;
/// for `s >= 4`, the low and high nibbles of byte `s + 4` plus the top two bits of bytes `s - 4` and `s`.
public enum Q4_K: BlockFormat {
  /// Values per super-block.
  public static let valuesPerBlock = 256
  /// Bytes per super-block.
  public static let bytesPerBlock = 144
  /// Values per sub-block (one scale and minimum each).
  public static let valuesPerSubBlock = 32
  /// Byte offset of the super-scale `d` (binary16).
  public static let scaleOffset = 0
  /// Byte offset of the super-minimum `dmin` (binary16).
  public static let minimumOffset = 2
  /// Byte offset of the 12 bytes of packed 6-bit scales and minimums.
  public static let scalesOffset = 4
  /// Byte offset of the 128 bytes of packed quants.
  public static let quantsOffset = 16

  /// Dequantizes whole blocks: `values.count` must be `blocks.count / bytesPerBlock * valuesPerBlock`.
  public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    dequantizeBuffer(blocks, into: values)
  }

  /// Returns `Σ w[i] * x[i]` for one row of blocks; matches `Reference.Q4_K.dot` up to summation order.
  public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    dotBuffer(row, x)
  }

  /// The 6-bit scale and minimum of sub-block `s` (0...7) from the 12 packed bytes at `scales`.
  @inline(__always)
  static func scaleAndMinimum(_ scales: UnsafeRawPointer, _ s: Int) -> (scale: Float, minimum: Float) {
    @inline(__always) func byte(_ i: Int) -> UInt8 { scales.load(fromByteOffset: i, as: UInt8.self) }
    if s < 4 {
      return (Float(byte(s) & 63), Float(byte(s + 4) & 63))
    }
    let scale = (byte(s + 4) & 0x0F) | ((byte(s - 4) >> 6) << 4)
    let minimum = (byte(s + 4) >> 4) | ((byte(s) >> 6) << 4)
    return (Float(scale), Float(minimum))
  }

  /// `d * sc[s]` and `dmin * m[s]` for the eight sub-blocks, decoded from the 12 packed bytes with word-wide
  /// masks (the layout in the type's discussion, four sub-blocks per 32-bit word).
  @inline(__always)
  static func subBlockScales(_ block: UnsafeRawPointer) -> (scales: SIMD8<Float>, minimums: SIMD8<Float>) {
    let w0 = block.loadUnaligned(fromByteOffset: scalesOffset, as: UInt32.self)
    let w1 = block.loadUnaligned(fromByteOffset: scalesOffset + 4, as: UInt32.self)
    let w2 = block.loadUnaligned(fromByteOffset: scalesOffset + 8, as: UInt32.self)
    let low6: UInt32 = 0x3F3F_3F3F, low4: UInt32 = 0x0F0F_0F0F, bits45: UInt32 = 0x3030_3030
    let scales = SIMD2<UInt32>(w0 & low6, (w2 & low4) | ((w0 >> 2) & bits45))
    let minimums = SIMD2<UInt32>(w1 & low6, ((w2 >> 4) & low4) | ((w1 >> 2) & bits45))
    let scaleBytes = unsafeBitCast(scales, to: SIMD8<UInt8>.self)
    let minimumBytes = unsafeBitCast(minimums, to: SIMD8<UInt8>.self)
    var sc = SIMD8<Float>(), m = SIMD8<Float>()
    for i in 0..<8 {
      sc[i] = Float(scaleBytes[i])
      m[i] = Float(minimumBytes[i])
    }
    return (sc * loadHalf(block, scaleOffset), m * loadHalf(block, minimumOffset))
  }

  @inline(__always)
  static func accumulateDot(_ block: UnsafeRawPointer, _ x: UnsafeRawPointer, into acc: inout SIMD16<Float>) {
    let (scales, minimums) = subBlockScales(block)
    // Each weight is decoded in registers as `d * sc * q - dmin * m` (one fused multiply-add) and multiplied
    // into the accumulator at once: few live registers, so nothing spills on AVX2.
    for j in 0..<4 {
      let dLo = SIMD16<Float>(repeating: scales[2 * j]), mLo = SIMD16<Float>(repeating: -minimums[2 * j])
      let dHi = SIMD16<Float>(repeating: scales[2 * j + 1]), mHi = SIMD16<Float>(repeating: -minimums[2 * j + 1])
      for half in 0..<2 {
        let q = block.loadUnaligned(fromByteOffset: quantsOffset + 32 * j + 16 * half, as: SIMD16<UInt8>.self)
        let (lo, hi) = (q & 0x0F, q &>> 4)
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
      let (scLo, mLo) = scaleAndMinimum(scales, 2 * j)
      let (scHi, mHi) = scaleAndMinimum(scales, 2 * j + 1)
      let dLo = SIMD16<Float>(repeating: d * scLo), mulLo = SIMD16<Float>(repeating: dmin * mLo)
      let dHi = SIMD16<Float>(repeating: d * scHi), mulHi = SIMD16<Float>(repeating: dmin * mHi)
      for half in 0..<2 {
        let q = block.loadUnaligned(fromByteOffset: quantsOffset + 32 * j + 16 * half, as: SIMD16<UInt8>.self)
        store16(dLo * floats(q & 0x0F) - mulLo, out, 4 * (64 * j + 16 * half))
        store16(dHi * floats(q &>> 4) - mulHi, out, 4 * (64 * j + 32 + 16 * half))
      }
    }
  }
}
