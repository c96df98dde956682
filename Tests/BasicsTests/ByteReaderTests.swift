import Basics
import Testing

@Suite struct ByteReaderTests {
  @Test(arguments: [0, 1, 127, 128, 300, 16_383, 16_384, UInt64(UInt32.max), UInt64.max - 1, UInt64.max])
  func varintRoundTrips(_ value: UInt64) {
    var writer = ByteWriter()
    writer.writeVarint(value)
    var reader = ByteReader(writer.bytes)
    #expect(reader.readVarint() == value)
    #expect(reader.isAtEnd)
  }

  static let malformedVarints: [[UInt8]] = [
    [],
    [0x80],
    [0xFF, 0xFF],
    [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02],  // overflows 64 bits
    [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x00],  // eleven bytes
  ]

  @Test(arguments: malformedVarints)
  func malformedVarintsReturnNilAndKeepTheOffset(_ bytes: [UInt8]) {
    var reader = ByteReader(bytes)
    #expect(reader.readVarint() == nil)
    #expect(reader.offset == 0)
  }

  @Test func fixedWidthAndStringsRoundTrip() {
    var writer = ByteWriter()
    writer.writeUInt8(7)
    writer.writeUInt32(0xDEAD_BEEF)
    writer.writeUInt64(0x0123_4567_89AB_CDEF)
    writer.writeString("héllo")
    writer.writeUInt32(0)
    writer.setUInt32(42, at: writer.count - 4)
    var reader = ByteReader(writer.bytes)
    #expect(reader.readUInt8() == 7)
    #expect(reader.readUInt32() == 0xDEAD_BEEF)
    #expect(reader.readUInt64() == 0x0123_4567_89AB_CDEF)
    #expect(reader.readString() == "héllo")
    #expect(reader.readUInt32() == 42)
    #expect(reader.isAtEnd)
    #expect(reader.readUInt8() == nil)
    #expect(reader.readUInt32() == nil)
    #expect(reader.readBytes(1) == nil)
  }

  @Test func stringLongerThanTheBytesIsRejected() {
    var reader = ByteReader([0x05, 0x61, 0x62])
    #expect(reader.readString() == nil)
    #expect(reader.offset == 0)
  }

  @Test func canHoldGuardsAllocations() {
    let reader = ByteReader([UInt8](repeating: 0, count: 100))
    #expect(reader.canHold(25, elementsOfAtLeast: 4))
    #expect(!reader.canHold(26, elementsOfAtLeast: 4))
    #expect(!reader.canHold(UInt64.max, elementsOfAtLeast: 1))
  }

  @Test func readerOverARangeStaysInsideIt() {
    var reader = ByteReader([1, 2, 3, 4, 5], range: 1..<3)
    #expect(reader.readUInt8() == 2)
    #expect(reader.readUInt8() == 3)
    #expect(reader.readUInt8() == nil)
  }
}
