// Non-cryptographic hashing: XXH64 (content hashes, store section checksums) and CRC32C (Castagnoli).
// Both are written from their published specifications; known-answer tests live in BasicsTests/HashingTests.

/// The 64-bit xxHash (XXH64) of a byte sequence.
///
/// Follows the XXH64 specification: four 64-bit lanes consume 32-byte stripes, the lanes are merged, the tail
/// is folded in 8, 4 and 1 bytes at a time, and a final avalanche mixes the bits. Inputs are read little-endian,
/// so a hash is the same on every platform.
public enum XXHash64 {
  static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
  static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
  static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
  static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5
  /// Bytes consumed per iteration of the four-lane loop.
  static let stripeByteCount = 32

  @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

  @inline(__always) static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
    rotl(acc &+ input &* prime2, 31) &* prime1
  }

  @inline(__always) static func mergeRound(_ acc: UInt64, _ lane: UInt64) -> UInt64 {
    (acc ^ round(0, lane)) &* prime1 &+ prime4
  }

  /// Hashes raw bytes.
  ///
  /// - Parameters:
  ///   - bytes: The input.
  ///   - seed: The seed; `0` unless a format says otherwise.
  /// - Returns: The XXH64 digest.
  /// - Complexity: O(*n*) in the byte count.
  public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
    let count = bytes.count
    var offset = 0
    @inline(__always) func load64(_ at: Int) -> UInt64 {
      UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }
    var h: UInt64
    if count >= stripeByteCount {
      var v1 = seed &+ prime1 &+ prime2
      var v2 = seed &+ prime2
      var v3 = seed
      var v4 = seed &- prime1
      while offset + stripeByteCount <= count {
        v1 = round(v1, load64(offset))
        v2 = round(v2, load64(offset + 8))
        v3 = round(v3, load64(offset + 16))
        v4 = round(v4, load64(offset + 24))
        offset += stripeByteCount
      }
      h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
      h = mergeRound(h, v1)
      h = mergeRound(h, v2)
      h = mergeRound(h, v3)
      h = mergeRound(h, v4)
    } else {
      h = seed &+ prime5
    }
    h = h &+ UInt64(count)
    while offset + 8 <= count {
      h ^= round(0, load64(offset))
      h = rotl(h, 27) &* prime1 &+ prime4
      offset += 8
    }
    if offset + 4 <= count {
      let word = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
      h ^= UInt64(word) &* prime1
      h = rotl(h, 23) &* prime2 &+ prime3
      offset += 4
    }
    while offset < count {
      h ^= UInt64(bytes[offset]) &* prime5
      h = rotl(h, 11) &* prime1
      offset += 1
    }
    // Final avalanche, so every input bit affects every output bit.
    h ^= h >> 33
    h = h &* prime2
    h ^= h >> 29
    h = h &* prime3
    h ^= h >> 32
    return h
  }

  /// Hashes the bytes of an array.
  ///
  /// - Complexity: O(*n*) in the byte count.
  public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
    bytes.withUnsafeBytes { hash($0, seed: seed) }
  }

  /// Hashes the bytes of an array slice.
  ///
  /// - Complexity: O(*n*) in the byte count.
  public static func hash(_ bytes: ArraySlice<UInt8>, seed: UInt64 = 0) -> UInt64 {
    bytes.withUnsafeBytes { hash($0, seed: seed) }
  }
}

/// CRC-32C (Castagnoli, reflected polynomial `0x82F63B78`), as used by iSCSI, ext4 and SSE4.2's `crc32`.
///
/// Computed eight bytes at a time with the slicing-by-8 tables; ``CRC32C/update(_:_:)`` continues a running
/// checksum so large inputs can be fed in pieces.
public enum CRC32C {
  /// The reflected Castagnoli polynomial.
  static let polynomial: UInt32 = 0x82F6_3B78

  /// `tables[k][b]`: the CRC of byte `b` followed by `k` zero bytes; 8 × 256 entries, flattened.
  static let tables: [UInt32] = {
    var t = [UInt32](repeating: 0, count: 8 * 256)
    for b in 0..<256 {
      var crc = UInt32(b)
      for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1 }
      t[b] = crc
    }
    for k in 1..<8 {
      for b in 0..<256 {
        let previous = t[(k - 1) * 256 + b]
        t[k * 256 + b] = (previous >> 8) ^ t[Int(previous & 0xFF)]
      }
    }
    return t
  }()

  /// Continues a checksum over more bytes.
  ///
  /// - Parameters:
  ///   - crc: The checksum of the bytes so far; `0` to start.
  ///   - bytes: The next bytes.
  /// - Returns: The checksum of everything fed so far.
  /// - Complexity: O(*n*) in the byte count.
  public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var c = ~crc
    var offset = 0
    let count = bytes.count
    tables.withUnsafeBufferPointer { t in
      while offset + 8 <= count {
        let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let lo = UInt32(truncatingIfNeeded: word) ^ c
        let hi = UInt32(truncatingIfNeeded: word >> 32)
        c = t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
          ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
          ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
          ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
        offset += 8
      }
      while offset < count {
        c = (c >> 8) ^ t[Int((c ^ UInt32(bytes[offset])) & 0xFF)]
        offset += 1
      }
    }
    return ~c
  }

  /// The CRC-32C of some bytes.
  ///
  /// - Complexity: O(*n*) in the byte count.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { update(0, $0) }
  }

  /// The CRC-32C of an array slice.
  ///
  /// - Complexity: O(*n*) in the byte count.
  public static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    bytes.withUnsafeBytes { update(0, $0) }
  }
}

/// The content hash the index records for each file, to tell whether a file changed since it was indexed.
///
/// Defined as XXH64 with seed `0` over the file's bytes. The definition is part of the index file format:
/// changing it invalidates every stored hash.
public enum ContentHash {
  /// The content hash of `bytes`.
  ///
  /// - Complexity: O(*n*) in the byte count.
  public static func of(_ bytes: [UInt8]) -> UInt64 {
    XXHash64.hash(bytes, seed: 0)
  }

  /// The content hash of raw bytes, such as a memory-mapped file.
  ///
  /// - Complexity: O(*n*) in the byte count.
  public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    XXHash64.hash(bytes, seed: 0)
  }
}
