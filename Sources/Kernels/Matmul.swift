// Matrix-vector and matrix-matrix products of a stored weight matrix with float activations.
//
// Legend: W is the weight matrix [R][C] (R = rowCount outputs, C = columnCount inputs) in any `QuantType`,
// row-major as GGUF stores it (a tensor of GGUF shape [C, R]); x is [B][C] (B = batch rows, tokens), out is
// [B][R]; out[b][r] = Σ_c W[r][c] * x[b][c].
//
// Matrix-vector (B = 1, generation): each row's blocks are decoded in registers and multiplied with x at once
// (`RowFormat.dot`); rows are split across threads. Matrix-matrix (B > 1, prompt processing): each thread decodes a
// panel of a few weight rows into floats once, then multiplies the panel with every row of x in 2 x 4 register
// tiles, so weight bytes are read and decoded once per batch. With `ActivationPrecision.int8`, a matrix-vector
// product of a type with an integer kernel (Q8_0, Q4_1) first rounds x to 8 bits in blocks of 32 (once per call, on
// the calling thread) and sums each block's products in integers (QuantizedActivations.swift): 20-40% faster than
// widening every weight to Float. B > 1 stays in Float, where the decoded panel is reused for every row of x, but
// multiplies x rounded the same way, so a prompt's logits do not depend on how it was split into batches.
//
// Scalar twins: `Reference.matmul`.

/// Computes `out[r] = Σ_c W[r][c] * x[c]` for a weight matrix stored as `type`.
///
/// - Parameters:
///   - weights: The `rowCount` rows of W, each `type.byteCount(valueCount: columnCount)` bytes, back to back.
///   - type: The storage type of W.
///   - rowCount: R, the number of outputs.
///   - columnCount: C, the number of inputs; a whole number of blocks of `type`.
///   - x: C floats.
///   - out: R floats.
///   - threadCount: The most threads to use (rows are split among them).
///   - activations: Whether x is rounded to 8 bits first for the types with integer kernels.
/// - Complexity: O(R * C).
/// - Important: Blocks the calling thread; call it from a model thread, never from the cooperative pool.
public func matvec(
  weights: UnsafeRawBufferPointer, type: QuantType, rowCount: Int, columnCount: Int,
  x: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>, threadCount: Int,
  activations: ActivationPrecision = .float
) {
  matmul(
    weights: weights, type: type, rowCount: rowCount, columnCount: columnCount, x: x, into: out,
    threadCount: threadCount, activations: activations)
}

/// Computes `out[b][r] = Σ_c W[r][c] * x[b][c]` for every row `b` of a batch, reading W once per call.
///
/// With one row in `x` this is ``matvec(weights:type:rowCount:columnCount:x:into:threadCount:)``.
///
/// - Parameters:
///   - weights: The `rowCount` rows of W, each `type.byteCount(valueCount: columnCount)` bytes, back to back.
///   - type: The storage type of W.
///   - rowCount: R, the number of outputs.
///   - columnCount: C, the number of inputs; a whole number of blocks of `type`.
///   - x: B rows of C floats (B = `x.count / columnCount`).
///   - out: B rows of R floats.
///   - threadCount: The most threads to use (weight rows are split among them).
///   - activations: With `.int8`, types with integer kernels (``QuantType/hasIntegerMatrixVector``) multiply x rounded
///     to 8 bits in blocks of 32 (`Reference.quantizeActivations`): one row with integer dot products, a batch in
///     Float over the rounded values (one temporary copy of x per call), so both give the same sums.
/// - Complexity: O(B * R * C).
/// - Important: Blocks the calling thread; call it from a model thread, never from the cooperative pool.
public func matmul(
  weights: UnsafeRawBufferPointer, type: QuantType, rowCount: Int, columnCount: Int,
  x: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>, threadCount: Int,
  activations: ActivationPrecision = .float
) {
  precondition(rowCount >= 0 && columnCount > 0, "bad shape \(rowCount) x \(columnCount)")
  guard let rowBytes = type.byteCount(valueCount: columnCount) else {
    preconditionFailure("\(columnCount) columns are not a whole number of \(type) blocks")
  }
  precondition(weights.count == rowCount * rowBytes, "\(weights.count) bytes are not \(rowCount) rows of \(type)")
  precondition(x.count % columnCount == 0, "x holds \(x.count) floats, not rows of \(columnCount)")
  let batchCount = x.count / columnCount
  precondition(out.count == batchCount * rowCount, "out holds \(out.count) floats, not \(batchCount) x \(rowCount)")
  guard rowCount > 0, batchCount > 0, let w = weights.baseAddress, let xs = x.baseAddress, let o = out.baseAddress
  else { return }
  let shape = MatrixShape(rowCount: rowCount, columnCount: columnCount, rowByteCount: rowBytes, batchCount: batchCount)
  switch type {
  case .f32: multiply(F32.self, w, shape, xs, o, threadCount, activations)
  case .f16: multiply(F16.self, w, shape, xs, o, threadCount, activations)
  case .bf16: multiply(BF16.self, w, shape, xs, o, threadCount, activations)
  case .q4_0: multiply(Q4_0.self, w, shape, xs, o, threadCount, activations)
  case .q4_1: multiply(Q4_1.self, w, shape, xs, o, threadCount, activations)
  case .q5_0: multiply(Q5_0.self, w, shape, xs, o, threadCount, activations)
  case .q5_1: multiply(Q5_1.self, w, shape, xs, o, threadCount, activations)
  case .q8_0: multiply(Q8_0.self, w, shape, xs, o, threadCount, activations)
  case .q4_K: multiply(Q4_K.self, w, shape, xs, o, threadCount, activations)
  case .q5_K: multiply(Q5_K.self, w, shape, xs, o, threadCount, activations)
  case .q6_K: multiply(Q6_K.self, w, shape, xs, o, threadCount, activations)
  }
}

