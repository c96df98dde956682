// Term interning: UTF-8 byte slices to dense term ids, without a String per token.

/// An open-addressing hash map from term bytes to dense `UInt32` term ids.
///
/// Invariants: term `t`'s bytes are `bytes[offsets[t]..<offsets[t + 1]]`; `slots` has a power-of-two count,
/// holds `termID + 1` or `0` (empty), and is at most half full; terms are never removed (ids stay stable
/// for the life of the dictionary; saving drops unused terms and renumbers).
struct TermDictionary: Sendable {
  /// All term bytes, back to back.
  private(set) var bytes: [UInt8] = []
  /// `count + 1` offsets into `bytes`.
  private(set) var offsets: [UInt32] = [0]
  /// Each term's hash, to skip byte comparisons on collisions and to rehash without rereading bytes.
  private var hashes: [UInt32] = []
  /// The hash table: `termID + 1`, or `0` for empty.
  private var slots: [UInt32] = [UInt32](repeating: 0, count: 1024)

  /// The number of terms.
  var count: Int { hashes.count }

  init() {}

  /// An empty dictionary sized for `termCount` terms of `byteCount` bytes in total, so decoding never rehashes.
  init(reservingTerms termCount: Int, bytes byteCount: Int) {
    var capacity = 1024
    while capacity < termCount * 2 + 2 { capacity *= 2 }
    slots = [UInt32](repeating: 0, count: capacity)
    hashes.reserveCapacity(termCount)
    offsets.reserveCapacity(termCount + 1)
    bytes.reserveCapacity(byteCount)
  }

  /// FNV-1a over the bytes, folded to 32 bits.
  @inline(__always) static func hash(_ term: UnsafeBufferPointer<UInt8>) -> UInt32 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in term { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return UInt32(truncatingIfNeeded: h ^ (h >> 32))
  }

  /// The id of `term`, or `nil` when it was never interned.
  func id(of term: UnsafeBufferPointer<UInt8>) -> UInt32? {
    let h = Self.hash(term)
    let mask = slots.count - 1
    var i = Int(h) & mask
    while true {
      let slot = slots[i]
      if slot == 0 { return nil }
      let id = Int(slot - 1)
      if hashes[id] == h && equals(id, term) { return UInt32(id) }
      i = (i + 1) & mask
    }
  }

  /// The id of `term`, interning it if new.
  ///
  /// - Complexity: Amortized O(*n*) in the term's length.
  @inline(__always)
  mutating func intern(_ term: UnsafeBufferPointer<UInt8>) -> (id: UInt32, isNew: Bool) {
    let h = Self.hash(term)
    let mask = slots.count - 1
    var i = Int(h) & mask
    while true {
      let slot = slots[i]
      if slot == 0 { break }
      let id = Int(slot - 1)
      if hashes[id] == h && equals(id, term) { return (UInt32(id), false) }
      i = (i + 1) & mask
    }
    let id = UInt32(hashes.count)
    slots[i] = id + 1
    hashes.append(h)
    bytes.append(contentsOf: term)
    offsets.append(UInt32(bytes.count))
    if hashes.count * 2 > slots.count { grow() }
    return (id, true)
  }

  /// Interns a term from a string (decoding and tests).
  mutating func intern(_ term: String) -> (id: UInt32, isNew: Bool) {
    var copy = term
    return copy.withUTF8 { intern($0) }
  }

  /// The id of a term given as a string.
  func id(of term: String) -> UInt32? {
    var copy = term
    return copy.withUTF8 { id(of: $0) }
  }

  /// The term's text.
  func term(_ id: UInt32) -> String {
    String(decoding: bytes[Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])], as: UTF8.self)
  }

  /// The term's bytes.
  func termBytes(_ id: UInt32) -> ArraySlice<UInt8> {
    bytes[Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])]
  }

  @inline(__always) private func equals(_ id: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = Int(offsets[id])
    let end = Int(offsets[id + 1])
    guard end - start == term.count else { return false }
    return bytes.withUnsafeBufferPointer { all in
      for k in 0..<term.count where all[start + k] != term[k] { return false }
      return true
    }
  }

  private mutating func grow() {
    var newSlots = [UInt32](repeating: 0, count: slots.count * 2)
    let mask = newSlots.count - 1
    for (id, h) in hashes.enumerated() {
      var i = Int(h) & mask
      while newSlots[i] != 0 { i = (i + 1) & mask }
      newSlots[i] = UInt32(id + 1)
    }
    slots = newSlots
  }
}
