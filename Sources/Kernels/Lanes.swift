// Lane conversions and half-precision loads shared by the quantized kernels.
//
// The SIMD conversion initializers of the standard library (`SIMD16<Float>(someIntVector)`) are not inlined on
// Linux and cost a call per vector; the element loops below compile to one `vpmovzxbd`/`vpmovsxbd` +
// `vcvtdq2ps` (or `vcvtph2ps`) per register on haswell and later (checked with `swiftc -O -emit-assembly`).

/// Reads the IEEE half at `offset` bytes past `base` as a `Float`.
@inline(__always)
func loadHalf(_ base: UnsafeRawPointer, _ offset: Int) -> Float {
  halfToFloat(base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
}

/// Converts IEEE binary16 bits to `Float` (one `vcvtph2ps` where F16C exists).
@inline(__always)
func halfToFloat(_ bits: UInt16) -> Float {
  #if arch(x86_64) && os(macOS)
    return softHalfToFloat(bits)
  #else
    return Float(Float16(bitPattern: bits))
  #endif
}

/// Converts IEEE binary16 bits to `Float` with integer arithmetic only (platforms without `Float16`).
@inline(__always)
func softHalfToFloat(_ bits: UInt16) -> Float {
  let sign = UInt32(bits & 0x8000) << 16
  let exponent = Int((bits >> 10) & 0x1F)
  let mantissa = UInt32(bits & 0x3FF)
  if exponent == 0 {
    // Zero or subnormal: mantissa * 2^-24, exact in Float.
    let magnitude = Float(mantissa) * 0x1p-24
    return sign == 0 ? magnitude : -magnitude
  }
  if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
  return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | (mantissa << 13))
}

/// Converts bfloat16 bits to `Float` (the high half of the `Float` bit pattern).
@inline(__always)
func bfloat16ToFloat(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

/// Widens 16 unsigned bytes to 16 floats.
@inline(__always)
func floats(_ q: SIMD16<UInt8>) -> SIMD16<Float> {
  var f = SIMD16<Float>()
  for i in 0..<16 { f[i] = Float(q[i]) }
  return f
}

/// Widens 16 signed bytes to 16 floats.
@inline(__always)
func floats(_ q: SIMD16<Int8>) -> SIMD16<Float> {
  var f = SIMD16<Float>()
  for i in 0..<16 { f[i] = Float(q[i]) }
  return f
}

/// Converts 16 halves to 16 floats.
@inline(__always)
func floats(halves h: SIMD16<UInt16>) -> SIMD16<Float> {
  var f = SIMD16<Float>()
  for i in 0..<16 { f[i] = halfToFloat(h[i]) }
  return f
}

/// Converts 16 bfloat16 values to 16 floats.
@inline(__always)
func floats(bfloat16s h: SIMD16<UInt16>) -> SIMD16<Float> {
  var f = SIMD16<Float>()
  for i in 0..<16 { f[i] = bfloat16ToFloat(h[i]) }
  return f
}

/// 16 in byte lane `i` where bit `i` of `bits` is set, else 0: the fifth bit of 16 five-bit quants.
///
/// Broadcasts the two bytes to eight lanes each, masks one bit per lane and compares (five instructions on AVX2).
@inline(__always)
func fifthBitLanes(_ bits: UInt16) -> SIMD16<UInt8> {
  let low = UInt8(truncatingIfNeeded: bits), high = UInt8(truncatingIfNeeded: bits >> 8)
  let v = SIMD16<UInt8>(lowHalf: SIMD8(repeating: low), highHalf: SIMD8(repeating: high))
  let masks = SIMD16<UInt8>(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128)
  return SIMD16<UInt8>(repeating: 0).replacing(with: 16, where: (v & masks) .== masks)
}

/// Loads 16 floats at `offset` bytes past `base`.
@inline(__always)
func load16(_ base: UnsafeRawPointer, _ offset: Int) -> SIMD16<Float> {
  base.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
}

/// Stores 16 floats at `offset` bytes past `base`.
@inline(__always)
func store16(_ v: SIMD16<Float>, _ base: UnsafeMutableRawPointer, _ offset: Int) {
  base.storeBytes(of: v, toByteOffset: offset, as: SIMD16<Float>.self)
}

/// The sum of 16 lanes as a fixed tree of vector adds, always inlined (the standard library's `sum()` is sometimes
/// left as a call, which costs more than the reduction in a short matrix-vector row).
@inline(__always)
func horizontalSum(_ v: SIMD16<Float>) -> Float { horizontalSum(v.lowHalf + v.highHalf) }

/// The sum of 8 lanes as a fixed tree of adds, always inlined.
@inline(__always)
func horizontalSum(_ v: SIMD8<Float>) -> Float {
  let b = v.lowHalf + v.highHalf
  return (b[0] + b[2]) + (b[1] + b[3])
}

/// Widens 16 unsigned bytes to 16-bit lanes (one `vpmovzxbw`).
@inline(__always)
func int16s(_ q: SIMD16<UInt8>) -> SIMD16<Int16> {
  var v = SIMD16<Int16>()
  for i in 0..<16 { v[i] = Int16(q[i]) }
  return v
}

/// Widens 16 signed bytes to 16-bit lanes (one `vpmovsxbw`).
@inline(__always)
func int16s(_ q: SIMD16<Int8>) -> SIMD16<Int16> {
  var v = SIMD16<Int16>()
  for i in 0..<16 { v[i] = Int16(q[i]) }
  return v
}

/// Converts 8 32-bit integers to floats (one `vcvtdq2ps`).
@inline(__always)
func floats(_ v: SIMD8<Int32>) -> SIMD8<Float> {
  var f = SIMD8<Float>()
  for i in 0..<8 { f[i] = Float(v[i]) }
  return f
}