/// R, C, bytes per row of W, and B of one product.
struct MatrixShape {
  var rowCount: Int
  var columnCount: Int
  var rowByteCount: Int
  var batchCount: Int
}

/// Fewest weight rows worth a thread of their own in a matrix-vector product (a dispatch costs a few µs).
let matvecMinimumRowsPerTask = 32

/// Bytes of decoded weight rows a thread keeps at once in a matrix-matrix product: small enough for L2.
let panelByteBudget = 64 * 1024

/// Specialized per format: the body of ``matmul(weights:type:rowCount:columnCount:x:into:threadCount:)``.
@inline(__always)
func multiply<F: RowFormat>(
  _ format: F.Type, _ w: UnsafeRawPointer, _ shape: MatrixShape, _ x: UnsafePointer<Float>,
  _ out: UnsafeMutablePointer<Float>, _ threadCount: Int, _ activations: ActivationPrecision
) {
  let minimumRows = shape.batchCount == 1 ? matvecMinimumRowsPerTask : min(panelRowCount(shape.columnCount), 16)
  if activations == .int8, F.self == Q8_0.self || F.self == Q4_1.self {
    if shape.batchCount == 1 {
      withQuantizedActivations(x, count: shape.columnCount) { quantized in
        // Disjoint rows: each task writes out[range] only.
        parallelRows(shape.rowCount, threadCount: threadCount, minimumRowsPerTask: minimumRows) { range in
          multiplyRows(F.self, w, shape, x, quantized, out, range)
        }
      }
    } else {
      let count = shape.batchCount * shape.columnCount
      withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { rounded in
        roundActivations(x, count: count, into: rounded.baseAddress!)
        parallelRows(shape.rowCount, threadCount: threadCount, minimumRowsPerTask: minimumRows) { range in
          multiplyRows(F.self, w, shape, rounded.baseAddress!, nil, out, range)
        }
      }
    }
    return
  }
  // Disjoint rows: each task writes out[b][range] only.
  parallelRows(shape.rowCount, threadCount: threadCount, minimumRowsPerTask: minimumRows) { range in
    multiplyRows(F.self, w, shape, x, nil, out, range)
  }
}

/// Weight rows decoded at once per panel of a matrix-matrix product with `C` columns.
func panelRowCount(_ C: Int) -> Int { max(2, min(32, panelByteBudget / (C * MemoryLayout<Float>.stride))) }

/// Computes `out[b][r]` for the rows `r` in `range` only, on the calling thread; `quantized` is x rounded to 8 bits
/// (one row) when the caller chose integer kernels.
@inline(__always)
func multiplyRows<F: RowFormat>(
  _ format: F.Type, _ w: UnsafeRawPointer, _ shape: MatrixShape, _ x: UnsafePointer<Float>,
  _ quantized: QuantizedActivations?, _ out: UnsafeMutablePointer<Float>, _ range: Range<Int>
) {
  let (R, C, rowBytes, B) = (shape.rowCount, shape.columnCount, shape.rowByteCount, shape.batchCount)
  if B == 1 {
    if let quantized {  // the type checks are resolved when the function is specialized
      if F.self == Q8_0.self {
        Q8_0.multiplyRows(w, rowByteCount: rowBytes, columnCount: C, x: quantized, out: out, range: range)
        return
      }
      if F.self == Q4_1.self {
        Q4_1.multiplyRows(w, rowByteCount: rowBytes, columnCount: C, x: quantized, out: out, range: range)
        return
      }
    }
    if F.self == Q4_1.self {  // resolved when the function is specialized
      Q4_1.multiplyRows(w, rowByteCount: rowBytes, columnCount: C, x: x, out: out, range: range)
      return
    }
    var r = range.lowerBound
    while r + 2 <= range.upperBound {  // row pairs share the loads of x
      (out[r], out[r + 1]) = F.dot2(rows: w + r * rowBytes, w + (r + 1) * rowBytes, x: x, columnCount: C)
      r += 2
    }
    if r < range.upperBound { out[r] = F.dot(row: w + r * rowBytes, x: x, columnCount: C) }
    return
  }
  let panelRows = panelRowCount(C)
  withUnsafeTemporaryAllocation(of: Float.self, capacity: panelRows * C) { panel in
    guard let p = panel.baseAddress else { return }
    var r0 = range.lowerBound
    while r0 < range.upperBound {
      let n = min(panelRows, range.upperBound - r0)
      for i in 0..<n { F.dequantize(row: w + (r0 + i) * rowBytes, into: p + i * C, columnCount: C) }
      multiplyPanel(p, rowCount: n, columnCount: C, x: x, batchCount: B, out: out + r0, outStride: R)
      r0 += n
    }
  }
}

