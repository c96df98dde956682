// The shape every GGML block format shares, so the row, matrix-vector and matrix-matrix loops are written once
// and specialized per format (SwiftPM release builds optimize the whole module, so the generic loops below
// become one concrete loop per format with the block kernel inlined).

/// A GGML block format: runs of `valuesPerBlock` values stored in `bytesPerBlock` bytes, one after another.
protocol BlockFormat: RowFormat {
  /// Values per block (32, or 256 for the K-quants).
  static var valuesPerBlock: Int { get }
  /// Bytes per block.
  static var bytesPerBlock: Int { get }
  /// Adds `Σ w[i] * x[i]` over one block to `acc` (as 16 partial sums); `x` holds `valuesPerBlock` floats.
  static func accumulateDot(_ block: UnsafeRawPointer, _ x: UnsafeRawPointer, into acc: inout SIMD16<Float>)
  /// Writes the block's `valuesPerBlock` values to `out`.
  static func dequantizeBlock(_ block: UnsafeRawPointer, into out: UnsafeMutableRawPointer)
}

/// A tensor storage type seen one row at a time: what the matrix kernels need.
protocol RowFormat {
  /// Bytes that one row of `columnCount` values occupies; `nil` if `columnCount` is not a whole number of blocks.
  static func rowByteCount(columnCount: Int) -> Int?
  /// `Σ w[i] * x[i]` over one row of `columnCount` values.
  static func dot(row: UnsafeRawPointer, x: UnsafePointer<Float>, columnCount: Int) -> Float
  /// Writes one row of `columnCount` values to `out`.
  static func dequantize(row: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>, columnCount: Int)
  /// The dot products of two rows with the same `x` (so each load of `x` serves both rows).
  static func dot2(
    rows row0: UnsafeRawPointer, _ row1: UnsafeRawPointer, x: UnsafePointer<Float>, columnCount: Int
  ) -> (Float, Float)
}

extension RowFormat {
  @inline(__always)
  static func dot2(
    rows row0: UnsafeRawPointer, _ row1: UnsafeRawPointer, x: UnsafePointer<Float>, columnCount: Int
  ) -> (Float, Float) {
    (dot(row: row0, x: x, columnCount: columnCount), dot(row: row1, x: x, columnCount: columnCount))
  }
}

extension BlockFormat {
  static func rowByteCount(columnCount: Int) -> Int? {
    guard columnCount >= 0, columnCount % valuesPerBlock == 0 else { return nil }
    return columnCount / valuesPerBlock * bytesPerBlock
  }

  @inline(__always)
  static func dot(row: UnsafeRawPointer, x: UnsafePointer<Float>, columnCount: Int) -> Float {
    let blockCount = columnCount / valuesPerBlock
    let xs = UnsafeRawPointer(x)
    let xStride = valuesPerBlock * MemoryLayout<Float>.stride
    // Two accumulators, so consecutive blocks do not wait on each other's additions.
    var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
    var b = 0
    while b + 2 <= blockCount {
      accumulateDot(row + b * bytesPerBlock, xs + b * xStride, into: &acc0)
      accumulateDot(row + (b + 1) * bytesPerBlock, xs + (b + 1) * xStride, into: &acc1)
      b += 2
    }
    if b < blockCount { accumulateDot(row + b * bytesPerBlock, xs + b * xStride, into: &acc0) }
    return horizontalSum(acc0 + acc1)
  }

  /// Both rows' blocks are decoded in the same loop; after inlining, the loads of `x` are shared.
  @inline(__always)
  static func dot2(
    rows row0: UnsafeRawPointer, _ row1: UnsafeRawPointer, x: UnsafePointer<Float>, columnCount: Int
  ) -> (Float, Float) {
    // A K-quant super-block already keeps every register busy; pairing two of them spills (AVX2 has 16 `ymm`).
    if valuesPerBlock > 32 {
      return (dot(row: row0, x: x, columnCount: columnCount), dot(row: row1, x: x, columnCount: columnCount))
    }
    let blockCount = columnCount / valuesPerBlock
    let xs = UnsafeRawPointer(x)
    let xStride = valuesPerBlock * MemoryLayout<Float>.stride
    var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
    for b in 0..<blockCount {
      accumulateDot(row0 + b * bytesPerBlock, xs + b * xStride, into: &acc0)
      accumulateDot(row1 + b * bytesPerBlock, xs + b * xStride, into: &acc1)
    }
    return (horizontalSum(acc0), horizontalSum(acc1))
  }

  static func dequantize(row: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>, columnCount: Int) {
    let blockCount = columnCount / valuesPerBlock
    let outs = UnsafeMutableRawPointer(out)
    for b in 0..<blockCount {
      dequantizeBlock(row + b * bytesPerBlock, into: outs + b * valuesPerBlock * MemoryLayout<Float>.stride)
    }
  }

  /// The number of blocks in `byteCount` bytes that decode to `valueCount` values; traps on a mismatch, which is
  /// a caller's bug (file readers validate tensor sizes before handing bytes to kernels).
  static func blockCount(byteCount: Int, valueCount: Int) -> Int {
    precondition(byteCount % bytesPerBlock == 0, "\(byteCount) bytes is not a whole number of \(Self.self) blocks")
    let blockCount = byteCount / bytesPerBlock
    precondition(blockCount * valuesPerBlock == valueCount, "\(blockCount) blocks do not hold \(valueCount) values")
    return blockCount
  }

  /// Dequantizes whole buffers (the public `dequantize(_:into:)` of each format).
  static func dequantizeBuffer(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    let count = blockCount(byteCount: blocks.count, valueCount: values.count)
    guard count > 0, let source = blocks.baseAddress, let destination = values.baseAddress else { return }
    dequantize(row: source, into: destination, columnCount: count * valuesPerBlock)
  }

  /// One row's dot product over buffers (the public `dot(_:_:)` of each format).
  static func dotBuffer(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    let count = blockCount(byteCount: row.count, valueCount: x.count)
    guard count > 0, let source = row.baseAddress, let xs = x.baseAddress else { return 0 }
    return dot(row: source, x: xs, columnCount: count * valuesPerBlock)
  }
}
