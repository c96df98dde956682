// One entry of a safetensors header, validated against the file it came from.

/// A tensor's name, element type, shape and where its bytes lie in the file.
public struct SafetensorsTensorInfo: Sendable, Equatable {
  /// The tensor's name in the header (`encoder.layer.0.attention.self.query.weight`).
  public let name: String
  /// The element type as the header spells it (`F32`, `F16`, `BF16`, `I64`, ...).
  public let dtype: String
  /// The dimensions, outermost first; `[]` for a scalar.
  public let shape: [Int]
  /// The tensor's bytes as offsets from the start of the file (already shifted past the header).
  public let byteRange: Range<Int>

  /// The number of elements, the product of ``shape`` (checked against the byte count when the file was read).
  public var elementCount: Int { shape.reduce(1, *) }

  /// Bytes per element of the dtypes this reader knows the size of, or `nil`.
  public static func elementByteCount(of dtype: String) -> Int? {
    switch dtype {
    case "F64", "I64", "U64": 8
    case "F32", "I32", "U32": 4
    case "F16", "BF16", "I16", "U16": 2
    case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2": 1
    default: nil
    }
  }
}
