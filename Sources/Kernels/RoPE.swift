// Rotary position embedding. Legend: H = heads, D = head dimension, R = rotated dimensions (≤ D, even).
// Contract: `rope` matches `Reference.rope` exactly (same arithmetic per pair).

/// Which dimensions of a head form the rotated pairs.
public enum RoPELayout: Sendable {
  /// Adjacent pairs `(2i, 2i+1)`: the original LLaMA layout (`llama` in GGUF).
  case interleaved
  /// Halves `(i, i + R/2)`: the GPT-NeoX layout (`qwen2`, `gemma3`).
  case neox
}

/// Rotates every head of `x` in place by the angles of one position.
///
/// Pair `i` (of `R/2`) is rotated by the angle `θᵢ = p · base^(-2i/R)`; callers pass `cos θᵢ` and `sin θᵢ`,
/// precomputed per position, so this file needs no libm:
/// `(a, b) ← (a·cos θᵢ − b·sin θᵢ, a·sin θᵢ + b·cos θᵢ)`. Dimensions `R..<D` are left unchanged.
///
/// - Parameters:
///   - x: The heads of one token, `[H][D]`.
///   - headCount: `H`.
///   - headDim: `D`.
///   - rotatedDim: `R`.
///   - cos: `cos θᵢ` for `i` in `0..<R/2`.
///   - sin: `sin θᵢ` for `i` in `0..<R/2`.
///   - layout: Which dimensions pair up.
public func rope(
  _ x: UnsafeMutablePointer<Float>, headCount: Int, headDim: Int, rotatedDim: Int,
  cos: UnsafePointer<Float>, sin: UnsafePointer<Float>, layout: RoPELayout
) {
  let half = rotatedDim / 2
  for h in 0..<headCount {
    let head = x + h * headDim
    switch layout {
    case .interleaved:
      for i in 0..<half {
        let a = head[2 * i], b = head[2 * i + 1]
        head[2 * i] = a * cos[i] - b * sin[i]
        head[2 * i + 1] = a * sin[i] + b * cos[i]
      }
    case .neox:
      for i in 0..<half {
        let a = head[i], b = head[i + half]
        head[i] = a * cos[i] - b * sin[i]
        head[i + half] = a * sin[i] + b * cos[i]
      }
    }
  }
}

extension Reference {
  /// The scalar twin of ``Kernels/rope(_:headCount:headDim:rotatedDim:cos:sin:layout:)`` for one head.
  public static func rope(_ head: [Float], rotatedDim: Int, cos: [Float], sin: [Float], layout: RoPELayout) -> [Float] {
    var out = head
    let half = rotatedDim / 2
    for i in 0..<half {
      let (j, k) = layout == .interleaved ? (2 * i, 2 * i + 1) : (i, i + half)
      out[j] = head[j] * cos[i] - head[k] * sin[i]
      out[k] = head[j] * sin[i] + head[k] * cos[i]
    }
    return out
  }
}
