/// An append-only little-endian byte buffer for binary file formats.
///
/// Fixed-width integers are little-endian; ``ByteWriter/writeVarint(_:)`` writes unsigned LEB128 (7 bits per byte,
/// high bit set on every byte but the last), which ``ByteReader/readVarint()`` reads back.
public struct ByteWriter: Sendable {
  /// The bytes written so far. (Settable so the hot appends can be `@inlinable` in other modules.)
  public var bytes: [UInt8]

  /// Creates an empty writer.
  ///
  /// - Parameter capacity: Bytes to reserve up front.
  public init(capacity: Int = 0) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  /// The number of bytes written.
  public var count: Int { bytes.count }

  /// Appends one byte.
  @inlinable public mutating func writeUInt8(_ value: UInt8) { bytes.append(value) }

  /// Appends a 32-bit integer, little-endian.
  @inlinable public mutating func writeUInt32(_ value: UInt32) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  /// Appends a 64-bit integer, little-endian.
  @inlinable public mutating func writeUInt64(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  /// Appends an unsigned LEB128 varint: 1 byte below 128, at most 10 bytes.
  @inlinable @inline(__always)
  public mutating func writeVarint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  /// Appends raw bytes with no length prefix.
  public mutating func writeBytes(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

  /// Appends a string as a varint byte count followed by its UTF-8 bytes.
  public mutating func writeString(_ string: String) {
    var s = string
    s.withUTF8 { utf8 in
      writeVarint(UInt64(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }

  /// Overwrites four bytes at `offset` with a little-endian 32-bit integer, for lengths known only afterwards.
  ///
  /// - Precondition: `offset + 4 <= count` (a programmer error otherwise; this never sees input).
  public mutating func setUInt32(_ value: UInt32, at offset: Int) {
    precondition(offset >= 0 && offset + 4 <= bytes.count, "setUInt32 outside the written bytes")
    withUnsafeBytes(of: value.littleEndian) { raw in
      for i in 0..<4 { bytes[offset + i] = raw[i] }
    }
  }

  /// Overwrites eight bytes at `offset` with a little-endian 64-bit integer.
  ///
  /// - Precondition: `offset + 8 <= count`.
  public mutating func setUInt64(_ value: UInt64, at offset: Int) {
    precondition(offset >= 0 && offset + 8 <= bytes.count, "setUInt64 outside the written bytes")
    withUnsafeBytes(of: value.littleEndian) { raw in
      for i in 0..<8 { bytes[offset + i] = raw[i] }
    }
  }
}
