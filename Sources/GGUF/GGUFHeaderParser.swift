// Parses and validates the GGUF header from bytes; used by GGUFFile.

import Basics

/// Reads the GGUF header (everything before the data section) with a bounds-checked ``ByteReader``.
///
/// Every count is checked against the bytes remaining *in the file* before anything is reserved for it: a
/// count that fits the file but not the copied prefix reports truncation, and ``GGUFFile`` retries with more bytes.
struct GGUFHeaderParser {
  struct Header {
    var version: UInt32
    var metadata: [String: GGUFValue]
    var metadataKeys: [String]
    var tensorInfos: [GGUFTensorInfo]
    var tensorIndex: [String: Int]
    var alignment: Int
    var dataOffset: Int
  }

  /// The most entries reserved up front for a count read from the file; more grow as they are actually parsed.
  static let maximumReservation = 4096

  private var reader: ByteReader
  /// The whole file's size; counts are checked against what remains of it.
  private let fileByteCount: Int

  init(bytes: [UInt8], fileByteCount: Int) {
    reader = ByteReader(bytes)
    self.fileByteCount = fileByteCount
  }

  /// Bytes left in the file after the reader's position.
  private var remainingInFile: UInt64 { UInt64(max(0, fileByteCount - reader.offset)) }

  mutating func parse() throws(GGUFError) -> Header {
    guard let magic = reader.readUInt32() else { throw .truncated(what: "the magic number", offset: reader.offset) }
    guard magic == GGUFFile.magic else { throw .badMagic }
    let version = try readUInt32("the version")
    guard version == 2 || version == 3 else { throw .unsupportedVersion(version) }
    let tensorCount = try readUInt64("the tensor count")
    let keyValueCount = try readUInt64("the metadata count")
    try checkCount(keyValueCount, minimumByteCount: 8 + 4 + 1, what: "metadata count")
    // A tensor info is at least a name length, a dimension count, a type and an offset.
    try checkCount(tensorCount, minimumByteCount: 8 + 4 + 4 + 8, what: "tensor count")

    var metadata: [String: GGUFValue] = [:]
    var keys: [String] = []
    // Reserve for real files only: a crafted count is bounded by the file size, but a dictionary entry is larger
    // than the 13 bytes an entry needs on disk, so reserving for it all would still amplify the file.
    metadata.reserveCapacity(min(Int(keyValueCount), Self.maximumReservation))
    keys.reserveCapacity(min(Int(keyValueCount), Self.maximumReservation))
    for _ in 0..<keyValueCount {
      let key = try readString("a metadata key")
      let typeOffset = reader.offset
      let rawType = try readUInt32("the type of '\(key)'")
      guard let type = GGUFValueType(rawValue: rawType) else { throw .invalidValueType(rawType, offset: typeOffset) }
      let value = try readValue(type, depth: 0, what: "the value of '\(key)'")
      guard metadata.updateValue(value, forKey: key) == nil else { throw .duplicateKey(key) }
      keys.append(key)
    }

    var alignment = GGUFFile.defaultAlignment
    if let value = metadata["general.alignment"] {
      guard case .uint32(let a) = value else { throw .invalidAlignment("stored as \(value.type), not uint32") }
      guard a != 0, a & (a - 1) == 0 else { throw .invalidAlignment("\(a) is not a power of two") }
      alignment = Int(a)
    }

    var infos: [GGUFTensorInfo] = []
    var index: [String: Int] = [:]
    infos.reserveCapacity(min(Int(tensorCount), Self.maximumReservation))
    for _ in 0..<tensorCount {
      let name = try readString("a tensor name")
      let dimensionCount = try readUInt32("the dimension count of '\(name)'")
      guard dimensionCount <= GGUFFile.maximumDimensionCount else {
        throw .invalidTensor(
          name: name, reason: "\(dimensionCount) dimensions; at most \(GGUFFile.maximumDimensionCount)")
      }
      var shape: [Int] = []
      var elementCount = 1
      for _ in 0..<dimensionCount {
        let raw = try readUInt64("a dimension of '\(name)'")
        guard let dimension = Int(exactly: raw), dimension <= Int(Int64.max) else {
          throw .invalidTensor(name: name, reason: "dimension \(raw) is too large")
        }
        let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
        guard !overflow else { throw .invalidTensor(name: name, reason: "element count overflows") }
        elementCount = product
        shape.append(dimension)
      }
      let type = GGMLType(rawValue: try readUInt32("the type of '\(name)'"))
      let rawOffset = try readUInt64("the offset of '\(name)'")
      guard let offset = Int(exactly: rawOffset), offset % alignment == 0 else {
        throw .invalidTensor(name: name, reason: "offset \(rawOffset) is not a multiple of the alignment \(alignment)")
      }
      guard index.updateValue(infos.count, forKey: name) == nil else { throw .duplicateTensor(name) }
      infos.append(GGUFTensorInfo(name: name, shape: shape, type: type, offset: offset))
    }

    // The data section starts at the next multiple of the alignment.
    let headerEnd = reader.offset
    let (padded, overflow) = headerEnd.addingReportingOverflow(alignment - 1)
    guard !overflow else { throw .truncated(what: "the padding", offset: headerEnd) }
    let dataOffset = padded / alignment * alignment
    if !infos.isEmpty && dataOffset > fileByteCount {
      throw .truncated(what: "the padding before the data section", offset: fileByteCount)
    }
    let dataByteCount = max(0, fileByteCount - dataOffset)
    for info in infos where info.type.isKnown {
      let byteCount = try info.byteCount()
      guard info.offset <= dataByteCount, byteCount <= dataByteCount - info.offset else {
        throw .invalidTensor(
          name: info.name,
          reason:
            "data at \(info.offset)..<\(info.offset) + \(byteCount) lies outside the data section of \(dataByteCount) bytes"
        )
      }
    }
    // No two tensors may share bytes (llama.cpp's reader requires each offset to follow the previous tensor's
    // padded end): a crafted file that points several tensors at one region would otherwise be read as valid.
    var ranges: [(range: Range<Int>, name: String)] = []
    ranges.reserveCapacity(infos.count)
    for info in infos where info.type.isKnown {
      let byteCount = try info.byteCount()
      if byteCount > 0 { ranges.append((info.offset..<info.offset + byteCount, info.name)) }
    }
    ranges.sort { $0.range.lowerBound < $1.range.lowerBound }
    for (previous, next) in zip(ranges, ranges.dropFirst()) where next.range.lowerBound < previous.range.upperBound {
      throw .invalidTensor(
        name: next.name,
        reason: "data at \(next.range) overlaps the data of '\(previous.name)' at \(previous.range)")
    }
    return Header(
      version: version, metadata: metadata, metadataKeys: keys, tensorInfos: infos, tensorIndex: index,
      alignment: alignment, dataOffset: dataOffset)
  }

