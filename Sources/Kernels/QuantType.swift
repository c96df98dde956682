// Tensor storage types by GGML type id, and the per-type dispatch of the public kernels.

/// A tensor storage type, by its GGML type id (the `type` field of a GGUF tensor info).
///
/// Cases keep GGML's spelling. Each case's kernels live in the namespace of the same name (``Q4_1``, ``Q8_0``,
/// ``F16``...); this enum picks one at run time, once per call, outside the loops.
public enum QuantType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
  /// 32-bit IEEE floats (``F32``).
  case f32 = 0
  /// 16-bit IEEE floats (``F16``).
  case f16 = 1
  /// ``Q4_0`` blocks.
  case q4_0 = 2
  /// ``Q4_1`` blocks.
  case q4_1 = 3
  /// ``Q5_0`` blocks.
  case q5_0 = 6
  /// ``Q5_1`` blocks.
  case q5_1 = 7
  /// ``Q8_0`` blocks.
  case q8_0 = 8
  /// ``Q4_K`` super-blocks.
  case q4_K = 12
  /// ``Q5_K`` super-blocks.
  case q5_K = 13
  /// ``Q6_K`` super-blocks.
  case q6_K = 14
  /// bfloat16 values (``BF16``).
  case bf16 = 30

  /// GGML's name of the type (`"Q4_K"`, `"F32"`).
  public var description: String {
    switch self {
    case .f32: "F32"
    case .f16: "F16"
    case .q4_0: "Q4_0"
    case .q4_1: "Q4_1"
    case .q5_0: "Q5_0"
    case .q5_1: "Q5_1"
    case .q8_0: "Q8_0"
    case .q4_K: "Q4_K"
    case .q5_K: "Q5_K"
    case .q6_K: "Q6_K"
    case .bf16: "BF16"
    }
  }

  /// Values per block: 1 for the float types, 32 for the small-block quants, 256 for the K-quants.
  public var valuesPerBlock: Int {
    switch self {
    case .f32, .f16, .bf16: 1
    case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0: 32
    case .q4_K, .q5_K, .q6_K: 256
    }
  }

  /// Bytes per block.
  public var bytesPerBlock: Int {
    switch self {
    case .f32: 4
    case .f16, .bf16: 2
    case .q4_0: Q4_0.bytesPerBlock
    case .q4_1: Q4_1.bytesPerBlock
    case .q5_0: Q5_0.bytesPerBlock
    case .q5_1: Q5_1.bytesPerBlock
    case .q8_0: Q8_0.bytesPerBlock
    case .q4_K: Q4_K.bytesPerBlock
    case .q5_K: Q5_K.bytesPerBlock
    case .q6_K: Q6_K.bytesPerBlock
    }
  }

  /// Bytes of `valueCount` values of this type, or `nil` if `valueCount` is negative, not a whole number of
  /// blocks, or the byte count overflows.
  public func byteCount(valueCount: Int) -> Int? {
    guard valueCount >= 0, valueCount % valuesPerBlock == 0 else { return nil }
    let (bytes, overflow) = (valueCount / valuesPerBlock).multipliedReportingOverflow(by: bytesPerBlock)
    return overflow ? nil : bytes
  }

  /// The kernels of this type.
  var format: any RowFormat.Type {
    switch self {
    case .f32: F32.self
    case .f16: F16.self
    case .bf16: BF16.self
    case .q4_0: Q4_0.self
    case .q4_1: Q4_1.self
    case .q5_0: Q5_0.self
    case .q5_1: Q5_1.self
    case .q8_0: Q8_0.self
    case .q4_K: Q4_K.self
    case .q5_K: Q5_K.self
    case .q6_K: Q6_K.self
    }
  }

  /// Decodes `values.count` values of this type from `bytes` (for example one row of an embedding table).
  ///
  /// - Precondition: `bytes.count == byteCount(valueCount: values.count)`.
  public func dequantize(_ bytes: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    precondition(byteCount(valueCount: values.count) == bytes.count, "\(bytes.count) bytes are not \(values.count) \(self)")
    guard let source = bytes.baseAddress, let destination = values.baseAddress else { return }
    format.dequantize(row: source, into: destination, columnCount: values.count)
  }

  /// Returns `Σ w[i] * x[i]` for one row `w` of this type.
  ///
  /// - Precondition: `row.count == byteCount(valueCount: x.count)`.
  public func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
    precondition(byteCount(valueCount: x.count) == row.count, "\(row.count) bytes are not \(x.count) \(self)")
    guard let source = row.baseAddress, let xs = x.baseAddress else { return 0 }
    return format.dot(row: source, x: xs, columnCount: x.count)
  }
}
