/// The elements of a GGUF array value, stored by element type.
///
/// Arrays may nest: an array of arrays holds one ``GGUFArray`` per element, each with its own element type.
public enum GGUFArray: Sendable, Equatable {
  /// Elements that are each an unsigned 8-bit integer.
  case uint8([UInt8])
  /// Elements that are each a signed 8-bit integer.
  case int8([Int8])
  /// Elements that are each an unsigned 16-bit integer.
  case uint16([UInt16])
  /// Elements that are each a signed 16-bit integer.
  case int16([Int16])
  /// Elements that are each an unsigned 32-bit integer.
  case uint32([UInt32])
  /// Elements that are each a signed 32-bit integer.
  case int32([Int32])
  /// Elements that are each an unsigned 64-bit integer.
  case uint64([UInt64])
  /// Elements that are each a signed 64-bit integer.
  case int64([Int64])
  /// Elements that are each a 32-bit float.
  case float32([Float])
  /// Elements that are each a 64-bit float.
  case float64([Double])
  /// Elements that are each a Boolean (one byte, non-zero is true).
  case bool([Bool])
  /// Elements that are each a UTF-8 string.
  case string([String])
  /// Elements that are each an array (with its own element type).
  case array([GGUFArray])

  /// The type tag of the elements.
  public var elementType: GGUFValueType {
    switch self {
    case .uint8: .uint8
    case .int8: .int8
    case .uint16: .uint16
    case .int16: .int16
    case .uint32: .uint32
    case .int32: .int32
    case .uint64: .uint64
    case .int64: .int64
    case .float32: .float32
    case .float64: .float64
    case .bool: .bool
    case .string: .string
    case .array: .array
    }
  }

  /// The number of elements.
  public var count: Int {
    switch self {
    case .uint8(let v): v.count
    case .int8(let v): v.count
    case .uint16(let v): v.count
    case .int16(let v): v.count
    case .uint32(let v): v.count
    case .int32(let v): v.count
    case .uint64(let v): v.count
    case .int64(let v): v.count
    case .float32(let v): v.count
    case .float64(let v): v.count
    case .bool(let v): v.count
    case .string(let v): v.count
    case .array(let v): v.count
    }
  }

  /// The elements as `Int64` when they are integers that all fit.
  public var int64Elements: [Int64]? {
    switch self {
    case .uint8(let v): return v.map { Int64($0) }
    case .int8(let v): return v.map { Int64($0) }
    case .uint16(let v): return v.map { Int64($0) }
    case .int16(let v): return v.map { Int64($0) }
    case .uint32(let v): return v.map { Int64($0) }
    case .int32(let v): return v.map { Int64($0) }
    case .int64(let v): return v
    case .uint64(let v):
      var result: [Int64] = []
      result.reserveCapacity(v.count)
      for x in v {
        guard let y = Int64(exactly: x) else { return nil }
        result.append(y)
      }
      return result
    default: return nil
    }
  }
}
