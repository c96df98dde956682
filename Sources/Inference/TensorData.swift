// A tensor as the model sees it: its ggml type, its shape and its bytes in the mapped file.

/// The raw bytes of one tensor and how to read them; the GGUF reader supplies these.
struct TensorData {
  /// The ggml type id (`GGMLType.rawValue`: 0 = F32, 8 = Q8_0, 12 = Q4_K, …).
  var typeID: UInt32
  /// The dimensions, fastest-varying first (GGUF order): a matrix of `rows × columns` is `[columns, rows]`.
  var shape: [Int]
  /// The bytes, inside the mapped file; valid while the file is.
  var bytes: UnsafeRawBufferPointer
}
