// The decoder families Docent runs, keyed by `general.architecture` in GGUF.

import Kernels

/// A decoder-only transformer family, as named by `general.architecture` in a GGUF file.
///
/// The families differ only in a few switches (biases, norms, activation, RoPE layout, embedding scale,
/// sliding-window layers); ``DecoderModel`` runs them all with one forward pass.
public enum DecoderArchitecture: String, Sendable, CaseIterable {
  /// LLaMA and its descendants (SmolLM2, Llama 3.x): SwiGLU, interleaved RoPE, no biases.
  case llama
  /// Qwen2 and Qwen2.5(-Coder): like `llama` with q/k/v biases and NeoX RoPE.
  case qwen2
  /// Gemma 3: embeddings scaled by `√C`, q/k RMSNorm, GeGLU, norms after attention and FFN as well as before,
  /// and five sliding-window layers for every global one.
  case gemma3

  /// Which dimensions RoPE rotates together (ggml's `LLAMA_ROPE_TYPE_NORM` vs `LLAMA_ROPE_TYPE_NEOX`).
  var ropeStyle: RoPEStyle {
    switch self {
    case .llama: .normal
    case .qwen2, .gemma3: .neox
    }
  }
}
