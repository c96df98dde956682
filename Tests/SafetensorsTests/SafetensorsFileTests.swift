import Basics
import Foundation
import Safetensors
import Testing

/// Reads hand-built safetensors files: well-formed ones in each float dtype, and crafted or truncated ones that
/// must give a `SafetensorsError` instead of a trap or a huge allocation.
@Suite struct SafetensorsFileTests {
  /// A file with the given header JSON and data bytes (the header length written little-endian).
  static func file(header: String, data: [UInt8], headerLength: UInt64? = nil) -> MappedFile {
    let json = Array(header.utf8)
    let length = headerLength ?? UInt64(json.count)
    var bytes: [UInt8] = (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
    bytes += json + data
    return MappedFile(bytes: bytes)
  }

  static func littleEndian(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt32($0))) } }
  }

  static func check(header: String, data: [UInt8] = [], headerLength: UInt64? = nil, errorContains text: String) {
    do {
      _ = try SafetensorsFile(file(header: header, data: data, headerLength: headerLength))
      Issue.record("expected an error containing '\(text)'")
    } catch {
      #expect(error.message.contains(text), "\(error.message)")
    }
  }

  @Test func readsFloat32WithMetadata() throws {
    let values: [Float] = [1, -2.5, 3.25, 0, 1e-3, 6]
    let header = #"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}"#
    let reader = try SafetensorsFile(Self.file(header: header, data: Self.littleEndian(values)))
    #expect(reader.metadata == ["format": "pt"])
    #expect(reader.names == ["w"])
    let info = try reader.info("w")
    #expect(info.shape == [2, 3] && info.dtype == "F32" && info.elementCount == 6)
    #expect(try reader.floats("w") == values)
    #expect(try reader.withFloat32Buffer("w") { Array($0) } == values)
  }

  @Test func readsHalfAndBFloat16() throws {
    // F16: 1.0 = 0x3C00, -2.0 = 0xC000, 65504 = 0x7BFF, smallest subnormal 0x0001; BF16: 1.0 = 0x3F80, -3.0 = 0xC040.
    let half: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001]
    let brain: [UInt16] = [0x3F80, 0xC040]
    let data = (half + brain).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let header = #"{"h":{"dtype":"F16","shape":[4],"data_offsets":[0,8]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]}}"#
    let reader = try SafetensorsFile(Self.file(header: header, data: data))
    #expect(try reader.floats("h") == [1, -2, 65504, Float(bitPattern: 0x3380_0000)])
    #expect(try reader.floats("b") == [1, -3])
  }

  @Test func otherDtypesReadOnlyAsRawBytes() throws {
    let header = #"{"ids":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}"#
    let reader = try SafetensorsFile(Self.file(header: header, data: [UInt8](repeating: 1, count: 16)))
    #expect(try reader.rawBytes("ids").count == 16)
    #expect(throws: SafetensorsError.self) { try reader.floats("ids") }
    #expect(throws: SafetensorsError.self) { try reader.floats("missing") }
  }

  @Test func scalarAndEmptyTensors() throws {
    let header = #"{"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"e":{"dtype":"F32","shape":[0,5],"data_offsets":[4,4]}}"#
    let reader = try SafetensorsFile(Self.file(header: header, data: Self.littleEndian([7])))
    #expect(try reader.floats("s") == [7])
    #expect(try reader.floats("e") == [])
  }

  @Test func rejectsOverlappingTensors() {
    Self.check(
      header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#,
      data: [UInt8](repeating: 0, count: 16), errorContains: "overlaps the data of a")
    // Adjacent tensors and empty ones at any offset are fine.
    let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},"e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]}}"#
    #expect(throws: Never.self) { try SafetensorsFile(Self.file(header: header, data: [UInt8](repeating: 0, count: 16))) }
  }

  @Test func rejectsShortAndTruncatedFiles() {
    #expect(throws: SafetensorsError.self) { try SafetensorsFile(MappedFile(bytes: [1, 0, 0])) }
    Self.check(header: "{}", headerLength: 1 << 40, errorContains: "exceeds")
    Self.check(header: "{}", headerLength: 1, errorContains: "JSON")
    // The data section ends before the tensor's last byte.
    Self.check(header: #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: [0, 0, 0, 0],
      errorContains: "outside")
  }

  @Test(arguments: [
    (#"[1,2]"#, "not a JSON object"),
    (#"{"w":5}"#, "not an object"),
    (#"{"w":{"shape":[1],"data_offsets":[0,4]}}"#, "dtype"),
    (#"{"w":{"dtype":"F32","data_offsets":[0,4]}}"#, "shape"),
    (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#, "pair"),
    (#"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, "non-negative"),
    (#"{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, "non-negative"),
    (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, "outside"),
    (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}"#, "outside"),
    (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, "bytes for shape"),
    (#"{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}"#, "overflow"),
    (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,1e300]}}"#, "outside"),
    (#"{"__metadata__":{"a":1}}"#, "not a string"),
    (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]"#, "JSON"),
  ])
  func rejectsCraftedHeaders(header: String, message: String) {
    Self.check(header: header, data: [0, 0, 0, 0], errorContains: message)
  }

  @Test func everyTruncationOfAValidFileFailsCleanly() throws {
    let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
    let whole = Self.file(header: header, data: Self.littleEndian([1, 2]))
    let bytes = Array(whole.bytes)
    for length in 0..<bytes.count {
      #expect(throws: SafetensorsError.self) { try SafetensorsFile(MappedFile(bytes: Array(bytes[..<length]))) }
    }
    #expect(try SafetensorsFile(MappedFile(bytes: bytes)).floats("w") == [1, 2])
  }
}
