// Gated feed-forward activations. Legend: F = feed-forward width.
// Contract: each matches its `Reference` twin within 1e-6 relative (differences come only from `exp`).

/// Replaces `gate` by `silu(gate) ⊙ up`, where `silu(g) = g / (1 + e^−g)` (SwiGLU: llama, qwen2).
///
/// - Parameters:
///   - gate: `[F]`, the gate projection; overwritten by the result.
///   - up: `[F]`, the up projection.
///   - count: `F`.
public func siluGate(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
  var i = 0
  while i + 8 <= count {
    let g = UnsafeRawPointer(gate + i).loadUnaligned(as: SIMD8<Float>.self)
    let u = UnsafeRawPointer(up + i).loadUnaligned(as: SIMD8<Float>.self)
    UnsafeMutableRawPointer(gate + i).storeBytes(of: g / (1 + exp(-g)) * u, as: SIMD8<Float>.self)
    i += 8
  }
  while i < count {
    gate[i] = Reference.silu(gate[i]) * up[i]
    i += 1
  }
}

/// Replaces `gate` by `gelu(gate) ⊙ up` with the tanh approximation
/// `gelu(g) = ½ g (1 + tanh(√(2/π) (g + 0.044715 g³)))` (GeGLU: gemma3).
///
/// - Parameters:
///   - gate: `[F]`, the gate projection; overwritten by the result.
///   - up: `[F]`, the up projection.
///   - count: `F`.
public func geluGate(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
  var i = 0
  while i + 8 <= count {
    let g = UnsafeRawPointer(gate + i).loadUnaligned(as: SIMD8<Float>.self)
    let u = UnsafeRawPointer(up + i).loadUnaligned(as: SIMD8<Float>.self)
    let inner = sqrtTwoOverPi * g * (1 + geluCubic * g * g)
    UnsafeMutableRawPointer(gate + i).storeBytes(of: 0.5 * g * (1 + tanh(inner)) * u, as: SIMD8<Float>.self)
    i += 8
  }
  while i < count {
    gate[i] = Reference.gelu(gate[i]) * up[i]
    i += 1
  }
}

/// `√(2/π)`, the scale inside GELU's tanh approximation.
let sqrtTwoOverPi: Float = 0.797_884_560_802_865_4
/// The cubic coefficient of GELU's tanh approximation (Hendrycks & Gimpel).
let geluCubic: Float = 0.044_715

/// Adds `y` to `x` element-wise (a residual connection).
///
/// - Parameters:
///   - x: `[count]`, updated in place.
///   - y: `[count]`.
///   - count: The length.
public func add(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
  for i in 0..<count { x[i] += y[i] }
}

extension Reference {
  /// `g / (1 + e^−g)`.
  public static func silu(_ g: Float) -> Float { g / (1 + exp(-g)) }

  /// GELU with the tanh approximation.
  public static func gelu(_ g: Float) -> Float {
    0.5 * g * (1 + tanh(sqrtTwoOverPi * g * (1 + geluCubic * g * g)))
  }
}
