// A vectorized e^x for the activation and softmax kernels. Kernels imports no libm (Dispatch only), and libm's
// expf would be one call per element anyway.
//
// e^x = 2^n * e^r with n = round(x / ln 2) and r = x - n ln 2 in [-ln2/2, ln2/2]; e^r by its Taylor series to
// degree 6 (truncation below 1.3e-7 relative, about one ulp); 2^n built in the exponent bits.

/// Lower clamp of the exponential's argument: below it e^x underflows to 0 in Float (ln of the smallest normal).
let exponentialMinimumArgument: Float = -87.33654
/// Upper clamp of the exponential's argument: above it e^x overflows Float.
let exponentialMaximumArgument: Float = 88.37626

/// `e^x` per lane, within about 2 ulp for normal results; 0 below `exponentialMinimumArgument`.
@inline(__always)
func exponential(_ x: SIMD16<Float>) -> SIMD16<Float> {
  let log2e: Float = 1.442_695_04
  let ln2High: Float = 0.693_359_375  // ln 2 split so n * ln2High is exact for |n| < 2^9
  let ln2Low: Float = -2.121_944_4e-4
  let roundingMagic: Float = 12_582_912  // 1.5 * 2^23: adding it rounds to an integer in the low mantissa bits
  let clamped = x.clamped(
    lowerBound: SIMD16(repeating: exponentialMinimumArgument), upperBound: SIMD16(repeating: exponentialMaximumArgument))
  let shifted = clamped * log2e + roundingMagic
  let n = shifted - roundingMagic
  var r = clamped - n * ln2High
  r = r - n * ln2Low
  // Taylor series of e^r, Horner form.
  var p = SIMD16<Float>(repeating: 1.0 / 720)
  p = p * r + 1.0 / 120
  p = p * r + 1.0 / 24
  p = p * r + 1.0 / 6
  p = p * r + 0.5
  p = p * r + 1
  p = p * r + 1
  // 2^n: n sits in the low mantissa bits of `shifted`; move it into the exponent field.
  let nBits = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- unsafeBitCast(SIMD16<Float>(repeating: roundingMagic), to: SIMD16<Int32>.self)
  // Split 2^n in two factors so n = -126...128 stays within normal exponents.
  let half = nBits &>> 1
  let scale1 = unsafeBitCast((half &+ 127) &<< 23, to: SIMD16<Float>.self)
  let scale2 = unsafeBitCast((nBits &- half &+ 127) &<< 23, to: SIMD16<Float>.self)
  let result = p * scale1 * scale2
  return result.replacing(with: 0, where: x .< exponentialMinimumArgument)
}

/// `e^x` for one value through the vector kernel (tails of the element-wise loops).
@inline(__always)
func exponential(_ x: Float) -> Float { exponential(SIMD16(repeating: x))[0] }
