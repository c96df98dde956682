import Basics
import GGUF
import Testing
import TestSupport

/// Damaged and hostile files: each must give a `GGUFError` (or parse), never trap, hang or allocate a size read
/// from the file.
@Suite(.offCooperativePool) struct GGUFCraftedFileTests {
  /// A small valid file with metadata of several types and two tensors.
  static let valid: [UInt8] = {
    var writer = GGUFWriter()
    writer.setValue(.string("llama"), forKey: "general.architecture")
    writer.setValue(.uint32(30), forKey: "llama.block_count")
    writer.setValue(.array(.string(["<s>", "a", "b"])), forKey: "tokenizer.ggml.tokens")
    writer.setValue(.array(.array([.int32([1]), .float32([2])])), forKey: "nested")
    writer.setValue(.uint32(16), forKey: "general.alignment")
    // The writer only throws on programmer errors here; an empty file would fail every test below loudly.
    try? writer.addTensor(name: "w", shape: [32, 2], type: .q8_0, bytes: Array(repeating: 3, count: 68))
    try? writer.addTensor(name: "n", shape: [4], type: .f32, bytes: Array(repeating: 0, count: 16))
    return (try? writer.serialized()) ?? []
  }()

  /// Writes a header by hand: magic, version, counts, then `body`.
  static func header(version: UInt32 = 3, tensors: UInt64 = 0, keys: UInt64 = 0, body: [UInt8] = []) -> [UInt8] {
    var w = ByteWriter()
    w.writeUInt32(GGUFFile.magic)
    w.writeUInt32(version)
    w.writeUInt64(tensors)
    w.writeUInt64(keys)
    w.writeBytes(body)
    return w.bytes
  }

  static func string(_ s: String) -> [UInt8] {
    var w = ByteWriter()
    w.writeUInt64(UInt64(s.utf8.count))
    w.writeBytes(Array(s.utf8))
    return w.bytes
  }

  static func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
  static func u64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

  @Test func validSampleParses() throws {
    let file = try GGUFFile(bytes: Self.valid)
    #expect(file.tensorInfos.count == 2)
    #expect(file.alignment == 16)
  }

