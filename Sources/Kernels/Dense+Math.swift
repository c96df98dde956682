// Vectorized exp and erf for the dense kernels. `Kernels` may not import libm (Glibc), so these are written
// here: `exp` by range reduction to [-ln2/2, ln2/2] and a degree-6 polynomial (relative error < 2e-7), `erf`
// by Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7), which is enough for float32 BERT activations.

extension Dense {
  /// `e^x` per lane; inputs below -87 give about 1e-38 instead of denormals or 0.
  @inline(__always)
  static func exp(_ x: SIMD16<Float>) -> SIMD16<Float> {
    // Clamp by compare and blend (`pointwiseMin`/`pointwiseMax` are not vectorized).
    let x = x.replacing(with: 88, where: x .> 88).replacing(with: -87, where: x .< -87)
    // Round x / ln2 to the nearest integer by adding 1.5 * 2^23: the sum's last bits then hold the integer.
    let magic = SIMD16<Float>(repeating: 12_582_912)
    let shifted = magic.addingProduct(x, SIMD16(repeating: 1.442_695_04))
    let n = shifted - magic
    // r = x - n ln2, with ln2 split in two so the product is exact enough.
    var r = x.addingProduct(n, SIMD16(repeating: -0.693_145_751_953_125))
    r = r.addingProduct(n, SIMD16(repeating: -1.428_606_765_330_187e-06))
    var p = SIMD16<Float>(repeating: 1.0 / 720)
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    // 2^n built from its exponent bits: (n + 127) << 23.
    let integer = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- unsafeBitCast(magic, to: SIMD16<Int32>.self)
    let scale = unsafeBitCast((integer &+ 127) &<< 23, to: SIMD16<Float>.self)
    return p * scale
  }

  /// The error function per lane, by Abramowitz & Stegun 7.1.26 on |x| and odd symmetry.
  @inline(__always)
  static func erf(_ x: SIMD16<Float>) -> SIMD16<Float> {
    let signBits = unsafeBitCast(x, to: SIMD16<UInt32>.self) & 0x8000_0000
    let a = unsafeBitCast(unsafeBitCast(x, to: SIMD16<UInt32>.self) & 0x7FFF_FFFF, to: SIMD16<Float>.self)
    let t = 1 / (SIMD16<Float>(repeating: 1).addingProduct(a, SIMD16(repeating: 0.327_591_1)))
    var poly = SIMD16<Float>(repeating: 1.061_405_429)
    poly = poly * t - 1.453_152_027
    poly = poly * t + 1.421_413_741
    poly = poly * t - 0.284_496_736
    poly = poly * t + 0.254_829_592
    poly = poly * t
    let y = 1 - poly * exp(-a * a)
    return unsafeBitCast(unsafeBitCast(y, to: SIMD16<UInt32>.self) | signBits, to: SIMD16<Float>.self)
  }
}
