// The matrix-vector product of Q4_1 rows (generation), with the minimum term of every block folded into one sum
// of x per block, computed once per product and shared by every row.

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
