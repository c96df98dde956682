// Byte-level BPE merging for one word, with ranks from the merges list.

/// Merges the bytes of one pre-tokenized word into tokens by merge rank (lowest rank first, leftmost first on ties).
///
/// Every text that can appear as a symbol (each byte's alphabet character, each merge's two sides and result) is
/// interned once at load, so merging compares integers; symbol texts are the vocabulary's alphabet spelling.
struct BytePairEncoder: Sendable {
  /// A merge's rank (its line in the merges list) and the symbol it produces.
  private struct Merge: Sendable {
    let rank: Int32
    let result: Int32
  }

  /// The token of each interned symbol, or -1 when the symbol's text is not in the vocabulary.
  private var tokenOfSymbol: [TokenID] = []
  /// The symbol of each byte's alphabet character, or -1 when no merge or token uses it.
  private var symbolOfByte: [Int32] = []
  /// Merges by `left << 32 | right` symbol pair.
  private var merges: [UInt64: Merge] = [:]
  /// The token whose text is exactly one ASCII byte, for the fallback of unmergeable symbols.
  private var asciiTokens: [TokenID] = []
  private let ignoresMerges: Bool
  private let tokenIDs: TokenTable

  init(tokenIDs: TokenTable, merges mergeLines: [String], ignoresMerges: Bool) {
    self.tokenIDs = tokenIDs
    self.ignoresMerges = ignoresMerges
    var symbolIDs: [[UInt8]: Int32] = [:]  // by UTF-8 bytes, as tokenIDs
    var tokenOfSymbol: [TokenID] = []
    func intern(_ key: [UInt8]) -> Int32 {
      if let id = symbolIDs[key] { return id }
      let id = Int32(tokenOfSymbol.count)
      symbolIDs[key] = id
      tokenOfSymbol.append(tokenIDs.id(of: key[...]) ?? -1)
      return id
    }
    for (rank, line) in mergeLines.enumerated() {
      // "left right", split at the first space after the first byte (a side is never empty).
      let utf8 = Array(line.utf8)
      guard utf8.count > 1, let space = utf8[1...].firstIndex(of: 0x20) else { continue }
      let left = intern(Array(utf8[..<space]))
      let right = intern(Array(utf8[(space + 1)...]))
      let result = intern(Array(utf8[..<space]) + Array(utf8[(space + 1)...]))
      let key = UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
      if merges[key] == nil { merges[key] = Merge(rank: Int32(rank), result: result) }  // the first rank wins
    }
    symbolOfByte = ByteLevelAlphabet.utf8ForByte.map { key in
      symbolIDs[key] ?? (tokenIDs.id(of: key[...]) != nil ? intern(key) : -1)
    }
    asciiTokens = (0..<128).map { tokenIDs.id(of: [UInt8($0)][...]) ?? -1 }
    self.tokenOfSymbol = tokenOfSymbol
  }

  /// A symbol in the word being merged: a run of the word's bytes, linked to its live neighbours.
  private struct Symbol {
    var id: Int32
    var start: Int
    var byteCount: Int
    var previous: Int
    var next: Int
  }

  private struct Bigram {
    let rank: Int32
    let left: Int
    let right: Int
    let byteCount: Int
  }

  /// Appends the tokens of `word` (raw bytes of one pre-tokenized word) to `output`.
  func encode(_ word: ArraySlice<UInt8>, into output: inout [TokenID]) {
    guard !word.isEmpty else { return }
    if ignoresMerges, let token = tokenIDs.id(of: ByteLevelAlphabet.encode(word)) {
      output.append(token)
      return
    }
    let base = word.startIndex
    var symbols: [Symbol] = []
    symbols.reserveCapacity(word.count)
    for (i, byte) in word.enumerated() {
      symbols.append(
        Symbol(
          id: symbolOfByte[Int(byte)], start: base + i, byteCount: 1, previous: i - 1,
          next: i + 1 < word.count ? i + 1 : -1))
    }
    var queue = PriorityQueue<Bigram> { a, b in a.rank < b.rank || (a.rank == b.rank && a.left < b.left) }
    func addBigram(_ left: Int, _ right: Int) {
      guard left >= 0, right >= 0 else { return }
      let l = symbols[left].id, r = symbols[right].id
      guard l >= 0, r >= 0 else { return }
      let key = UInt64(UInt32(bitPattern: l)) << 32 | UInt64(UInt32(bitPattern: r))
      guard let merge = merges[key] else { return }
      queue.push(
        Bigram(
          rank: merge.rank, left: left, right: right,
          byteCount: symbols[left].byteCount + symbols[right].byteCount))
    }
    for i in 1..<symbols.count { addBigram(i - 1, i) }
    while let bigram = queue.pop() {
      let left = symbols[bigram.left], right = symbols[bigram.right]
      // Skip pairs outdated by an earlier merge: sizes only grow, so equal sizes mean both sides are unchanged.
      guard left.byteCount > 0, right.byteCount > 0, left.byteCount + right.byteCount == bigram.byteCount else {
        continue
      }
      let key = UInt64(UInt32(bitPattern: left.id)) << 32 | UInt64(UInt32(bitPattern: right.id))
      guard let merge = merges[key] else { continue }
      symbols[bigram.left].id = merge.result
      symbols[bigram.left].byteCount += right.byteCount
      symbols[bigram.left].next = right.next
      symbols[bigram.right].byteCount = 0
      if right.next >= 0 { symbols[right.next].previous = bigram.left }
      addBigram(symbols[bigram.left].previous, bigram.left)
      addBigram(bigram.left, symbols[bigram.left].next)
    }
    var i = 0
    while i >= 0 {
      let symbol = symbols[i]
      if symbol.id >= 0, tokenOfSymbol[Int(symbol.id)] >= 0 {
        output.append(tokenOfSymbol[Int(symbol.id)])
      } else {
        // Not a token: fall back to one-character tokens of the symbol's alphabet text (only ASCII characters
        // are single bytes there), dropping what has none.
        for byte in word[symbol.start..<symbol.start + symbol.byteCount] {
          for u in ByteLevelAlphabet.utf8ForByte[Int(byte)] where u < 0x80 && asciiTokens[Int(u)] >= 0 {
            output.append(asciiTokens[Int(u)])
          }
        }
      }
      i = symbol.next
    }
  }
}
