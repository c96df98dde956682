// Rotary position embedding. Fast kernel; the scalar twin is `Reference.rope`.

/// Which dimensions of a head RoPE rotates together.
public enum RoPEStyle: Sendable {
  /// Adjacent pairs `(2i, 2i + 1)`: GGML's normal mode, used by `llama` (its GGUF Q/K weights are permuted for it).
  case normal
  /// Halves `(i, i + rotaryDim / 2)`: GGML's NeoX mode, used by `qwen2` and `gemma3`.
  case neox
}

/// Rotates every head of `x` in place by the angles of one position.
///
/// For pair `i` (`0 ..< rotaryDim / 2`, `rotaryDim = 2 * cos.count`), `(a, b) -> (a cos θ_i - b sin θ_i,
/// a sin θ_i + b cos θ_i)` with `θ_i = position * base^(-2i / rotaryDim)`; the caller computes `cos θ_i` and
/// `sin θ_i` once per position (Kernels has no trigonometry). Dimensions past `rotaryDim` are left alone.
///
/// - Parameters:
///   - x: `headCount` heads of `headDim` floats each, back to back.
///   - headCount: Number of heads in `x`.
///   - headDim: Floats per head.
///   - cos: `cos θ_i` for each pair; `2 * cos.count <= headDim`.
///   - sin: `sin θ_i` for each pair.
///   - style: Which dimensions form a pair.
/// - Complexity: O(headCount * headDim).
public func rope(
  _ x: UnsafeMutableBufferPointer<Float>, headCount: Int, headDim: Int, cos: UnsafeBufferPointer<Float>,
  sin: UnsafeBufferPointer<Float>, style: RoPEStyle
) {
  let pairs = cos.count
  precondition(sin.count == pairs && 2 * pairs <= headDim && x.count == headCount * headDim, "rope: bad shapes")
  guard pairs > 0, let xs = x.baseAddress, let cs = cos.baseAddress, let ss = sin.baseAddress else { return }
  for h in 0..<headCount {
    let head = xs + h * headDim
    switch style {
    case .normal:
      for i in 0..<pairs {
        let a = head[2 * i], b = head[2 * i + 1]
        head[2 * i] = a * cs[i] - b * ss[i]
        head[2 * i + 1] = a * ss[i] + b * cs[i]
      }
    case .neox:
      // Vectorized: the two halves are contiguous runs.
      let first = UnsafeMutableRawPointer(head), second = UnsafeMutableRawPointer(head + pairs)
      let cr = UnsafeRawPointer(cs), sr = UnsafeRawPointer(ss)
      var i = 0
      while i + 16 <= pairs {
        let a = load16(first, 4 * i), b = load16(second, 4 * i), c = load16(cr, 4 * i), s = load16(sr, 4 * i)
        store16(a * c - b * s, first, 4 * i)
        store16(a * s + b * c, second, 4 * i)
        i += 16
      }
      while i < pairs {
        let a = head[i], b = head[pairs + i]
        head[i] = a * cs[i] - b * ss[i]
        head[pairs + i] = a * ss[i] + b * cs[i]
        i += 1
      }
    }
  }
}
