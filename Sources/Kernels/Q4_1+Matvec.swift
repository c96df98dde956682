// The matrix-vector products of Q4_1 rows (generation): with Float activations, the minimum term of every block
// folded into one sum of x per block; with 8-bit activations, integer dot products per block.

extension Q4_1 {
  /// `out[r] = Σ_c W[r][c] * x[c]` for the rows `r` in `range`, on the calling thread.
  ///
  /// A block contributes `d * Σ q x + m * Σ x`; `Σ x` depends on the block's position only, so it is summed once
  /// per product and the second term becomes one scalar multiply-add per row and block (instead of a vector add, a
  /// broadcast and a vector multiply-add). Matches `Reference.Q4_1` up to summation order.
  ///
  /// - Parameters:
  ///   - weights: Row 0 of W.
  ///   - rowByteCount: Bytes of one row.
  ///   - columnCount: C, a whole number of blocks.
  ///   - x: C floats.
  ///   - out: Row `r`'s result goes to `out[r]`.
  ///   - range: The rows to compute.
  @inline(__always)
  static func multiplyRows(
    _ weights: UnsafeRawPointer, rowByteCount: Int, columnCount C: Int, x: UnsafePointer<Float>,
    out: UnsafeMutablePointer<Float>, range: Range<Int>
  ) {
    let blockCount = C / valuesPerBlock
    let xs = UnsafeRawPointer(x)
    let xStride = valuesPerBlock * MemoryLayout<Float>.stride
    withUnsafeTemporaryAllocation(of: Float.self, capacity: max(blockCount, 1)) { sums in
      guard let s = sums.baseAddress else { return }
      for b in 0..<blockCount { s[b] = horizontalSum(load16(xs, b * xStride) + load16(xs, b * xStride + 64)) }
      var r = range.lowerBound
      while r + 2 <= range.upperBound {  // row pairs share the loads of x
        let row0 = weights + r * rowByteCount, row1 = row0 + rowByteCount
        var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
        var min0: Float = 0, min1: Float = 0
        for b in 0..<blockCount {
          let x0 = load16(xs, b * xStride), x1 = load16(xs, b * xStride + 64)
          let block0 = row0 + b * bytesPerBlock, block1 = row1 + b * bytesPerBlock
          accumulateScaledDot(block0, x0, x1, into: &acc0)
          accumulateScaledDot(block1, x0, x1, into: &acc1)
          min0 += loadHalf(block0, minimumOffset) * s[b]
          min1 += loadHalf(block1, minimumOffset) * s[b]
        }
        out[r] = horizontalSum(acc0) + min0
        out[r + 1] = horizontalSum(acc1) + min1
        r += 2
      }
      if r < range.upperBound {
        let row = weights + r * rowByteCount
        var acc = SIMD16<Float>()
        var minimum: Float = 0
        for b in 0..<blockCount {
          let block = row + b * bytesPerBlock
          accumulateScaledDot(block, load16(xs, b * xStride), load16(xs, b * xStride + 64), into: &acc)
          minimum += loadHalf(block, minimumOffset) * s[b]
        }
        out[r] = horizontalSum(acc) + minimum
      }
    }
  }

  /// Adds `d * Σ q x` of one block to `acc` (16 partial sums); `x0`, `x1` are its 32 values of x.
  @inline(__always)
  static func accumulateScaledDot(
    _ block: UnsafeRawPointer, _ x0: SIMD16<Float>, _ x1: SIMD16<Float>, into acc: inout SIMD16<Float>
  ) {
    let d = loadHalf(block, scaleOffset)
    let q = block.loadUnaligned(fromByteOffset: quantsOffset, as: SIMD16<UInt8>.self)
    var t = floats(q & 0x0F) * x0
    t.addProduct(floats(q &>> 4), x1)
    acc.addProduct(t, SIMD16(repeating: d))
  }
}