  // MARK: Primitives

  private func checkCount(_ count: UInt64, minimumByteCount: Int, what: String) throws(GGUFError) {
    guard count <= remainingInFile / UInt64(max(1, minimumByteCount)) else {
      throw .countTooLarge(what: what, count: count, offset: reader.offset)
    }
  }

  private mutating func readUInt8(_ what: String) throws(GGUFError) -> UInt8 {
    guard let v = reader.readUInt8() else { throw .truncated(what: what, offset: reader.offset) }
    return v
  }

  private mutating func readUInt32(_ what: String) throws(GGUFError) -> UInt32 {
    guard let v = reader.readUInt32() else { throw .truncated(what: what, offset: reader.offset) }
    return v
  }

  private mutating func readUInt64(_ what: String) throws(GGUFError) -> UInt64 {
    guard let v = reader.readUInt64() else { throw .truncated(what: what, offset: reader.offset) }
    return v
  }

  private mutating func readRaw(_ count: Int, _ what: String) throws(GGUFError) -> ArraySlice<UInt8> {
    guard let bytes = reader.readBytes(count) else { throw .truncated(what: what, offset: reader.offset) }
    return bytes
  }

  /// A string: a `uint64` byte count, then UTF-8 (ill-formed sequences become U+FFFD).
  private mutating func readString(_ what: String) throws(GGUFError) -> String {
    let start = reader.offset
    let length = try readUInt64(what)
    guard length <= remainingInFile else {
      throw .countTooLarge(what: "length of \(what)", count: length, offset: start)
    }
    return String(decoding: try readRaw(Int(length), what), as: UTF8.self)
  }

