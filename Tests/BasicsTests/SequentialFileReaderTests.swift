import Basics
import Foundation
import Testing

@Suite struct SequentialFileReaderTests {
  @Test func readsExactPiecesAndRefusesToReadPastTheEnd() throws {
    let path = NSTemporaryDirectory() + "docent-sequential-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    try AtomicFile.write(bytes, to: path)
    var reader = try SequentialFileReader(path: path)
    #expect(reader.byteCount == 1000)
    #expect(try reader.read(0) == [])
    #expect(try reader.read(3) == Array(bytes[0..<3]))
    #expect(try reader.read(-1) == nil)
    #expect(try reader.read(998) == nil)  // only 997 remain
    #expect(reader.offset == 3 && reader.remainingByteCount == 997)
    #expect(try reader.read(997) == Array(bytes[3...]))
    #expect(try reader.read(1) == nil)
    #expect(throws: SystemError.self) { _ = try SequentialFileReader(path: path + ".missing") }
  }
}