extension Q4_1 {
  /// `out[r] = Σ_b d_w[r][b] * d[b] * Σ q_w q + m[r][b] * s[b]` for the rows `r` in `range`, with 8-bit activations.
  ///
  /// The Q4_1 minimum multiplies the block's sum of x̃, `s[b]`, precomputed with the quants (llama.cpp's `Q8_1`).
  /// Row pairs share the loads of x, and even and odd blocks have their own accumulators, so four multiply-add
  /// chains are in flight. Matches `Reference.matmul` with x̃ up to summation order.
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
    let d = x.scales, s = x.sums
    var r = range.lowerBound
    while r + 2 <= range.upperBound {
      let row0 = weights + r * rowByteCount, row1 = row0 + rowByteCount
      var even0 = SIMD8<Float>(), even1 = SIMD8<Float>(), odd0 = SIMD8<Float>(), odd1 = SIMD8<Float>()
      var minimums0 = SIMD2<Float>(), minimums1 = SIMD2<Float>()
      var b = 0
      while b + 2 <= blockCount {
        let a0 = row0 + b * bytesPerBlock, a1 = row1 + b * bytesPerBlock
        even0.addProduct(floats(integerDot(a0, xq, b)), SIMD8(repeating: loadHalf(a0, scaleOffset) * d[b]))
        even1.addProduct(floats(integerDot(a1, xq, b)), SIMD8(repeating: loadHalf(a1, scaleOffset) * d[b]))
        let c0 = a0 + bytesPerBlock, c1 = a1 + bytesPerBlock
        odd0.addProduct(floats(integerDot(c0, xq, b + 1)), SIMD8(repeating: loadHalf(c0, scaleOffset) * d[b + 1]))
        odd1.addProduct(floats(integerDot(c1, xq, b + 1)), SIMD8(repeating: loadHalf(c1, scaleOffset) * d[b + 1]))
        let sums = SIMD2(s[b], s[b + 1])
        minimums0.addProduct(SIMD2(loadHalf(a0, minimumOffset), loadHalf(c0, minimumOffset)), sums)
        minimums1.addProduct(SIMD2(loadHalf(a1, minimumOffset), loadHalf(c1, minimumOffset)), sums)
        b += 2
      }
      if b < blockCount {
        let a0 = row0 + b * bytesPerBlock, a1 = row1 + b * bytesPerBlock
        even0.addProduct(floats(integerDot(a0, xq, b)), SIMD8(repeating: loadHalf(a0, scaleOffset) * d[b]))
        even1.addProduct(floats(integerDot(a1, xq, b)), SIMD8(repeating: loadHalf(a1, scaleOffset) * d[b]))
        minimums0[0] += loadHalf(a0, minimumOffset) * s[b]
        minimums1[0] += loadHalf(a1, minimumOffset) * s[b]
      }
      out[r] = horizontalSum(even0 + odd0) + (minimums0[0] + minimums0[1])
      out[r + 1] = horizontalSum(even1 + odd1) + (minimums1[0] + minimums1[1])
      r += 2
    }
    if r < range.upperBound {
      let row = weights + r * rowByteCount
      var acc = SIMD8<Float>()
      var minimum: Float = 0
      for b in 0..<blockCount {
        let block = row + b * bytesPerBlock
        acc.addProduct(floats(integerDot(block, xq, b)), SIMD8(repeating: loadHalf(block, scaleOffset) * d[b]))
        minimum += loadHalf(block, minimumOffset) * s[b]
      }
      out[r] = horizontalSum(acc) + minimum
    }
  }

  /// `Σ q_w q` over block `b` as 8 partial integer sums: low nibbles meet x's first 16 values, high nibbles the rest.
  @inline(__always)
  static func integerDot(_ block: UnsafeRawPointer, _ xq: UnsafeRawPointer, _ b: Int) -> SIMD8<Int32> {
    let q = block.loadUnaligned(fromByteOffset: quantsOffset, as: SIMD16<UInt8>.self)
    let offset = b * valuesPerBlock * MemoryLayout<Int16>.stride
    return pairwiseProducts(int16s(q & 0x0F), load16Quants(xq, offset))
      &+ pairwiseProducts(int16s(q &>> 4), load16Quants(xq, offset + 32))
  }
}
