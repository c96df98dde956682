// Namespace of the dense f32 kernels the BERT encoder runs on: matmul, layerNorm, GELU, softmax, add, attention.
//
// Legend used in this file family (as llm.c does): n = rows of the input (tokens), k = inner dimension,
// m = output columns (a PyTorch `Linear` has weight [m, k] and bias [m]), T = sequence length, d = head size.
// Every kernel here has a scalar twin in `DenseReference` that the tests compare against on tail sizes.

/// Dense `Float` kernels: blocked multi-threaded SIMD matrix multiply and the elementwise ops around it.
///
/// The namespace keeps these names (`Dense.softmax`, `Dense.gelu`) apart from the quantized decoder kernels.
/// Every function takes unsafe pointers with explicit shapes; callers own the memory and keep it alive for
/// the call. Nothing allocates except `Dense.attention`
/// (per-task scratch) and ``Dense/PackedMatrix`` (owns its panels).
public enum Dense {
  /// Floats per SIMD register group used by the kernels (two AVX2 registers, one AVX-512 register).
  public static let vectorWidth = SIMD16<Float>.scalarCount
}
