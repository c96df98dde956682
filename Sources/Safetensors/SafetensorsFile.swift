// A reader for the safetensors format: an 8-byte little-endian header length N, N bytes of JSON (an object
// mapping each tensor name to {dtype, shape, data_offsets} plus an optional "__metadata__" of strings), then the
// data section that every data_offsets pair indexes. Every length, offset and shape is checked against the file
// before anything is read or allocated, so a crafted file gives a `SafetensorsError`, never a trap.

public import Basics
import Foundation

/// A safetensors file: its validated header and typed views of its tensors, read in place from a ``MappedFile``.
///
/// ```swift
/// let file = try SafetensorsFile(MappedFile(path: modelPath))
/// let bias = try file.floats("embeddings.LayerNorm.bias")  // [Float], F16/BF16 converted
/// ```
public struct SafetensorsFile: Sendable {
  /// The largest header accepted: the format's own limit (100 MB).
  public static let maximumHeaderByteCount = 100_000_000

  /// The bytes; the views this reader hands out point into them.
  public let file: MappedFile
  /// The `__metadata__` strings (empty when absent).
  public let metadata: [String: String]
  /// The tensors by name.
  public let tensors: [String: SafetensorsTensorInfo]
  /// The file offset where the data section starts (8 + header length).
  public let dataOffset: Int

  /// The tensor names in sorted order.
  public var names: [String] { tensors.keys.sorted() }

