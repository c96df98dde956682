// SentencePiece-style merging by score, as llama.cpp runs it for `tokenizer.ggml.model = llama` vocabularies.

/// Merges the characters of a text into the vocabulary's pieces: repeatedly joins the adjacent pair whose joined
/// text is a token with the highest score (leftmost first on ties); characters left unmerged and absent from the
/// vocabulary become byte tokens `<0xXX>`.
///
/// Spaces must already be replaced by `▁` (U+2581), as the vocabulary spells them.
struct SentencePieceEncoder: Sendable {
  private let tokenIDs: TokenTable
  private let scores: [Float]
  /// The `<0xXX>` token of each byte, or -1.
  private let byteTokens: [TokenID]
  private let unknownTokenID: TokenID?

  init(tokenIDs: TokenTable, scores: [Float], unknownTokenID: TokenID?) {
    self.tokenIDs = tokenIDs
    self.scores = scores
    self.unknownTokenID = unknownTokenID
    let hex = Array("0123456789ABCDEF")
    byteTokens = (0..<256).map { b in tokenIDs.id(of: "<0x\(hex[b >> 4])\(hex[b & 15])>") ?? -1 }
  }

  private struct Symbol {
    var start: Int
    var byteCount: Int
    var previous: Int
    var next: Int
  }

  private struct Bigram {
    let score: Float
    let left: Int
    let right: Int
    let byteCount: Int
  }

  /// The byte count of the UTF-8 sequence a lead byte starts (by its high four bits; stray bytes count as one).
  private static func sequenceLength(_ lead: UInt8) -> Int {
    switch lead >> 4 {
    case 0xC, 0xD: 2
    case 0xE: 3
    case 0xF: 4
    default: 1
    }
  }

  private func token(_ bytes: ArraySlice<UInt8>) -> TokenID? { tokenIDs.id(of: bytes) }

  /// Appends the tokens of `text` (UTF-8, spaces already escaped) to `output`.
  func encode(_ text: [UInt8], into output: inout [TokenID]) {
    var symbols: [Symbol] = []
    var offset = 0
    while offset < text.count {
      let length = min(Self.sequenceLength(text[offset]), text.count - offset)
      symbols.append(Symbol(start: offset, byteCount: length, previous: symbols.count - 1, next: -1))
      offset += length
      if offset < text.count { symbols[symbols.count - 1].next = symbols.count }
    }
    guard !symbols.isEmpty else { return }
    var queue = PriorityQueue<Bigram> { a, b in a.score > b.score || (a.score == b.score && a.left < b.left) }
    func addBigram(_ left: Int, _ right: Int) {
      guard left >= 0, right >= 0 else { return }
      let start = symbols[left].start, count = symbols[left].byteCount + symbols[right].byteCount
      guard let token = token(text[start..<start + count]), Int(token) < scores.count else { return }
      queue.push(Bigram(score: scores[Int(token)], left: left, right: right, byteCount: count))
    }
    for i in 1..<symbols.count { addBigram(i - 1, i) }
    while let bigram = queue.pop() {
      let left = symbols[bigram.left], right = symbols[bigram.right]
      guard left.byteCount > 0, right.byteCount > 0, left.byteCount + right.byteCount == bigram.byteCount else {
        continue  // outdated by an earlier merge
      }
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
      let bytes = text[symbol.start..<symbol.start + symbol.byteCount]
      if let token = token(bytes) {
        output.append(token)
      } else {
        for byte in bytes {
          if byteTokens[Int(byte)] >= 0 {
            output.append(byteTokens[Int(byte)])
          } else if let unknownTokenID {
            output.append(unknownTokenID)
          }
        }
      }
      i = symbol.next
    }
  }
}
