import Basics
import Testing

/// Known answers: XXH64 from the reference implementation (libxxhash 0.8.1), CRC-32C from RFC 3720 §B.4.
@Suite struct HashingTests {
  static let xxh64Cases: [(input: [UInt8], seed: UInt64, expected: UInt64)] = [
    (Array("".utf8), 0, 0xEF46_DB37_51D8_E999),
    (Array("".utf8), 1, 0xD5AF_BA13_36A3_BE4B),
    (Array("a".utf8), 0, 0xD24E_C4F1_A98C_6E5B),
    (Array("abc".utf8), 0, 0x44BC_2CF5_AD77_0999),
    (Array("abc".utf8), 1, 0xBEA9_CA81_9932_8908),
    (Array("123456789".utf8), 0, 0x8CB8_41DB_40E6_AE83),
    (Array("Nobody inspects the spammish repetition".utf8), 0, 0xFBCE_A83C_8A37_8BF1),
    (Array("Nobody inspects the spammish repetition".utf8), 1, 0x43F4_2544_8D95_4DB6),
    (Array(0..<100), 0, 0x6AC1_E580_3216_6597),
    (Array(0..<100), 1, 0x3D19_A3A2_098A_7023),
  ]

  @Test(arguments: xxh64Cases.indices)
  func xxh64KnownAnswers(_ index: Int) {
    let c = Self.xxh64Cases[index]
    #expect(XXHash64.hash(c.input, seed: c.seed) == c.expected)
  }

  @Test func contentHashIsXXH64WithSeedZero() {
    let bytes = Array("Nobody inspects the spammish repetition".utf8)
    #expect(ContentHash.of(bytes) == 0xFBCE_A83C_8A37_8BF1)
    #expect(bytes.withUnsafeBytes { ContentHash.of($0) } == 0xFBCE_A83C_8A37_8BF1)
  }

  static let crcCases: [(input: [UInt8], expected: UInt32)] = [
    ([], 0),
    (Array("123456789".utf8), 0xE306_9283),
    ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),
    ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
    (Array(0..<32), 0x46DD_794E),
    (Array((0..<32).reversed()), 0x113F_DB5C),
  ]

  @Test(arguments: crcCases.indices)
  func crc32cKnownAnswers(_ index: Int) {
    let c = Self.crcCases[index]
    #expect(CRC32C.checksum(c.input) == c.expected)
  }

  /// The bit-at-a-time definition, the reference twin of the slicing-by-8 implementation.
  static func referenceCRC32C(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
    }
    return ~crc
  }

  @Test(arguments: [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 127, 1023])
  func crc32cMatchesReferenceOnTailSizes(_ count: Int) {
    let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
    #expect(CRC32C.checksum(bytes) == Self.referenceCRC32C(bytes))
    // Feeding in two pieces gives the same checksum.
    let split = count / 3
    let first = bytes[..<split].withUnsafeBytes { CRC32C.update(0, $0) }
    let both = bytes[split...].withUnsafeBytes { CRC32C.update(first, $0) }
    #expect(both == Self.referenceCRC32C(bytes))
  }
}
