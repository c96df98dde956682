/// Token ids by UTF-8 text, looked up by byte slices without allocating.
///
/// Keyed by bytes rather than `String`, whose equality is canonical equivalence and would merge distinct tokens
/// such as `;` and the Greek question mark, or `é` and `e` + U+0301. Open addressing with linear probing over a
/// power-of-two table at most half full; FNV-1a hashes.
struct TokenTable: Sendable {
  /// All token texts back to back.
  private var storage: [UInt8] = []
  /// Where each entry's text starts in `storage`; one extra element marks the end of the last.
  private var starts: [Int] = [0]
  /// Each entry's token id.
  private var ids: [TokenID] = []
  /// Entry index per slot, or -1.
  private var slots: [Int32]
  private let mask: Int

  /// Builds the table; when a text repeats, the later id wins (as in llama.cpp).
  init(texts: [String]) {
    var capacity = 16
    while capacity < texts.count * 2 { capacity *= 2 }
    slots = [Int32](repeating: -1, count: capacity)
    mask = capacity - 1
    storage.reserveCapacity(texts.reduce(0) { $0 + $1.utf8.count })
    for (id, text) in texts.enumerated() {
      let bytes = Array(text.utf8)
      if let entry = entryIndex(of: bytes[...]) {
        ids[entry] = TokenID(id)
        continue
      }
      var slot = Self.hash(bytes[...]) & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(ids.count)
      storage.append(contentsOf: bytes)
      starts.append(storage.count)
      ids.append(TokenID(id))
    }
  }

  /// The id of the token whose text is exactly `bytes`.
  func id(of bytes: ArraySlice<UInt8>) -> TokenID? {
    entryIndex(of: bytes).map { ids[$0] }
  }

  /// The id of the token spelled `text`.
  func id(of text: String) -> TokenID? { id(of: Array(text.utf8)[...]) }

  private func entryIndex(of bytes: ArraySlice<UInt8>) -> Int? {
    var slot = Self.hash(bytes) & mask
    while true {
      let entry = Int(slots[slot])
      if entry < 0 { return nil }
      let start = starts[entry], end = starts[entry + 1]
      if end - start == bytes.count {
        var i = 0
        var j = bytes.startIndex
        while i < bytes.count && storage[start + i] == bytes[j] {
          i += 1
          j += 1
        }
        if i == bytes.count { return entry }
      }
      slot = (slot + 1) & mask
    }
  }

  private static func hash(_ bytes: ArraySlice<UInt8>) -> Int {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return Int(truncatingIfNeeded: h ^ (h >> 29))
  }
}
