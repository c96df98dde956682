// Finds special tokens in text before any splitting, longest token first.

/// A piece of the input after special tokens are taken out: raw text (a byte range) or a special token.
enum TextFragment: Equatable {
  case text(Range<Int>)
  case token(TokenID)
}

/// Cuts special tokens (control, unknown and user-defined) out of a text.
///
/// Tokens are tried longest first; each one is cut out of every remaining text fragment, left to right, before the
/// next is tried, so a long token wins over a shorter one it contains or overlaps. A trie over all special texts
/// finds which tokens occur at all, so vocabularies with thousands of reserved tokens cost one pass over the text.
struct SpecialTokenMatcher: Sendable {
  /// Special tokens in matching order (longest text first, then lowest id), with their UTF-8 text.
  private let ordered: [(id: TokenID, text: [UInt8], isControl: Bool)]
  /// Trie nodes: children by byte, and the index into `ordered` of the token ending at the node (-1 if none).
  private let children: [[UInt8: Int32]]
  private let terminal: [Int32]

  init(tokens: [(id: TokenID, text: String, isControl: Bool)]) {
    let sorted = tokens.map { (id: $0.id, text: Array($0.text.utf8), isControl: $0.isControl) }
      .filter { !$0.text.isEmpty }
      .sorted { $0.text.count != $1.text.count ? $0.text.count > $1.text.count : $0.id < $1.id }
    var children: [[UInt8: Int32]] = [[:]]
    var terminal: [Int32] = [-1]
    for (index, token) in sorted.enumerated() {
      var node = 0
      for byte in token.text {
        if let child = children[node][byte] {
          node = Int(child)
        } else {
          children.append([:])
          terminal.append(-1)
          children[node][byte] = Int32(children.count - 1)
          node = children.count - 1
        }
      }
      if terminal[node] < 0 { terminal[node] = Int32(index) }
    }
    ordered = sorted
    self.children = children
    self.terminal = terminal
  }

  /// Splits `bytes` into text fragments and special tokens.
  ///
  /// - Parameter includingControl: Whether control and unknown tokens are matched; user-defined tokens always are.
  func fragments(of bytes: [UInt8], includingControl: Bool) -> [TextFragment] {
    guard !bytes.isEmpty else { return [] }
    // Which special tokens occur anywhere in the text (only those can occur in a fragment of it).
    var occurring = Set<Int32>()
    for start in bytes.indices {
      var node = 0
      var i = start
      while i < bytes.count, let child = children[node][bytes[i]] {
        node = Int(child)
        if terminal[node] >= 0 { occurring.insert(terminal[node]) }
        i += 1
      }
    }
    var fragments: [TextFragment] = [.text(0..<bytes.count)]
    for index in occurring.sorted() {
      let token = ordered[Int(index)]
      if token.isControl && !includingControl { continue }
      var next: [TextFragment] = []
      for fragment in fragments {
        guard case .text(let range) = fragment else {
          next.append(fragment)
          continue
        }
        var start = range.lowerBound
        while let match = Self.firstIndex(of: token.text, in: bytes, within: start..<range.upperBound) {
          if match > start { next.append(.text(start..<match)) }
          next.append(.token(token.id))
          start = match + token.text.count
        }
        if start < range.upperBound { next.append(.text(start..<range.upperBound)) }
      }
      fragments = next
    }
    return fragments
  }

  private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], within range: Range<Int>) -> Int? {
    guard let first = needle.first, range.count >= needle.count else { return nil }
    var i = range.lowerBound
    let last = range.upperBound - needle.count
    while i <= last {
      if haystack[i] == first {
        var j = 1
        while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
        if j == needle.count { return i }
      }
      i += 1
    }
    return nil
  }
}