  private mutating func readValue(_ type: GGUFValueType, depth: Int, what: String) throws(GGUFError) -> GGUFValue {
    switch type {
    case .uint8: return .uint8(try readUInt8(what))
    case .int8: return .int8(Int8(bitPattern: try readUInt8(what)))
    case .bool: return .bool(try readUInt8(what) != 0)
    case .uint16: return .uint16(Self.load(try readRaw(2, what), as: UInt16.self))
    case .int16: return .int16(Self.load(try readRaw(2, what), as: Int16.self))
    case .uint32: return .uint32(try readUInt32(what))
    case .int32: return .int32(Int32(bitPattern: try readUInt32(what)))
    case .float32: return .float32(Float(bitPattern: try readUInt32(what)))
    case .uint64: return .uint64(try readUInt64(what))
    case .int64: return .int64(Int64(bitPattern: try readUInt64(what)))
    case .float64: return .float64(Double(bitPattern: try readUInt64(what)))
    case .string: return .string(try readString(what))
    case .array: return .array(try readArray(depth: depth + 1, what: what))
    }
  }

  private mutating func readArray(depth: Int, what: String) throws(GGUFError) -> GGUFArray {
    let start = reader.offset
    guard depth <= GGUFFile.maximumArrayNesting else { throw .nestingTooDeep(offset: start) }
    let rawType = try readUInt32("the element type of \(what)")
    guard let type = GGUFValueType(rawValue: rawType) else { throw .invalidValueType(rawType, offset: start) }
    let countOffset = reader.offset
    let count64 = try readUInt64("the element count of \(what)")
    guard count64 <= remainingInFile / UInt64(type.minimumByteCount) else {
      throw .countTooLarge(what: "element count of \(what)", count: count64, offset: countOffset)
    }
    let count = Int(count64)
    switch type {
    case .uint8: return .uint8(Array(try readRaw(count, what)))
    case .int8: return .int8(try readRaw(count, what).map { Int8(bitPattern: $0) })
    case .bool: return .bool(try readRaw(count, what).map { $0 != 0 })
    case .uint16: return .uint16(Self.loadArray(try readRaw(count * 2, what), as: UInt16.self))
    case .int16: return .int16(Self.loadArray(try readRaw(count * 2, what), as: Int16.self))
    case .uint32: return .uint32(Self.loadArray(try readRaw(count * 4, what), as: UInt32.self))
    case .int32: return .int32(Self.loadArray(try readRaw(count * 4, what), as: Int32.self))
    case .float32: return .float32(Self.loadArray(try readRaw(count * 4, what), as: Float.self))
    case .uint64: return .uint64(Self.loadArray(try readRaw(count * 8, what), as: UInt64.self))
    case .int64: return .int64(Self.loadArray(try readRaw(count * 8, what), as: Int64.self))
    case .float64: return .float64(Self.loadArray(try readRaw(count * 8, what), as: Double.self))
    case .string:
      var strings: [String] = []
      strings.reserveCapacity(count)
      for _ in 0..<count { strings.append(try readString("an element of \(what)")) }
      return .string(strings)
    case .array:
      var arrays: [GGUFArray] = []
      arrays.reserveCapacity(count)
      for _ in 0..<count { arrays.append(try readArray(depth: depth + 1, what: what)) }
      return .array(arrays)
    }
  }

  /// One little-endian value from exactly `MemoryLayout<T>.size` bytes.
  private static func load<T: FixedWidthInteger>(_ bytes: ArraySlice<UInt8>, as: T.Type) -> T {
    bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
  }

  /// Little-endian values packed back to back, loaded as they are: every supported host (x86-64, arm64) is
  /// little-endian.
  private static func loadArray<T: BitwiseCopyable>(_ bytes: ArraySlice<UInt8>, as: T.Type) -> [T] {
    let stride = MemoryLayout<T>.size
    let count = bytes.count / stride
    return bytes.withUnsafeBytes { raw in
      [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        for i in 0..<count { buffer[i] = raw.loadUnaligned(fromByteOffset: i * stride, as: T.self) }
        initialized = count
      }
    }
  }
}
