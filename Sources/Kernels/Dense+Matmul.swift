// Blocked, multi-threaded SIMD matrix multiply: out[n, m] = x[n, k] · B[k, m] (+ bias[m]), B packed in panels.
//
// Fast path contract: matches `DenseReference.matmul` up to summation order. The micro-kernel keeps a 6 x 16
// tile of the output in 12 AVX2 registers (6 SIMD16 accumulators), reading one 16-wide row of the B panel
// and broadcasting one x value per row per step of k. Rows are split across threads (disjoint output rows);
// each thread walks its rows in blocks of `rowBlock` so the x block stays in L2 while every panel passes once.

extension Dense {
  /// An elementwise function applied to the matmul output as it is stored (after the bias).
  public enum Activation: Sendable {
    /// The identity.
    case none
    /// GELU, erf form: `x/2 · (1 + erf(x/√2))`, as BERT uses.
    case gelu
  }

  /// Output rows per micro-kernel tile.
  static let tileRows = 6
  /// Output rows per cache block (a multiple of `tileRows`).
  static let rowBlock = 96

  /// Computes `out = activation(x · B + bias)` for `x` [n, k] and a packed `B` [k, m].
  ///
  /// - Parameters:
  ///   - x: The input rows; row `i` starts at `x + i * rowStride` and has `B.inputCount` floats.
  ///   - rowCount: `n`.
  ///   - rowStride: Floats between input rows (at least `k`).
  ///   - b: The packed right-hand side.
  ///   - bias: `m` floats added to every row, or `nil`.
  ///   - activation: Applied to each output after the bias.
  ///   - out: The output; row `i` starts at `out + i * outputStride`, `m` floats written per row.
  ///   - outputStride: Floats between output rows (at least `m`).
  ///   - threadCount: Threads to split the rows across.
  /// - Complexity: O(*n k m*) work over `threadCount` threads.
  public static func matmul(
    _ x: UnsafePointer<Float>, rowCount: Int, rowStride: Int, _ b: PackedMatrix, bias: UnsafePointer<Float>?,
    activation: Activation = .none, into out: UnsafeMutablePointer<Float>, outputStride: Int, threadCount: Int
  ) {
    let box = UnsafeSendable((x, out, bias))
    parallelRows(rowCount, threadCount: threadCount, minimumRowsPerTask: 2 * tileRows) { rows in
      let (x, out, bias) = box.value
      var start = rows.lowerBound
      while start < rows.upperBound {
        let end = min(start + rowBlock, rows.upperBound)
        matmulBlock(
          x, rows: start..<end, rowStride: rowStride, panels: UnsafePointer(b.panels.baseAddress!),
          inputCount: b.inputCount, outputCount: b.outputCount, bias: bias, activation: activation, out: out,
          outputStride: outputStride)
        start = end
      }
    }
  }

  /// One thread's share: every panel against `rows` of x, in 6-row tiles.
  static func matmulBlock(
    _ x: UnsafePointer<Float>, rows: Range<Int>, rowStride: Int, panels: UnsafePointer<Float>, inputCount k: Int,
    outputCount m: Int, bias: UnsafePointer<Float>?, activation: Activation, out: UnsafeMutablePointer<Float>,
    outputStride: Int
  ) {
    let panelCount = (m + panelWidth - 1) / panelWidth
    for p in 0..<panelCount {
      let panel = panels + p * k * panelWidth
      let firstColumn = p * panelWidth
      let width = min(panelWidth, m - firstColumn)
      var biasVector = SIMD16<Float>()
      if let bias {
        for j in 0..<width { biasVector[j] = bias[firstColumn + j] }
      }
      var row = rows.lowerBound
      while row < rows.upperBound {
        let valid = min(tileRows, rows.upperBound - row)
        // A short tile repeats its last row instead of reading past the input; only valid rows are stored.
        let x0 = x + row * rowStride
        let x1 = x + (row + min(1, valid - 1)) * rowStride
        let x2 = x + (row + min(2, valid - 1)) * rowStride
        let x3 = x + (row + min(3, valid - 1)) * rowStride
        let x4 = x + (row + min(4, valid - 1)) * rowStride
        let x5 = x + (row + min(5, valid - 1)) * rowStride
        var c0 = biasVector, c1 = biasVector, c2 = biasVector
        var c3 = biasVector, c4 = biasVector, c5 = biasVector
        var w = UnsafeRawPointer(panel)
        for kk in 0..<k {
          let bRow = w.loadUnaligned(as: SIMD16<Float>.self)
          c0 = c0.addingProduct(bRow, SIMD16(repeating: x0[kk]))
          c1 = c1.addingProduct(bRow, SIMD16(repeating: x1[kk]))
          c2 = c2.addingProduct(bRow, SIMD16(repeating: x2[kk]))
          c3 = c3.addingProduct(bRow, SIMD16(repeating: x3[kk]))
          c4 = c4.addingProduct(bRow, SIMD16(repeating: x4[kk]))
          c5 = c5.addingProduct(bRow, SIMD16(repeating: x5[kk]))
          w += panelWidth * MemoryLayout<Float>.stride
        }
        if case .gelu = activation {
          c0 = gelu(c0); c1 = gelu(c1); c2 = gelu(c2)
          c3 = gelu(c3); c4 = gelu(c4); c5 = gelu(c5)
        }
        let tile = (c0, c1, c2, c3, c4, c5)
        for r in 0..<valid {
          let target = out + (row + r) * outputStride + firstColumn
          let value: SIMD16<Float>
          switch r {
          case 0: value = tile.0
          case 1: value = tile.1
          case 2: value = tile.2
          case 3: value = tile.3
          case 4: value = tile.4
          default: value = tile.5
          }
          if width == panelWidth {
            UnsafeMutableRawPointer(target).storeBytes(of: value, as: SIMD16<Float>.self)
          } else {
            for j in 0..<width { target[j] = value[j] }
          }
        }
        row += tileRows
      }
    }
  }

  /// GELU (erf form) per lane.
  @inline(__always)
  static func gelu(_ x: SIMD16<Float>) -> SIMD16<Float> {
    x * 0.5 * (1 + erf(x * 0.707_106_781_186_547_5))
  }
}