/// `out[b * outStride + i] = Σ_c panel[i][c] * x[b][c]` for `i < rowCount`, `b < batchCount`, in 2 x 4 tiles.
func multiplyPanel(
  _ panel: UnsafePointer<Float>, rowCount: Int, columnCount C: Int, x: UnsafePointer<Float>, batchCount B: Int,
  out: UnsafeMutablePointer<Float>, outStride: Int
) {
  var b = 0
  while b + 4 <= B {
    var i = 0
    while i + 2 <= rowCount {
      let t = tile2x4(panel + i * C, panel + (i + 1) * C, x + b * C, C)
      for k in 0..<4 {
        out[(b + k) * outStride + i] = t[k]
        out[(b + k) * outStride + i + 1] = t[4 + k]
      }
      i += 2
    }
    if i < rowCount {
      for k in 0..<4 { out[(b + k) * outStride + i] = F32.dot(row: panel + i * C, x: x + (b + k) * C, columnCount: C) }
    }
    b += 4
  }
  while b < B {  // leftover batch rows
    for i in 0..<rowCount { out[b * outStride + i] = F32.dot(row: panel + i * C, x: x + b * C, columnCount: C) }
    b += 1
  }
}

/// Vector width of the matrix-matrix tile: 8 accumulators of this type plus the loads fit the 32 `zmm` registers
/// of an AVX-512 target (on AVX2 each becomes two `ymm` registers, and the tile spills a little).
typealias TileLane = SIMD16<Float>

/// Dot products of rows `w0`, `w1` with the four rows of x starting at `x` (stride `C`):
/// lanes 0...3 are `w0 · x[0...3]`, lanes 4...7 are `w1 · x[0...3]`.
@inline(__always)
func tile2x4(_ w0: UnsafePointer<Float>, _ w1: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ C: Int)
  -> SIMD8<Float>
{
  let width = TileLane.scalarCount
  let a = UnsafeRawPointer(w0), b = UnsafeRawPointer(w1)
  let x0 = UnsafeRawPointer(x), x1 = UnsafeRawPointer(x + C), x2 = UnsafeRawPointer(x + 2 * C)
  let x3 = UnsafeRawPointer(x + 3 * C)
  var a0 = TileLane(), a1 = TileLane(), a2 = TileLane(), a3 = TileLane()
  var b0 = TileLane(), b1 = TileLane(), b2 = TileLane(), b3 = TileLane()
  var c = 0
  while c + width <= C {
    let o = c * 4
    let wa = a.loadUnaligned(fromByteOffset: o, as: TileLane.self)
    let wb = b.loadUnaligned(fromByteOffset: o, as: TileLane.self)
    let v0 = x0.loadUnaligned(fromByteOffset: o, as: TileLane.self)
    a0.addProduct(wa, v0)
    b0.addProduct(wb, v0)
    let v1 = x1.loadUnaligned(fromByteOffset: o, as: TileLane.self)
    a1.addProduct(wa, v1)
    b1.addProduct(wb, v1)
    let v2 = x2.loadUnaligned(fromByteOffset: o, as: TileLane.self)
    a2.addProduct(wa, v2)
    b2.addProduct(wb, v2)
    let v3 = x3.loadUnaligned(fromByteOffset: o, as: TileLane.self)
    a3.addProduct(wa, v3)
    b3.addProduct(wb, v3)
    c += width
  }
  var result = SIMD8<Float>(
    horizontalSum(a0), horizontalSum(a1), horizontalSum(a2), horizontalSum(a3), horizontalSum(b0), horizontalSum(b1),
    horizontalSum(b2), horizontalSum(b3))
  while c < C {  // tail columns
    for k in 0..<4 {
      result[k] += w0[c] * x[k * C + c]
      result[4 + k] += w1[c] * x[k * C + c]
    }
    c += 1
  }
  return result
}
