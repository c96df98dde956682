// Gated feed-forward activations, fused with the product by the up projection so the gate is read and written
// once. Legend: F = feed-forward width (times the tokens of a batch). The element functions are those of
// Activations.swift; the scalar twins are `Reference.siluGate` and `Reference.geluGate`.

/// Replaces `gate` by `silu(gate) ⊙ up` (SwiGLU: llama, qwen2).
///
/// - Parameters:
///   - gate: `[F]`, the gate projection; overwritten by the result.
///   - up: `[F]`, the up projection.
///   - count: `F`.
/// - Complexity: O(F).
public func siluGate(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
  gated(gate, up: up, count: count, SiLU.self)
}

/// Replaces `gate` by `gelu(gate) ⊙ up` with GELU's tanh approximation (GeGLU: gemma3).
///
/// - Parameters:
///   - gate: `[F]`, the gate projection; overwritten by the result.
///   - up: `[F]`, the up projection.
///   - count: `F`.
/// - Complexity: O(F).
public func geluGate(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
  gated(gate, up: up, count: count, GELU.self)
}

@inline(__always)
private func gated<F: ElementwiseFunction>(
  _ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int, _: F.Type
) {
  let g = UnsafeMutableRawPointer(gate), u = UnsafeRawPointer(up)
  var i = 0
  while i + 16 <= count {
    store16(F.apply(load16(g, 4 * i)) * load16(u, 4 * i), g, 4 * i)
    i += 16
  }
  if i < count {  // the tail, padded into one vector
    var tail = SIMD16<Float>()
    for k in 0..<(count - i) { tail[k] = gate[i + k] }
    let mapped = F.apply(tail)
    for k in 0..<(count - i) { gate[i + k] = mapped[k] * up[i + k] }
  }
}

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
  /// Twin of ``Kernels/siluGate(_:up:count:)``: `silu(gate[i]) * up[i]` through the Double `Reference.silu`.
  public static func siluGate(_ gate: [Float], up: [Float]) -> [Float] {
    var g = gate
    g.withUnsafeMutableBufferPointer { silu($0) }
    return zip(g, up).map { $0 * $1 }
  }

  /// Twin of ``Kernels/geluGate(_:up:count:)``: `gelu(gate[i]) * up[i]` through the Double `Reference.gelu`.
  public static func geluGate(_ gate: [Float], up: [Float]) -> [Float] {
    var g = gate
    g.withUnsafeMutableBufferPointer { gelu($0) }
    return zip(g, up).map { $0 * $1 }
  }
}
