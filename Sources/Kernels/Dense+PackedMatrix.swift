// The right-hand operand of `Dense.matmul`, repacked once into column panels so the inner loop reads it
// contiguously: panel p holds columns 16p..<16p+16 as [k][16] floats, zero-padded past column m.

extension Dense {
  /// Columns per panel of a ``PackedMatrix`` (one SIMD16 register group).
  public static let panelWidth = 16

  /// A [k, m] matrix `B` stored as column panels of ``Dense/panelWidth`` for ``Dense/matmul(_:rowCount:rowStride:_:bias:activation:into:outputStride:threadCount:)``.
  ///
  /// Layout: `panels[p * k * 16 + kk * 16 + j] = B[kk, 16p + j]`, and 0 for `16p + j >= m`. Weights of a
  /// PyTorch `Linear` (`W` [m, k], row-major, computing `x W^T`) are packed with ``init(transposing:outputCount:inputCount:)``.
  ///
  /// `@unchecked Sendable`: the panels are written only in `init` and read-only afterwards.
  public final class PackedMatrix: @unchecked Sendable {
    /// Inner dimension `k` (rows of `B`, columns of the input).
    public let inputCount: Int
    /// Output columns `m`.
    public let outputCount: Int
    /// The number of panels, `ceil(m / 16)`.
    public let panelCount: Int
    /// The packed floats, `panelCount * k * 16` of them.
    public let panels: UnsafeMutableBufferPointer<Float>

    private init(inputCount: Int, outputCount: Int) {
      precondition(inputCount >= 0 && outputCount >= 0, "negative matrix shape")
      self.inputCount = inputCount
      self.outputCount = outputCount
      panelCount = (outputCount + panelWidth - 1) / panelWidth
      panels = .allocate(capacity: max(1, panelCount * inputCount * panelWidth))
      panels.initialize(repeating: 0)
    }

    /// Packs `B = W^T` for a row-major `W` [m, k] (PyTorch `Linear.weight`), so `matmul` computes `x W^T`.
    ///
    /// - Parameters:
    ///   - weights: `W`, `outputCount * inputCount` floats, row `j` holding output column `j`'s weights.
    ///   - outputCount: `m`.
    ///   - inputCount: `k`.
    /// - Complexity: O(*m k*).
    public convenience init(transposing weights: UnsafePointer<Float>, outputCount: Int, inputCount: Int) {
      self.init(inputCount: inputCount, outputCount: outputCount)
      Dense.packTransposed(weights, rowStride: inputCount, outputCount: outputCount, inputCount: inputCount,
        into: panels.baseAddress!)
    }

    /// Packs a row-major `B` [k, m] as it is.
    ///
    /// - Complexity: O(*m k*).
    public convenience init(_ matrix: UnsafePointer<Float>, inputCount: Int, outputCount: Int) {
      self.init(inputCount: inputCount, outputCount: outputCount)
      Dense.pack(matrix, rowStride: outputCount, inputCount: inputCount, outputCount: outputCount,
        into: panels.baseAddress!)
    }

    deinit { panels.deallocate() }
  }

  /// Writes panels of `B = W^T` from `W` [m, k] with row stride `rowStride`; `into` holds `ceil(m/16) * k * 16`.
  static func packTransposed(
    _ w: UnsafePointer<Float>, rowStride: Int, outputCount m: Int, inputCount k: Int,
    into panels: UnsafeMutablePointer<Float>
  ) {
    let panelCount = (m + panelWidth - 1) / panelWidth
    for p in 0..<panelCount {
      let panel = panels + p * k * panelWidth
      for j in 0..<panelWidth {
        let column = p * panelWidth + j
        if column < m {
          let row = w + column * rowStride
          for kk in 0..<k { panel[kk * panelWidth + j] = row[kk] }
        } else {
          for kk in 0..<k { panel[kk * panelWidth + j] = 0 }
        }
      }
    }
  }

  /// Writes panels of `B` [k, m] with row stride `rowStride`; `into` holds `ceil(m/16) * k * 16`.
  static func pack(
    _ b: UnsafePointer<Float>, rowStride: Int, inputCount k: Int, outputCount m: Int,
    into panels: UnsafeMutablePointer<Float>
  ) {
    let panelCount = (m + panelWidth - 1) / panelWidth
    for p in 0..<panelCount {
      let panel = panels + p * k * panelWidth
      let first = p * panelWidth
      let width = min(panelWidth, m - first)
      for kk in 0..<k {
        let source = b + kk * rowStride + first
        let target = panel + kk * panelWidth
        for j in 0..<width { target[j] = source[j] }
        for j in width..<panelWidth { target[j] = 0 }
      }
    }
  }
}
