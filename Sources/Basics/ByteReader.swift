/// A bounds-checked cursor over bytes from an untrusted source.
///
/// Every read returns `nil` instead of trapping when the bytes run out or a value is malformed, and leaves the
/// cursor where it was in that case; callers turn `nil` into their module's error with the current ``offset``.
/// Counts read from the bytes should be checked with ``ByteReader/canHold(_:elementsOfAtLeast:)`` before
/// anything is allocated for them.
public struct ByteReader: Sendable {
  /// The bytes being read.
  public let bytes: [UInt8]
  /// The position of the next read, from the start of ``bytes``.
  public var offset: Int { position }
  /// The end of the readable range (exclusive).
  public let endOffset: Int
  /// Backing storage of ``offset``, visible to the `@inlinable` readers.
  @usableFromInline var position: Int

  /// Creates a reader over `bytes[range]`, or all of `bytes`.
  ///
  /// - Precondition: `range` lies within `bytes`.
  public init(_ bytes: [UInt8], range: Range<Int>? = nil) {
    let r = range ?? 0..<bytes.count
    precondition(r.lowerBound >= 0 && r.upperBound <= bytes.count, "ByteReader range outside the bytes")
    self.bytes = bytes
    self.position = r.lowerBound
    self.endOffset = r.upperBound
  }

  /// Bytes left to read.
  public var remainingByteCount: Int { endOffset - offset }

  /// Whether every byte was read.
  public var isAtEnd: Bool { offset == endOffset }

  /// Whether `count` elements of at least `minimumByteCount` bytes each could still fit in the remaining bytes.
  ///
  /// Use before reserving storage for a count read from the input, so a crafted count cannot force a huge
  /// allocation.
  public func canHold(_ count: UInt64, elementsOfAtLeast minimumByteCount: Int) -> Bool {
    let perElement = UInt64(max(minimumByteCount, 0))
    if perElement == 0 { return count <= UInt64(remainingByteCount) + 1 }
    return count <= UInt64(remainingByteCount) / perElement
  }

  /// Reads one byte.
  public mutating func readUInt8() -> UInt8? {
    guard offset < endOffset else { return nil }
    defer { position += 1 }
    return bytes[offset]
  }

  /// Reads a little-endian 32-bit integer.
  public mutating func readUInt32() -> UInt32? {
    guard endOffset - offset >= 4 else { return nil }
    var value: UInt32 = 0
    for i in (0..<4).reversed() { value = value << 8 | UInt32(bytes[offset + i]) }
    position += 4
    return value
  }

  /// Reads a little-endian 64-bit integer.
  public mutating func readUInt64() -> UInt64? {
    guard endOffset - offset >= 8 else { return nil }
    var value: UInt64 = 0
    for i in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + i]) }
    position += 8
    return value
  }

  /// Reads an unsigned LEB128 varint of at most 10 bytes.
  ///
  /// - Returns: The value, or `nil` when the bytes end mid-varint or the encoding overflows 64 bits.
  @inlinable @inline(__always)
  public mutating func readVarint() -> UInt64? {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    var cursor = position
    while cursor < endOffset {
      let byte = bytes[cursor]
      cursor += 1
      if shift == 63 && byte > 1 { return nil }  // the tenth byte may carry only the top bit
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 {
        position = cursor
        return value
      }
      shift += 7
      if shift > 63 { return nil }
    }
    return nil
  }

  /// Reads `count` raw bytes.
  public mutating func readBytes(_ count: Int) -> ArraySlice<UInt8>? {
    guard count >= 0, endOffset - offset >= count else { return nil }
    defer { position += count }
    return bytes[offset..<offset + count]
  }

  /// Skips `count` bytes.
  public mutating func skip(_ count: Int) -> Bool {
    guard count >= 0, endOffset - offset >= count else { return false }
    position += count
    return true
  }

  /// Reads a string written by ``ByteWriter/writeString(_:)``: a varint byte count, then UTF-8.
  ///
  /// Ill-formed UTF-8 is repaired with replacement characters rather than rejected.
  public mutating func readString() -> String? {
    let start = offset
    guard let length = readVarint(), length <= UInt64(remainingByteCount) else {
      position = start
      return nil
    }
    let n = Int(length)
    defer { position += n }
    return String(decoding: bytes[offset..<offset + n], as: UTF8.self)
  }
}
