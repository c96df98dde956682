/// Tokens, comments and precomputed brace matches of one file, with the small queries every scanner needs.
struct CodeView {
  let text: SourceText
  let tokens: [Token]
  let comments: [Comment]
  /// For each `{` token, the index of its matching `}` (or `tokens.count` when it never closes); `-1` elsewhere.
  let braceMatch: [Int]
  let diagnostics: [String]

  /// Lexes `text` with the rules of `language` and matches braces.
  /// - Complexity: O(*n*) for *n* bytes.
  init(text: SourceText, language: Language) {
    let lexer = Lexer(bytes: text.bytes, rules: LexerRules.rules(for: language))
    self.text = text
    tokens = lexer.tokens
    comments = lexer.comments
    diagnostics = lexer.diagnostics
    var match = [Int](repeating: -1, count: lexer.tokens.count)
    var open: [Int] = []
    for (index, token) in lexer.tokens.enumerated() where token.kind == .punctuation {
      switch text.bytes[token.start] {
      case UInt8(ascii: "{"):
        open.append(index)
        match[index] = lexer.tokens.count
      case UInt8(ascii: "}"):
        if let opener = open.popLast() { match[opener] = index }
      default: break
      }
    }
    braceMatch = match
  }

  var count: Int { tokens.count }

  /// Whether token `index` is the punctuation byte `byte`.
  func isPunct(_ index: Int, _ byte: UInt8) -> Bool {
    guard index >= 0, index < tokens.count else { return false }
    let token = tokens[index]
    return token.kind == .punctuation && text.bytes[token.start] == byte
  }

  /// Whether token `index` is punctuation equal to one character of `characters`.
  func isPunct(_ index: Int, in characters: String) -> Bool {
    guard index >= 0, index < tokens.count, tokens[index].kind == .punctuation else { return false }
    return characters.utf8.contains(text.bytes[tokens[index].start])
  }

  /// Whether token `index` is the identifier `word`.
  func isWord(_ index: Int, _ word: String) -> Bool {
    guard index >= 0, index < tokens.count else { return false }
    let token = tokens[index]
    return token.kind == .identifier && text.bytes[token.start..<token.end].elementsEqual(word.utf8)
  }

  func isIdentifier(_ index: Int) -> Bool {
    index >= 0 && index < tokens.count && tokens[index].kind == .identifier
  }

  /// The text of token `index` (empty when out of range).
  func word(_ index: Int) -> String {
    guard index >= 0, index < tokens.count else { return "" }
    return text.string(tokens[index].start..<tokens[index].end)
  }

  /// The identifier text without Swift or Kotlin backticks.
  func name(_ index: Int) -> String {
    var word = word(index)
    if word.hasPrefix("`"), word.hasSuffix("`"), word.count >= 2 { word = String(word.dropFirst().dropLast()) }
    return word
  }

  /// Whether tokens `a` and `b` touch (no whitespace between).
  func areAdjacent(_ a: Int, _ b: Int) -> Bool {
    guard a >= 0, b < tokens.count, a < b else { return false }
    return tokens[a].end == tokens[b].start
  }

  /// The index just past the bracket group opening at `index` (`(`, `[`, `<`), staying below `limit`.
  ///
  /// Counts only the bracket kind that opened the group; `->` and `=>` never close an angle group.
  func skipGroup(at index: Int, limit: Int) -> Int {
    guard index < limit, tokens[index].kind == .punctuation else { return index + 1 }
    let open = text.bytes[tokens[index].start]
    let close: UInt8
    switch open {
    case UInt8(ascii: "("): close = UInt8(ascii: ")")
    case UInt8(ascii: "["): close = UInt8(ascii: "]")
    case UInt8(ascii: "<"): close = UInt8(ascii: ">")
    case UInt8(ascii: "{"): return min(limit, braceMatch[index] + 1)
    default: return index + 1
    }
    var depth = 0
    var cursor = index
    while cursor < limit {
      let token = tokens[cursor]
      if token.kind == .punctuation {
        let byte = text.bytes[token.start]
        if byte == open {
          depth += 1
        } else if byte == close, !(close == UInt8(ascii: ">") && (isPunct(cursor - 1, in: "-=") && areAdjacent(cursor - 1, cursor))) {
          depth -= 1
          if depth == 0 { return cursor + 1 }
        } else if byte == UInt8(ascii: "{") {
          cursor = braceMatch[cursor]
          continue
        } else if byte == UInt8(ascii: ";") || byte == UInt8(ascii: "}") {
          return cursor  // An unbalanced group ends with its statement.
        }
      }
      cursor += 1
    }
    return limit
  }

  /// The first token in `range` that is punctuation `byte` outside parentheses, brackets and braces.
  func firstTopLevel(_ byte: UInt8, in range: Range<Int>, angles: Bool = false) -> Int? {
    var index = range.lowerBound
    while index < range.upperBound {
      if isPunct(index, byte) { return index }
      if isPunct(index, in: "([") || (angles && isPunct(index, UInt8(ascii: "<"))) {
        index = skipGroup(at: index, limit: range.upperBound)
      } else if isPunct(index, UInt8(ascii: "{")) {
        index = braceMatch[index] + 1
      } else {
        index += 1
      }
    }
    return nil
  }

  /// The signature text from token `first` through token `last`, whitespace collapsed.
  func signature(from first: Int, through last: Int) -> String {
    guard first >= 0, first < tokens.count, last >= first else { return "" }
    let end = tokens[min(last, tokens.count - 1)].end
    return text.collapsedText(tokens[first].start..<end)
  }

  /// The doc comment directly above token `index`: adjacent comments, each first on its line, no blank line.
  func documentation(before index: Int, style: DocumentationStyle) -> (text: String, lines: ClosedRange<Int>)? {
    guard index >= 0, index < tokens.count, !comments.isEmpty else { return nil }
    let anchor = tokens[index]
    let previousEnd = index > 0 ? tokens[index - 1].end : 0
    var low = 0
    var high = comments.count
    while low < high {
      let mid = (low + high) / 2
      if comments[mid].end <= anchor.start { low = mid + 1 } else { high = mid }
    }
    var cursor = low - 1
    var expectedLine = anchor.line
    var picked: [Comment] = []
    while cursor >= 0, picked.count < DocumentationStyle.maxCommentCount {
      let comment = comments[cursor]
      guard comment.start >= previousEnd, comment.isFirstOnLine, comment.endLine >= expectedLine - 1,
        style.accepts(text.bytes, comment)
      else { break }
      picked.append(comment)
      expectedLine = comment.line
      cursor -= 1
    }
    guard let first = picked.last, let last = picked.first else { return nil }
    let cleaned = DocumentationStyle.clean(picked.reversed().map { text.string($0.start..<$0.end) })
    guard !cleaned.isEmpty else { return nil }
    return (cleaned, first.line...last.endLine)
  }
}