  /// Reads and validates the header of `file`; the pure entry point over bytes (wrap bytes with
  /// `MappedFile(bytes:)`).
  ///
  /// - Throws: ``SafetensorsError`` when the header length exceeds the file or the limit, the JSON is not an
  ///   object of well-formed entries, or any tensor's offsets fall outside the data section or disagree with
  ///   its shape and dtype.
  /// - Complexity: O(header bytes + tensors · rank).
  public init(_ file: MappedFile) throws(SafetensorsError) {
    self.file = file
    let bytes = file.bytes
    guard bytes.count >= 8 else {
      throw SafetensorsError("\(file.name): \(bytes.count) bytes is too short for a safetensors file (8-byte header length)")
    }
    var headerLength: UInt64 = 0
    for i in (0..<8).reversed() { headerLength = headerLength << 8 | UInt64(bytes[i]) }
    guard headerLength <= UInt64(bytes.count - 8) else {
      throw SafetensorsError("\(file.name): header length \(headerLength) exceeds the \(bytes.count - 8) bytes after it (truncated file?)")
    }
    guard headerLength <= UInt64(Self.maximumHeaderByteCount) else {
      throw SafetensorsError("\(file.name): header length \(headerLength) exceeds the format's limit of \(Self.maximumHeaderByteCount)")
    }
    let headerEnd = 8 + Int(headerLength)
    dataOffset = headerEnd
    let dataByteCount = bytes.count - headerEnd
    let json = Data(UnsafeRawBufferPointer(rebasing: bytes[8..<headerEnd]))
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: json, options: [])
    } catch {
      throw SafetensorsError("\(file.name): the header is not valid JSON: \(error.localizedDescription)")
    }
    guard let entries = object as? [String: Any] else {
      throw SafetensorsError("\(file.name): the header is not a JSON object")
    }
    var metadata: [String: String] = [:]
    var tensors: [String: SafetensorsTensorInfo] = [:]
    for (name, value) in entries {
      if name == "__metadata__" {
        guard let pairs = value as? [String: Any] else {
          throw SafetensorsError("\(file.name): __metadata__ is not an object")
        }
        for (key, text) in pairs {
          guard let text = text as? String else {
            throw SafetensorsError("\(file.name): __metadata__[\(key)] is not a string")
          }
          metadata[key] = text
        }
        continue
      }
      tensors[name] = try Self.tensorInfo(
        name: name, entry: value, dataOffset: headerEnd, dataByteCount: dataByteCount, fileName: file.name)
    }
    // No two tensors may share bytes: a crafted header pointing several tensors at one region is refused, as the
    // format's reference reader does.
    let ordered = tensors.values.filter { !$0.byteRange.isEmpty }.sorted {
      ($0.byteRange.lowerBound, $0.name) < ($1.byteRange.lowerBound, $1.name)
    }
    for (previous, next) in zip(ordered, ordered.dropFirst()) where next.byteRange.lowerBound < previous.byteRange.upperBound {
      throw SafetensorsError(
        "\(file.name): tensor \(next.name): its data overlaps the data of \(previous.name) (data_offsets overlap)")
    }
    self.metadata = metadata
    self.tensors = tensors
  }

  /// Validates one header entry.
  static func tensorInfo(name: String, entry: Any, dataOffset: Int, dataByteCount: Int, fileName: String)
    throws(SafetensorsError) -> SafetensorsTensorInfo
  {
    let what = "\(fileName): tensor \(name)"
    guard let fields = entry as? [String: Any] else { throw SafetensorsError("\(what): entry is not an object") }
    guard let dtype = fields["dtype"] as? String else { throw SafetensorsError("\(what): missing or non-string dtype") }
    guard let shapeValues = fields["shape"] as? [Any] else { throw SafetensorsError("\(what): missing shape array") }
    guard let offsets = fields["data_offsets"] as? [Any], offsets.count == 2 else {
      throw SafetensorsError("\(what): data_offsets is not a pair")
    }
    var shape: [Int] = []
    var elementCount = 1
    for value in shapeValues {
      guard let dimension = integer(value), dimension >= 0 else {
        throw SafetensorsError("\(what): shape \(shapeValues) has a dimension that is not a non-negative integer")
      }
      let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
      guard !overflow else { throw SafetensorsError("\(what): shape \(shapeValues) overflows the element count") }
      elementCount = product
      shape.append(dimension)
    }
    guard let begin = integer(offsets[0]), let end = integer(offsets[1]), begin >= 0, begin <= end,
      end <= dataByteCount
    else {
      throw SafetensorsError("\(what): data_offsets \(offsets) lie outside the \(dataByteCount)-byte data section")
    }
    if let size = SafetensorsTensorInfo.elementByteCount(of: dtype) {
      let (byteCount, overflow) = elementCount.multipliedReportingOverflow(by: size)
      guard !overflow, byteCount == end - begin else {
        throw SafetensorsError("\(what): \(end - begin) bytes for shape \(shape) of \(dtype) (\(size) bytes each)")
      }
    }
    return SafetensorsTensorInfo(name: name, dtype: dtype, shape: shape, byteRange: dataOffset + begin..<dataOffset + end)
  }

  /// A JSON number that is an exact integer, or `nil`.
  static func integer(_ value: Any) -> Int? {
    if let number = value as? NSNumber {
      let double = number.doubleValue
      guard double.rounded() == double, abs(double) < 9.0e15 else { return nil }
      // Booleans are NSNumbers too; "shape": [true] is not a dimension.
      if String(cString: number.objCType) == "c" { return nil }
      return number.intValue
    }
    return nil
  }

  /// The header entry of `name`.
  ///
  /// - Throws: ``SafetensorsError`` when the file has no such tensor.
  public func info(_ name: String) throws(SafetensorsError) -> SafetensorsTensorInfo {
    guard let info = tensors[name] else { throw SafetensorsError("\(file.name): no tensor named \(name)") }
    return info
  }

  /// The raw bytes of a tensor, a view into the file valid while ``file`` lives.
  public func rawBytes(_ name: String) throws(SafetensorsError) -> UnsafeRawBufferPointer {
    let info = try info(name)
    return UnsafeRawBufferPointer(rebasing: file.bytes[info.byteRange])
  }

  /// A tensor's values as `Float`, converted from F32, F16 or BF16 (little-endian).
  ///
  /// - Throws: ``SafetensorsError`` for a missing tensor or another dtype.
  /// - Complexity: O(elements).
  public func floats(_ name: String) throws(SafetensorsError) -> [Float] {
    let info = try info(name)
    let raw = UnsafeRawBufferPointer(rebasing: file.bytes[info.byteRange])
    let count = info.elementCount
    switch info.dtype {
    case "F32":
      return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
        for i in 0..<count { buffer[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))) }
        initialized = count
      }
    case "F16":
      return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
        for i in 0..<count {
          let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
          buffer[i] = Self.float(fromHalf: bits)
        }
        initialized = count
      }
    case "BF16":
      return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
        for i in 0..<count {
          let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
          buffer[i] = Float(bitPattern: UInt32(bits) << 16)
        }
        initialized = count
      }
    default:
      throw SafetensorsError("\(file.name): tensor \(name) has dtype \(info.dtype); only F32, F16 and BF16 read as floats")
    }
  }

  /// Calls `body` with an F32 tensor's values in place when they are 4-byte aligned in memory, or with a copy.
  ///
  /// - Throws: ``SafetensorsError`` for a missing tensor or another dtype, or what `body` throws.
  public func withFloat32Buffer<Result>(
    _ name: String, _ body: (UnsafeBufferPointer<Float>) throws -> Result
  ) throws -> Result {
    let info = try info(name)
    guard info.dtype == "F32" else {
      throw SafetensorsError("\(file.name): tensor \(name) has dtype \(info.dtype), not F32")
    }
    let raw = UnsafeRawBufferPointer(rebasing: file.bytes[info.byteRange])
    #if _endian(little)
      if let base = raw.baseAddress, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 {
        return try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: Float.self), count: info.elementCount))
      }
    #endif
    let copy = try floats(name)
    return try copy.withUnsafeBufferPointer(body)
  }

  /// IEEE half-precision bits to `Float` (subnormals, infinities and NaN included).
  static func float(fromHalf bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = Int(bits >> 10) & 0x1F
    let mantissa = UInt32(bits & 0x3FF)
    if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13) }
    if exponent == 0 {
      // Subnormal or zero: mantissa · 2^-24.
      let magnitude = Float(mantissa) * Float(bitPattern: 0x3380_0000)
      return sign == 0 ? magnitude : -magnitude
    }
    return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | mantissa << 13)
  }
}
