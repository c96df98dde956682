/// One GGUF metadata value.
///
/// Accessors convert between compatible types so callers need not care how a converter stored a number:
/// `file.metadata["llama.block_count"]?.uint64` reads a `uint32` as well as a `uint64`, and returns `nil` for a
/// negative or non-integer value.
public enum GGUFValue: Sendable, Equatable {
  /// An unsigned 8-bit integer.
  case uint8(UInt8)
  /// A signed 8-bit integer.
  case int8(Int8)
  /// An unsigned 16-bit integer.
  case uint16(UInt16)
  /// A signed 16-bit integer.
  case int16(Int16)
  /// An unsigned 32-bit integer.
  case uint32(UInt32)
  /// A signed 32-bit integer.
  case int32(Int32)
  /// An unsigned 64-bit integer.
  case uint64(UInt64)
  /// A signed 64-bit integer.
  case int64(Int64)
  /// A 32-bit float.
  case float32(Float)
  /// A 64-bit float.
  case float64(Double)
  /// A Boolean (one byte, non-zero is true).
  case bool(Bool)
  /// A UTF-8 string.
  case string(String)
  /// An array.
  case array(GGUFArray)

  /// The type tag this value is written with.
  public var type: GGUFValueType {
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

  /// The value as a signed 64-bit integer, when it is an integer of any width that fits.
  public var int64: Int64? {
    switch self {
    case .uint8(let v): Int64(v)
    case .int8(let v): Int64(v)
    case .uint16(let v): Int64(v)
    case .int16(let v): Int64(v)
    case .uint32(let v): Int64(v)
    case .int32(let v): Int64(v)
    case .uint64(let v): Int64(exactly: v)
    case .int64(let v): v
    default: nil
    }
  }

  /// The value as an unsigned 64-bit integer, when it is a non-negative integer of any width.
  public var uint64: UInt64? {
    if case .uint64(let v) = self { return v }
    return int64.flatMap { UInt64(exactly: $0) }
  }

  /// The value as an `Int`, when it is an integer that fits.
  public var int: Int? { int64.flatMap { Int(exactly: $0) } }

  /// The value as a `Double`, when it is a floating-point number or an integer.
  public var double: Double? {
    switch self {
    case .float32(let v): Double(v)
    case .float64(let v): v
    case .uint64(let v): Double(v)
    default: int64.map { Double($0) }
    }
  }

  /// The value as a `Float`, when it is a floating-point number or an integer.
  public var float: Float? { double.map { Float($0) } }

  /// The value when it is a Boolean.
  public var bool: Bool? {
    if case .bool(let v) = self { return v }
    return nil
  }

  /// The value when it is a string.
  public var string: String? {
    if case .string(let v) = self { return v }
    return nil
  }

  /// The value when it is an array.
  public var array: GGUFArray? {
    if case .array(let v) = self { return v }
    return nil
  }

  /// The elements when the value is an array of strings.
  public var stringArray: [String]? {
    if case .array(.string(let v)) = self { return v }
    return nil
  }

  /// The elements as `Float` when the value is an array of `float32` (or `float64`).
  public var floatArray: [Float]? {
    switch self {
    case .array(.float32(let v)): v
    case .array(.float64(let v)): v.map { Float($0) }
    default: nil
    }
  }

  /// The elements as `Int32` when the value is an array of integers that all fit.
  public var int32Array: [Int32]? {
    switch self {
    case .array(.int32(let v)): return v
    case .array(let array):
      guard let wide = array.int64Elements else { return nil }
      var result: [Int32] = []
      result.reserveCapacity(wide.count)
      for x in wide {
        guard let narrow = Int32(exactly: x) else { return nil }
        result.append(narrow)
      }
      return result
    default: return nil
    }
  }
}