  @Test func everyTruncationThrows() {
    for length in 0..<Self.valid.count - 1 {
      // Cutting inside the last tensor's data (or its padding) must be caught too.
      #expect(throws: GGUFError.self, "length \(length)") {
        let file = try GGUFFile(bytes: Array(Self.valid[0..<length]))
        for name in file.tensorNames { _ = try file.tensor(named: name) }
      }
    }
  }

  @Test func singleByteMutationsNeverTrap() {
    var parsed = 0
    var rejected = 0
    let replacements: [UInt8] = [0x00, 0x01, 0x07, 0x09, 0x0C, 0x7F, 0x80, 0xFE, 0xFF]
    for position in 0..<Self.valid.count {
      for replacement in replacements where Self.valid[position] != replacement {
        var bytes = Self.valid
        bytes[position] = replacement
        do {
          let file = try GGUFFile(bytes: bytes)
          for name in file.tensorNames { _ = try? file.tensor(named: name) }
          parsed += 1
        } catch {
          rejected += 1
        }
      }
    }
    #expect(parsed > 0 && rejected > 0)
  }

  @Test func seededRandomMutationsNeverTrap() {
    var rng = SplitMix64(seed: 42)
    for _ in 0..<3000 {
      var bytes = Self.valid
      for _ in 0..<Int(rng.next() % 6 + 1) {
        let position = Int(rng.next() % UInt64(bytes.count))
        bytes[position] = UInt8(truncatingIfNeeded: rng.next())
      }
      if rng.next() % 4 == 0 { bytes.removeLast(Int(rng.next() % UInt64(bytes.count))) }
      if let file = try? GGUFFile(bytes: bytes) {
        for name in file.tensorNames { _ = try? file.tensor(named: name) }
      }
    }
  }

  static let hostile: [(String, [UInt8], GGUFError)] = [
    ("empty", [], .truncated(what: "the magic number", offset: 0)),
    ("bad magic", Array("GGML".utf8) + [3, 0, 0, 0] + [UInt8](repeating: 0, count: 16), .badMagic),
    ("version 1", header(version: 1), .unsupportedVersion(1)),
    ("big-endian version", header(version: 0x0300_0000), .unsupportedVersion(0x0300_0000)),
    ("huge key count", header(keys: UInt64.max), .countTooLarge(what: "metadata count", count: UInt64.max, offset: 24)),
    ("huge tensor count", header(tensors: 1 << 40), .countTooLarge(what: "tensor count", count: 1 << 40, offset: 24)),
    (
      "huge key length", header(keys: 1, body: u64(1 << 50) + [UInt8](repeating: 0, count: 16)),
      .countTooLarge(what: "length of a metadata key", count: 1 << 50, offset: 24)
    ),
    (
      "huge array count", header(keys: 1, body: string("k") + u32(9) + u32(6) + u64(1 << 61)),
      .countTooLarge(what: "element count of the value of 'k'", count: 1 << 61, offset: 41)
    ),
    (
      "huge string array",
      header(keys: 1, body: string("k") + u32(9) + u32(8) + u64(100) + [UInt8](repeating: 0, count: 80)),
      .countTooLarge(what: "element count of the value of 'k'", count: 100, offset: 41)
    ),
    ("unknown value type", header(keys: 1, body: string("k") + u32(13) + u64(0)), .invalidValueType(13, offset: 33)),
    (
      "duplicate key", header(keys: 2, body: string("k") + u32(0) + [1] + string("k") + u32(0) + [2]),
      .duplicateKey("k")
    ),
    (
      "alignment not a power of two", header(keys: 1, body: string("general.alignment") + u32(4) + u32(24)),
      .invalidAlignment("24 is not a power of two")
    ),
    (
      "alignment of the wrong type", header(keys: 1, body: string("general.alignment") + u32(10) + u64(32)),
      .invalidAlignment("stored as uint64, not uint32")
    ),
    (
      "five dimensions", header(tensors: 1, body: string("t") + u32(5) + [UInt8](repeating: 0, count: 60)),
      .invalidTensor(name: "t", reason: "5 dimensions; at most 4")
    ),
    (
      "overflowing shape",
      header(tensors: 1, body: string("t") + u32(2) + u64(1 << 40) + u64(1 << 40) + u32(0) + u64(0)),
      .invalidTensor(name: "t", reason: "element count overflows")
    ),
    (
      "misaligned offset", header(tensors: 1, body: string("t") + u32(1) + u64(4) + u32(0) + u64(3)),
      .invalidTensor(name: "t", reason: "offset 3 is not a multiple of the alignment 32")
    ),
    (
      "data past the end",
      header(tensors: 1, body: string("t") + u32(1) + u64(1000) + u32(0) + u64(0) + [UInt8](repeating: 0, count: 64)),
      .invalidTensor(name: "t", reason: "data at 0..<0 + 4000 lies outside the data section of 57 bytes")
    ),
    (
      "row not a multiple of the block",
      header(tensors: 1, body: string("t") + u32(1) + u64(31) + u32(8) + u64(0) + [UInt8](repeating: 0, count: 64)),
      .invalidTensor(name: "t", reason: "row length 31 is not a multiple of the Q8_0 block of 32")
    ),
    (
      "overlapping tensors",
      header(
        tensors: 2,
        body: string("a") + u32(1) + u64(16) + u32(0) + u64(0) + string("b") + u32(1) + u64(8) + u32(0) + u64(32)
          + [UInt8](repeating: 0, count: 6 + 64)),
      .invalidTensor(name: "b", reason: "data at 32..<64 overlaps the data of 'a' at 0..<64")
    ),
    (
      "duplicate tensor",
      header(tensors: 2, body: string("t") + u32(0) + u32(0) + u64(0) + string("t") + u32(0) + u32(0) + u64(0)),
      .duplicateTensor("t")
    ),
  ]

  @Test(arguments: 0..<hostile.count)
  func hostileHeadersGiveClearErrors(case index: Int) {
    let (name, bytes, expected) = Self.hostile[index]
    #expect(throws: expected, "\(name)") { try GGUFFile(bytes: bytes) }
  }

  @Test func deeplyNestedArraysAreRejected() {
    var body = Self.string("k") + Self.u32(9)
    for _ in 0..<20 { body += Self.u32(9) + Self.u64(1) }
    body += Self.u32(0) + Self.u64(0)
    #expect(throws: GGUFError.nestingTooDeep(offset: 37 + 12 * 8)) {
      try GGUFFile(bytes: Self.header(keys: 1, body: body))
    }
  }

  @Test func unknownTensorTypeOpensButItsBytesThrow() throws {
    let body = Self.string("t") + Self.u32(1) + Self.u64(4) + Self.u32(77) + Self.u64(0)
    var bytes = Self.header(tensors: 1, body: body)
    bytes += [UInt8](repeating: 0, count: 32 - bytes.count % 32 + 16)
    let file = try GGUFFile(bytes: bytes)
    #expect(file.tensorInfos.first?.type == GGMLType(rawValue: 77))
    #expect(throws: GGUFError.unknownTensorType(name: "t", type: 77)) { try file.tensor(named: "t") }
    #expect(throws: GGUFError.missingTensor("u")) { try file.tensor(named: "u") }
  }

  @Test func headerLongerThanTheFirstCopyIsRead() throws {
    // 20 MiB of metadata: longer than the 16 MiB first copied out of the mapping.
    var writer = GGUFWriter()
    writer.setValue(.array(.uint8([UInt8](repeating: 7, count: 20 << 20))), forKey: "big")
    try writer.addTensor(name: "t", shape: [1], type: .f32, bytes: [1, 2, 3, 4])
    let file = try GGUFFile(bytes: try writer.serialized())
    #expect(file.metadata["big"]?.array?.count == 20 << 20)
    #expect(Array(try file.tensor(named: "t").bytes) == [1, 2, 3, 4])
  }
}
