// Serializes metadata and tensors to GGUF version 3 (the layout GGUFFile documents).

import Basics

/// Builds a GGUF file in memory: metadata in insertion order, then tensor infos, padding, and aligned tensor data.
///
/// ``GGUFFile`` reads the result back unchanged; adapters and test fixtures are written with it.
///
/// ```swift
/// var writer = GGUFWriter()
/// writer.setValue(.string("llama"), forKey: "general.architecture")
/// try writer.addTensor(name: "output_norm.weight", shape: [576], type: .f32, bytes: normBytes)
/// let bytes = try writer.serialized()
/// ```
public struct GGUFWriter: Sendable {
  /// The metadata to write, in order.
  public private(set) var metadata: [(key: String, value: GGUFValue)] = []
  /// The tensors to write, in order, with their data.
  public private(set) var tensors: [(name: String, shape: [Int], type: GGMLType, bytes: [UInt8])] = []

  /// Creates an empty writer.
  public init() {}

  /// Sets `key` to `value`, replacing an earlier value in place or appending a new key.
  public mutating func setValue(_ value: GGUFValue, forKey key: String) {
    if let i = metadata.firstIndex(where: { $0.key == key }) {
      metadata[i].value = value
    } else {
      metadata.append((key, value))
    }
  }

  /// Removes `key` if present.
  public mutating func removeValue(forKey key: String) {
    metadata.removeAll { $0.key == key }
  }

  /// Appends a tensor.
  ///
  /// - Parameters:
  ///   - shape: Dimensions in ggml order (row length first), at most ``GGUFFile/maximumDimensionCount``.
  ///   - bytes: The data, exactly the size `type` needs for `shape`.
  /// - Throws: ``GGUFError`` when the name repeats, the type is unknown, or the byte count does not match.
  public mutating func addTensor(name: String, shape: [Int], type: GGMLType, bytes: [UInt8]) throws(GGUFError) {
    guard !tensors.contains(where: { $0.name == name }) else { throw .duplicateTensor(name) }
    guard shape.count <= GGUFFile.maximumDimensionCount, shape.allSatisfy({ $0 >= 0 }) else {
      throw .invalidTensor(name: name, reason: "shape \(shape) is not 0...4 non-negative dimensions")
    }
    let info = GGUFTensorInfo(name: name, shape: shape, type: type, offset: 0)
    let expected = try info.byteCount()
    guard bytes.count == expected else {
      throw .invalidTensor(name: name, reason: "\(bytes.count) bytes given, \(type.name) \(shape) needs \(expected)")
    }
    tensors.append((name, shape, type, bytes))
  }

  /// The alignment the file will use: `general.alignment` when set, else 32.
  ///
  /// - Throws: ``GGUFError/invalidAlignment(_:)`` when `general.alignment` is not a power-of-two `uint32`.
  public func alignment() throws(GGUFError) -> Int {
    guard let value = metadata.first(where: { $0.key == "general.alignment" })?.value else {
      return GGUFFile.defaultAlignment
    }
    guard case .uint32(let a) = value else { throw .invalidAlignment("stored as \(value.type), not uint32") }
    guard a != 0, a & (a - 1) == 0 else { throw .invalidAlignment("\(a) is not a power of two") }
    return Int(a)
  }

  /// The complete file.
  ///
  /// - Throws: ``GGUFError/invalidAlignment(_:)`` as ``alignment()``.
  /// - Complexity: O(*n*) in the size of the file.
  public func serialized() throws(GGUFError) -> [UInt8] {
    let alignment = try alignment()
    var w = ByteWriter()
    w.writeUInt32(GGUFFile.magic)
    w.writeUInt32(3)
    w.writeUInt64(UInt64(tensors.count))
    w.writeUInt64(UInt64(metadata.count))
    for (key, value) in metadata {
      Self.writeString(key, to: &w)
      w.writeUInt32(value.type.rawValue)
      Self.write(value, to: &w)
    }
    var offset = 0
    var offsets: [Int] = []
    for tensor in tensors {
      offsets.append(offset)
      offset = Self.padded(offset + tensor.bytes.count, to: alignment)
    }
    for (tensor, offset) in zip(tensors, offsets) {
      Self.writeString(tensor.name, to: &w)
      w.writeUInt32(UInt32(tensor.shape.count))
      for dimension in tensor.shape { w.writeUInt64(UInt64(dimension)) }
      w.writeUInt32(tensor.type.rawValue)
      w.writeUInt64(UInt64(offset))
    }
    if !tensors.isEmpty {
      w.writeBytes(repeatElement(0, count: Self.padded(w.count, to: alignment) - w.count))
      let dataStart = w.count
      for (tensor, offset) in zip(tensors, offsets) {
        w.writeBytes(repeatElement(0, count: dataStart + offset - w.count))
        w.writeBytes(tensor.bytes)
      }
    }
    return w.bytes
  }

  private static func padded(_ n: Int, to alignment: Int) -> Int { (n + alignment - 1) / alignment * alignment }

  private static func writeString(_ string: String, to w: inout ByteWriter) {
    let utf8 = Array(string.utf8)
    w.writeUInt64(UInt64(utf8.count))
    w.writeBytes(utf8)
  }

  private static func write(_ value: GGUFValue, to w: inout ByteWriter) {
    switch value {
    case .uint8(let v): w.writeUInt8(v)
    case .int8(let v): w.writeUInt8(UInt8(bitPattern: v))
    case .bool(let v): w.writeUInt8(v ? 1 : 0)
    case .uint16(let v): w.writeBytes([UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)])
    case .int16(let v): write(.uint16(UInt16(bitPattern: v)), to: &w)
    case .uint32(let v): w.writeUInt32(v)
    case .int32(let v): w.writeUInt32(UInt32(bitPattern: v))
    case .float32(let v): w.writeUInt32(v.bitPattern)
    case .uint64(let v): w.writeUInt64(v)
    case .int64(let v): w.writeUInt64(UInt64(bitPattern: v))
    case .float64(let v): w.writeUInt64(v.bitPattern)
    case .string(let v): writeString(v, to: &w)
    case .array(let array): write(array, to: &w)
    }
  }

  private static func write(_ array: GGUFArray, to w: inout ByteWriter) {
    w.writeUInt32(array.elementType.rawValue)
    w.writeUInt64(UInt64(array.count))
    switch array {
    case .uint8(let v): w.writeBytes(v)
    case .int8(let v): for x in v { write(.int8(x), to: &w) }
    case .bool(let v): for x in v { write(.bool(x), to: &w) }
    case .uint16(let v): for x in v { write(.uint16(x), to: &w) }
    case .int16(let v): for x in v { write(.int16(x), to: &w) }
    case .uint32(let v): for x in v { w.writeUInt32(x) }
    case .int32(let v): for x in v { w.writeUInt32(UInt32(bitPattern: x)) }
    case .float32(let v): for x in v { w.writeUInt32(x.bitPattern) }
    case .uint64(let v): for x in v { w.writeUInt64(x) }
    case .int64(let v): for x in v { w.writeUInt64(UInt64(bitPattern: x)) }
    case .float64(let v): for x in v { w.writeUInt64(x.bitPattern) }
    case .string(let v): for x in v { writeString(x, to: &w) }
    case .array(let v): for x in v { write(x, to: &w) }
    }
  }
}
