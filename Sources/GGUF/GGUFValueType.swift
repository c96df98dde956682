/// The type tag of a GGUF metadata value, as stored in the file (a `uint32`).
public enum GGUFValueType: UInt32, Sendable, CaseIterable {
  /// An unsigned 8-bit integer.
  case uint8 = 0
  /// A signed 8-bit integer.
  case int8 = 1
  /// An unsigned 16-bit integer.
  case uint16 = 2
  /// A signed 16-bit integer.
  case int16 = 3
  /// An unsigned 32-bit integer.
  case uint32 = 4
  /// A signed 32-bit integer.
  case int32 = 5
  /// A 32-bit float.
  case float32 = 6
  /// A Boolean (one byte, non-zero is true).
  case bool = 7
  /// A UTF-8 string.
  case string = 8
  /// An array.
  case array = 9
  /// An unsigned 64-bit integer.
  case uint64 = 10
  /// A signed 64-bit integer.
  case int64 = 11
  /// A 64-bit float.
  case float64 = 12

  /// The fewest bytes one value of this type occupies: its width, 8 for a string (the length alone) and 12 for an
  /// array (element type and count), used to check a count against the remaining bytes before allocating.
  public var minimumByteCount: Int {
    switch self {
    case .uint8, .int8, .bool: 1
    case .uint16, .int16: 2
    case .uint32, .int32, .float32: 4
    case .uint64, .int64, .float64, .string: 8
    case .array: 12
    }
  }
}
