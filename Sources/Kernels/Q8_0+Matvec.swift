// The integer matrix-vector product of Q8_0 rows with 8-bit activations (generation; the output head of the small
// models is Q8_0 and is their largest matrix).
//
// Scalar twin: `Reference.matmul` over `Reference.quantizeActivations(x)`.

extension Q8_0 {
  /// `out[r] = Σ_b d_w[r][b] * d[b] * Σ q_w q` for the rows `r` in `range`, on the calling thread.
  ///
  /// Matches `Reference.matmul` of the same rows with x̃ (``QuantizedActivations``) up to summation order: the
  /// inner sums are exact integers. Two accumulators (even and odd blocks) keep two multiply-add chains in flight.
  ///
  /// - Parameters:
  ///   - weights: Row 0 of W.
  ///   - rowByteCount: Bytes of one row.
  ///   - columnCount: C, a whole number of blocks.
  ///   - x: The quantized activations.
  ///   - out: Row `r`'s result goes to `out[r]`.
  ///   - range: The rows to compute.
  @inline(__always)
  static func multiplyRows(
    _ weights: UnsafeRawPointer, rowByteCount: Int, columnCount C: Int, x: QuantizedActivations,
    out: UnsafeMutablePointer<Float>, range: Range<Int>
  ) {
    let blockCount = C / valuesPerBlock
    let xq = UnsafeRawPointer(x.quants)
    for r in range {
      let row = weights + r * rowByteCount
      var even = SIMD8<Float>(), odd = SIMD8<Float>()
      var b = 0
      while b + 2 <= blockCount {
        let block = row + b * bytesPerBlock
        even.addProduct(floats(integerDot(block, xq, b)), SIMD8(repeating: loadHalf(block, scaleOffset) * x.scales[b]))
        let next = block + bytesPerBlock
        odd.addProduct(
          floats(integerDot(next, xq, b + 1)), SIMD8(repeating: loadHalf(next, scaleOffset) * x.scales[b + 1]))
        b += 2
      }
      if b < blockCount {
        let block = row + b * bytesPerBlock
        even.addProduct(floats(integerDot(block, xq, b)), SIMD8(repeating: loadHalf(block, scaleOffset) * x.scales[b]))
      }
      out[r] = horizontalSum(even + odd)
    }
  }

  /// `Σ q_w q` over block `b` as 8 partial integer sums.
  @inline(__always)
  static func integerDot(_ block: UnsafeRawPointer, _ xq: UnsafeRawPointer, _ b: Int) -> SIMD8<Int32> {
    let q0 = block.loadUnaligned(fromByteOffset: quantsOffset, as: SIMD16<Int8>.self)
    let q1 = block.loadUnaligned(fromByteOffset: quantsOffset + 16, as: SIMD16<Int8>.self)
    let offset = b * valuesPerBlock * MemoryLayout<Int16>.stride
    return pairwiseProducts(int16s(q0), load16Quants(xq, offset))
      &+ pairwiseProducts(int16s(q1), load16Quants(xq, offset + 32))
  }
}
