// Activations rounded to 8 bits for the integer matrix-vector kernels, as llama.cpp quantizes x to `Q8_0` / `Q8_1`
// blocks before a quantized matrix-vector product.
//
// Legend: x is [C] (C a whole number of blocks of 32), q its quants in -127...127, d[b] the scale of block b,
// s[b] = d[b] * Σ q over block b (what a Q4_1 block's minimum multiplies). x̃ = d[b] * q is the value the kernels
// actually multiply; `Reference.quantizeActivations` computes the same x̃ with the same Float operations.
//
// Why: a weight block's dot product with x becomes `d_w * d[b] * Σ q_w * q` with the inner sum in integers
// (pairwise 16-bit multiply-adds, one `vpdpwssd`/`vpmaddwd` per 16 products on x86), instead of widening every
// weight to Float. The rounding moves each product by at most half a step of x's block scale, the same error
// llama.cpp makes.

/// How the matrix-vector kernels (one row of x) read the activations.
public enum ActivationPrecision: Sendable, Hashable {
  /// x as given, in Float.
  case float
  /// x rounded to 8 bits in blocks of 32 with one Float scale each (llama.cpp's `Q8_0`/`Q8_1` activations) for the
  /// weight types that have integer kernels (``QuantType/hasIntegerMatrixVector``); other types read x in Float.
  case int8
}

extension QuantType {
  /// Whether a matrix-vector product with weights of this type has an integer kernel for ``ActivationPrecision/int8``.
  public var hasIntegerMatrixVector: Bool { self == .q8_0 || self == .q4_1 }
}

/// x in blocks of 32 as 8-bit quants (held as Int16, so the kernels load them straight into pairwise
/// multiply-adds), with per-block scales `d` and sums `s`. Points into a temporary allocation of its creator.
struct QuantizedActivations {
  /// Values per block.
  static let valuesPerBlock = 32
  /// Largest quant magnitude: x's largest magnitude in a block maps to ±127, as in llama.cpp's `Q8_0`.
  static let quantLimit: Float = 127
  /// `q`, `[C]`.
  var quants: UnsafePointer<Int16>
  /// `d`, `[C/32]`.
  var scales: UnsafePointer<Float>
  /// `s = d * Σ q` per block, `[C/32]`.
  var sums: UnsafePointer<Float>
}

/// Quantizes `x[0..<C]` into a temporary ``QuantizedActivations`` (stack memory when it fits) and runs `body` with it.
///
/// Per block: `d = max|x| / 127`, `q = round(x / d)` (ties away from zero, as C's `roundf`), computed as
/// `x * (1 / d)`; an all-zero block gets `d = 0` and zero quants.
///
/// - Complexity: O(C).
@inline(__always)
func withQuantizedActivations<Result>(
  _ x: UnsafePointer<Float>, count C: Int, _ body: (QuantizedActivations) -> Result
) -> Result {
  let blockCount = C / QuantizedActivations.valuesPerBlock
  let quantBytes = C * MemoryLayout<Int16>.stride
  let byteCount = quantBytes + 2 * blockCount * MemoryLayout<Float>.stride
  return withUnsafeTemporaryAllocation(byteCount: max(byteCount, 64), alignment: 64) { raw in
    let base = raw.baseAddress!
    let quants = base.bindMemory(to: Int16.self, capacity: C)
    let scales = (base + quantBytes).bindMemory(to: Float.self, capacity: 2 * blockCount)
    let sums = scales + blockCount
    for b in 0..<blockCount {
      let qb = quants + b * QuantizedActivations.valuesPerBlock
      let d = quantizeBlock(x + b * QuantizedActivations.valuesPerBlock) { i, q in qb[i] = q }
      var total: Int32 = 0
      for i in 0..<QuantizedActivations.valuesPerBlock { total &+= Int32(qb[i]) }
      scales[b] = d
      sums[b] = d * Float(total)
    }
    return body(QuantizedActivations(quants: quants, scales: scales, sums: sums))
  }
}

/// Quantizes the 32 values at `x` (the formula of ``withQuantizedActivations(_:count:_:)``), handing each quant to
/// `store`, and returns the block's scale `d`.
@inline(__always)
func quantizeBlock(_ x: UnsafePointer<Float>, _ store: (Int, Int16) -> Void) -> Float {
  var largest: Float = 0
  for i in 0..<QuantizedActivations.valuesPerBlock { largest = max(largest, abs(x[i])) }
  let d = largest / QuantizedActivations.quantLimit
  let inverse: Float = d == 0 ? 0 : 1 / d
  for i in 0..<QuantizedActivations.valuesPerBlock {
    store(i, Int16((x[i] * inverse).rounded(.toNearestOrAwayFromZero)))
  }
  return d
}

/// Writes x̃ = `d * q` for `count` values of `x` (whole blocks of 32) to `out`: the values the integer kernels
/// multiply, in Float, so batched products (which multiply decoded weight panels in Float) compute the same sums as
/// single-row integer products and a prompt gives the same logits whether or not part of it came from the cache.
@inline(__always)
func roundActivations(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>) {
  for start in stride(from: 0, to: count, by: QuantizedActivations.valuesPerBlock) {
    var quants = SIMD32<Int16>()
    let d = quantizeBlock(x + start) { i, q in quants[i] = q }
    for i in 0..<QuantizedActivations.valuesPerBlock { out[start + i] = d * Float(quants[i]) }
  }
}

/// Σ over 16 products `a[i] * b[i]`, summed in adjacent pairs into 8 lanes: one `vpmaddwd` (`vpdpwssd` when it adds
/// to an accumulator) on x86. Exact: each product is at most 127 · 255 in magnitude.
@inline(__always)
func pairwiseProducts(_ a: SIMD16<Int16>, _ b: SIMD16<Int16>) -> SIMD8<Int32> {
  var wideA = SIMD16<Int32>(), wideB = SIMD16<Int32>()
  for i in 0..<16 {
    wideA[i] = Int32(a[i])
    wideB[i] = Int32(b[i])
  }
  let products = wideA &* wideB
  return products.evenHalf &+ products.oddHalf
}

/// Loads 16 quants of x at `offset` bytes past `base`.
@inline(__always)
func load16Quants(_ base: UnsafeRawPointer, _ offset: Int) -> SIMD16<Int16> {
  base.loadUnaligned(fromByteOffset: offset, as: SIMD16<Int16>.self)
}
