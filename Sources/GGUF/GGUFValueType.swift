/// The type tag of a GGUF metadata value, as stored in the file (a `uint32`).
public enum GGUFValueType: UInt32, Sendable, CaseIterable {
  case uint8 = 0
  case int8 = 1
  case uint16 = 2
  case int16 = 3
  case uint32 = 4
  case int32 = 5
  case float32 = 6
  case bool = 7
  case string = 8
  case array = 9
  case uint64 = 10
  case int64 = 11
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
