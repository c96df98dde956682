/// A single-pass, never-trapping lexer over raw bytes, configured per language by ``LexerRules``.
///
/// Produces tokens and comments with their lines. Every step consumes at least one byte, strings and comments
/// that never end stop at the end of the line or file, and interpolation nesting is capped, so any input
/// finishes in time linear in its length with bounded recursion.
struct Lexer {
  /// How deeply string interpolations may nest before the lexer stops recursing into them.
  static let maxInterpolationDepth = 24
  /// How far ahead a C++ raw string's delimiter may reach (the standard allows 16 characters).
  static let maxRawDelimiterLength = 16

  let bytes: [UInt8]
  let rules: LexerRules
  private(set) var tokens: [Token] = []
  private(set) var comments: [Comment] = []
  private(set) var diagnostics: [String] = []
  private var pos = 0
  private var line = 0
  private var nesting = 0
  private var pendingHeredocs: [(delimiter: [UInt8], stripsIndent: Bool)] = []
  /// The previous token's kind and first byte, for telling a regex literal from a division.
  private var previousKind: Token.Kind?
  private var previousByte: UInt8 = 0
  private var previousWord: Range<Int> = 0..<0

  /// Lexes `bytes` completely.
  /// - Complexity: O(*n*) for *n* bytes.
  init(bytes: [UInt8], rules: LexerRules) {
    self.bytes = bytes
    self.rules = rules
    tokens.reserveCapacity(bytes.count / 5)
    while pos < bytes.count { lexOne() }
  }

  // MARK: Byte helpers

  private func byte(_ offset: Int) -> UInt8 { offset >= 0 && offset < bytes.count ? bytes[offset] : 0 }

  private func matches(_ marker: [UInt8], at offset: Int) -> Bool {
    guard offset >= 0, offset + marker.count <= bytes.count else { return false }
    for (index, expected) in marker.enumerated() where bytes[offset + index] != expected { return false }
    return true
  }

  static func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte >= 0x80
  }

  static func isIdentifierContinue(_ byte: UInt8) -> Bool {
    isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39)
  }

  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C }

  private var isAtLineStart: Bool {
    var index = pos - 1
    while index >= 0, bytes[index] != 0x0A {
      if !Lexer.isSpace(bytes[index]) { return false }
      index -= 1
    }
    return true
  }

  private mutating func emit(_ kind: Token.Kind, from start: Int, line startLine: Int) {
    previousKind = kind
    previousByte = bytes[start]
    previousWord = kind == .identifier ? start..<pos : 0..<0
    guard nesting == 0 else { return }
    tokens.append(Token(kind: kind, start: start, end: pos, line: startLine, endLine: lastLine(after: start)))
  }

  /// The line of the last byte consumed since `start`: a token that swallowed a line break (an unterminated string
  /// or comment running to the end of the file) ends on the line before the current one, not one past the file.
  private func lastLine(after start: Int) -> Int {
    pos > start && bytes[pos - 1] == 0x0A ? line - 1 : line
  }

  /// Advances over one byte, counting lines.
  private mutating func step() {
    if bytes[pos] == 0x0A { line += 1 }
    pos += 1
  }

  // MARK: Main dispatch

  private mutating func lexOne() {
    let before = pos
    lexOneUnchecked()
    if pos == before { pos += 1 }  // Never stall, whatever the input.
  }

  private mutating func lexOneUnchecked() {
    let b = bytes[pos]
    let start = pos
    let startLine = line
    if b == 0x0A {
      pos += 1
      line += 1
      if !pendingHeredocs.isEmpty, nesting == 0 { skipHeredocBodies() }
      return
    }
    if Lexer.isSpace(b) {
      pos += 1
      return
    }
    if rules.preprocessor, b == UInt8(ascii: "#"), isAtLineStart {
      while pos < bytes.count, bytes[pos] != 0x0A {
        if bytes[pos] == UInt8(ascii: "\\"), byte(pos + 1) == 0x0A || (byte(pos + 1) == 0x0D && byte(pos + 2) == 0x0A) {
          pos += byte(pos + 1) == 0x0D ? 2 : 1
        }
        step()
      }
      emit(.directive, from: start, line: startLine)
      return
    }
    if rules.rubyExtras, b == UInt8(ascii: "="), matches(Array("=begin".utf8), at: pos), isAtLineStart {
      skipRubyBlockComment(start: start, startLine: startLine)
      return
    }
    for marker in rules.lineComments where matches(marker, at: pos) {
      if rules.shellWords, start > 0, !Lexer.isSpace(bytes[start - 1]), !";&|(){}\n".utf8.contains(bytes[start - 1]) {
        break
      }
      let firstOnLine = isAtLineStart
      while pos < bytes.count, bytes[pos] != 0x0A { pos += 1 }
      addComment(start: start, startLine: startLine, isFirstOnLine: firstOnLine)
      return
    }
    if let block = rules.blockComment, matches(block.open, at: pos) {
      skipBlockComment(block, start: start, startLine: startLine)
      return
    }
    if rules.shellWords {
      lexShell(start: start, startLine: startLine)
      return
    }
    switch b {
    case UInt8(ascii: "\""):
      lexDoubleQuoted(start: start, startLine: startLine, interpolation: rules.interpolation, hashes: 0)
    case UInt8(ascii: "'"):
      lexSingleQuote(start: start, startLine: startLine)
    case UInt8(ascii: "`"):
      lexBacktick(start: start, startLine: startLine)
    case UInt8(ascii: "#") where rules.swiftRawStrings:
      var hashes = 0
      while byte(pos + hashes) == UInt8(ascii: "#") { hashes += 1 }
      if byte(pos + hashes) == UInt8(ascii: "\"") {
        pos += hashes
        lexDoubleQuoted(start: start, startLine: startLine, interpolation: .swift, hashes: hashes)
      } else {
        pos += 1
        emit(.punctuation, from: start, line: startLine)
      }
    case UInt8(ascii: "@") where rules.csharpStrings, UInt8(ascii: "$") where rules.csharpStrings:
      lexCSharpPrefixed(start: start, startLine: startLine)
    case UInt8(ascii: "/") where rules.regexLiterals && previousAllowsOperand:
      if !lexRegex(start: start, startLine: startLine) {
        pos = start + 1
        emit(.punctuation, from: start, line: startLine)
      }
    case UInt8(ascii: "%") where rules.rubyExtras && previousAllowsOperand:
      if !lexPercentLiteral(start: start, startLine: startLine) {
        pos = start + 1
        emit(.punctuation, from: start, line: startLine)
      }
    case UInt8(ascii: "$") where rules.rubyExtras:
      pos += 1
      if pos < bytes.count, !Lexer.isIdentifierStart(bytes[pos]), bytes[pos] != 0x0A { pos += 1 }
      while pos < bytes.count, Lexer.isIdentifierContinue(bytes[pos]) { pos += 1 }
      emit(.identifier, from: start, line: startLine)
    case UInt8(ascii: "<") where rules.heredocs && byte(pos + 1) == UInt8(ascii: "<"):
      if !lexHeredocStart(start: start, startLine: startLine) {
        pos = start + 1
        emit(.punctuation, from: start, line: startLine)
      }
    default:
      if Lexer.isDigit(b) {
        lexNumber(start: start, startLine: startLine)
      } else if Lexer.isIdentifierStart(b) || (b == UInt8(ascii: "$") && rules.dollarInIdentifiers) {
        lexIdentifier(start: start, startLine: startLine)
      } else {
        pos += 1
        emit(.punctuation, from: start, line: startLine)
      }
    }
  }

  /// Whether the previous token leaves the lexer expecting an operand, so `/` starts a regex literal.
  private var previousAllowsOperand: Bool {
    guard let kind = previousKind else { return true }
    switch kind {
    case .identifier:
      let word = bytes[previousWord]
      return Lexer.operandKeywords.contains { $0.elementsEqual(word) }
    case .punctuation:
      return !")]}".utf8.contains(previousByte)
    case .directive: return true
    default: return false
    }
  }

  private static let operandKeywords: [[UInt8]] = [
    "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield",
    "await", "and", "or", "not", "if", "unless", "when", "while", "until", "puts", "print", "p",
  ].map { Array($0.utf8) }

  // MARK: Comments

  private mutating func addComment(start: Int, startLine: Int, isFirstOnLine: Bool) {
    guard nesting == 0 else { return }
    comments.append(
      Comment(start: start, end: pos, line: startLine, endLine: lastLine(after: start), isFirstOnLine: isFirstOnLine))
  }

  private mutating func skipBlockComment(_ block: (open: [UInt8], close: [UInt8]), start: Int, startLine: Int) {
    let firstOnLine = isAtLineStart
    pos += block.open.count
    var depth = 1
    while pos < bytes.count {
      if matches(block.close, at: pos) {
        pos += block.close.count
        depth -= 1
        if depth == 0 { break }
      } else if rules.nestedBlockComments, matches(block.open, at: pos) {
        pos += block.open.count
        depth += 1
      } else {
        step()
      }
    }
    if depth > 0, nesting == 0 { diagnostics.append("unterminated block comment starting on line \(startLine + 1)") }
    addComment(start: start, startLine: startLine, isFirstOnLine: firstOnLine)
  }

  private mutating func skipRubyBlockComment(start: Int, startLine: Int) {
    let endMarker = Array("=end".utf8)
    while pos < bytes.count {
      while pos < bytes.count, bytes[pos] != 0x0A { pos += 1 }
      guard pos < bytes.count else { break }
      step()
      if matches(endMarker, at: pos) {
        while pos < bytes.count, bytes[pos] != 0x0A { pos += 1 }
        break
      }
    }
    addComment(start: start, startLine: startLine, isFirstOnLine: true)
  }

  // MARK: Strings

  /// Scans a string body up to `close`, honouring escapes and skipping interpolated code.
  private mutating func scanString(
    close: [UInt8], escapes: Bool, spansLines: Bool, interpolation: LexerRules.Interpolation, hashes: Int = 0,
    doubledClose: Bool = false
  ) {
    while pos < bytes.count {
      let b = bytes[pos]
      if b == 0x0A, !spansLines { return }
      if b == UInt8(ascii: "\\"), escapes || hashes > 0 {
        if hashes > 0 {
          var count = 0
          while count < hashes, byte(pos + 1 + count) == UInt8(ascii: "#") { count += 1 }
          guard count == hashes else {
            pos += 1
            continue
          }
          pos += 1 + hashes
        } else {
          pos += 1
        }
        if interpolation == .swift, byte(pos) == UInt8(ascii: "(") {
          pos += 1
          skipInterpolation(until: UInt8(ascii: ")"), stopsAtNewline: !spansLines)
        } else if pos < bytes.count, hashes == 0 {
          step()
        }
        continue
      }
      if matches(close, at: pos) {
        if doubledClose, matches(close, at: pos + close.count) {
          pos += 2 * close.count
          continue
        }
        pos += close.count
        return
      }
      let next = byte(pos + 1)
      switch interpolation {
      case .dollarBrace where b == UInt8(ascii: "$") && next == UInt8(ascii: "{"),
        .hashBrace where b == UInt8(ascii: "#") && next == UInt8(ascii: "{"):
        pos += 2
        skipInterpolation(until: UInt8(ascii: "}"), stopsAtNewline: !spansLines)
        continue
      case .brace where b == UInt8(ascii: "{"):
        if next == UInt8(ascii: "{") {
          pos += 2
        } else {
          pos += 1
          skipInterpolation(until: UInt8(ascii: "}"), stopsAtNewline: !spansLines)
        }
        continue
      case .dollarParen where b == UInt8(ascii: "$") && (next == UInt8(ascii: "(") || next == UInt8(ascii: "{")):
        pos += 2
        skipInterpolation(until: next == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}"), stopsAtNewline: false)
        continue
      default:
        break
      }
      step()
    }
  }

  /// Skips embedded code up to its closing bracket, lexing (and discarding) its strings and comments.
  private mutating func skipInterpolation(until closer: UInt8, stopsAtNewline: Bool) {
    let opener = closer == UInt8(ascii: ")") ? UInt8(ascii: "(") : UInt8(ascii: "{")
    guard nesting < Lexer.maxInterpolationDepth else {
      while pos < bytes.count, bytes[pos] != closer, bytes[pos] != 0x0A { pos += 1 }
      if pos < bytes.count, bytes[pos] == closer { pos += 1 }
      return
    }
    nesting += 1
    defer { nesting -= 1 }
    var depth = 0
    while pos < bytes.count {
      let b = bytes[pos]
      if b == 0x0A, stopsAtNewline { return }
      if b == closer {
        pos += 1
        if depth == 0 { return }
        depth -= 1
        continue
      }
      if b == opener {
        pos += 1
        depth += 1
        continue
      }
      lexOne()
    }
  }

  private mutating func lexDoubleQuoted(
    start: Int, startLine: Int, interpolation: LexerRules.Interpolation, hashes: Int
  ) {
    let hashBytes = [UInt8](repeating: UInt8(ascii: "#"), count: hashes)
    if rules.tripleQuotes, matches(Array("\"\"\"".utf8), at: pos) {
      pos += 3
      scanString(
        close: Array("\"\"\"".utf8) + hashBytes, escapes: rules.tripleQuotesEscape && hashes == 0, spansLines: true,
        interpolation: interpolation, hashes: hashes)
    } else {
      pos += 1
      scanString(
        close: [UInt8(ascii: "\"")] + hashBytes, escapes: hashes == 0, spansLines: rules.stringsSpanLines || hashes > 0,
        interpolation: interpolation, hashes: hashes)
    }
    emit(.string, from: start, line: startLine)
  }

  private mutating func lexSingleQuote(start: Int, startLine: Int) {
    switch rules.singleQuote {
    case .punctuation:
      pos += 1
      emit(.punctuation, from: start, line: startLine)
    case .string:
      if rules.tripleQuotes, matches(Array("'''".utf8), at: pos) {
        pos += 3
        scanString(close: Array("'''".utf8), escapes: true, spansLines: true, interpolation: .none)
      } else {
        pos += 1
        scanString(
          close: [UInt8(ascii: "'")], escapes: !rules.shellWords, spansLines: rules.stringsSpanLines,
          interpolation: .none)
      }
      emit(.string, from: start, line: startLine)
    case .character, .characterOrLifetime:
      if let end = characterLiteralEnd(at: pos) {
        pos = end
        emit(.character, from: start, line: startLine)
      } else if rules.singleQuote == .characterOrLifetime, Lexer.isIdentifierStart(byte(pos + 1)) {
        pos += 1
        while pos < bytes.count, Lexer.isIdentifierContinue(bytes[pos]) { pos += 1 }
        emit(.lifetime, from: start, line: startLine)
      } else {
        pos += 1
        emit(.punctuation, from: start, line: startLine)
      }
    }
  }

  /// The end of a character literal starting at `offset`, or `nil` when the quote does not start one.
  private func characterLiteralEnd(at offset: Int) -> Int? {
    let first = byte(offset + 1)
    if first == UInt8(ascii: "\\") {
      var index = offset + 3
      while index < min(bytes.count, offset + 14) {
        if bytes[index] == UInt8(ascii: "'") { return index + 1 }
        if bytes[index] == 0x0A { return nil }
        index += 1
      }
      return nil
    }
    if first == 0x0A || first == UInt8(ascii: "'") || offset + 1 >= bytes.count { return nil }
    let length: Int
    switch first {
    case 0xF0...0xF7: length = 4
    case 0xE0...0xEF: length = 3
    case 0xC0...0xDF: length = 2
    default: length = 1
    }
    return byte(offset + 1 + length) == UInt8(ascii: "'") ? offset + 2 + length : nil
  }

  private mutating func lexBacktick(start: Int, startLine: Int) {
    pos += 1
    switch rules.backtick {
    case .punctuation:
      emit(.punctuation, from: start, line: startLine)
      return
    case .template:
      scanString(close: [UInt8(ascii: "`")], escapes: true, spansLines: true, interpolation: .dollarBrace)
    case .raw:
      scanString(close: [UInt8(ascii: "`")], escapes: false, spansLines: true, interpolation: .none)
    case .command:
      scanString(
        close: [UInt8(ascii: "`")], escapes: true, spansLines: true,
        interpolation: rules.shellWords ? .dollarParen : rules.interpolation)
    case .identifier:
      while pos < bytes.count, bytes[pos] != UInt8(ascii: "`"), bytes[pos] != 0x0A { pos += 1 }
      if byte(pos) == UInt8(ascii: "`") { pos += 1 }
      emit(.identifier, from: start, line: startLine)
      return
    }
    emit(.string, from: start, line: startLine)
  }

  private mutating func lexCSharpPrefixed(start: Int, startLine: Int) {
    var index = pos
    var isVerbatim = false
    var isInterpolated = false
    while index < pos + 8, byte(index) == UInt8(ascii: "@") || byte(index) == UInt8(ascii: "$") {
      if bytes[index] == UInt8(ascii: "@") { isVerbatim = true } else { isInterpolated = true }
      index += 1
    }
    guard byte(index) == UInt8(ascii: "\"") else {
      pos += 1
      emit(.punctuation, from: start, line: startLine)
      return
    }
    pos = index
    if matches(Array("\"\"\"".utf8), at: pos) {
      pos += 3
      scanString(close: Array("\"\"\"".utf8), escapes: false, spansLines: true, interpolation: .none)
    } else {
      pos += 1
      scanString(
        close: [UInt8(ascii: "\"")], escapes: !isVerbatim, spansLines: isVerbatim,
        interpolation: isInterpolated ? .brace : .none, doubledClose: isVerbatim)
    }
    emit(.string, from: start, line: startLine)
  }

  private mutating func lexRegex(start: Int, startLine: Int) -> Bool {
    var index = pos + 1
    var inClass = false
    while index < bytes.count {
      let b = bytes[index]
      if b == 0x0A { return false }
      if b == UInt8(ascii: "\\") {
        index += 2
        continue
      }
      if b == UInt8(ascii: "[") { inClass = true }
      if b == UInt8(ascii: "]") { inClass = false }
      if b == UInt8(ascii: "/"), !inClass {
        pos = index + 1
        while pos < bytes.count, Lexer.isIdentifierContinue(bytes[pos]) { pos += 1 }
        emit(.regex, from: start, line: startLine)
        return true
      }
      index += 1
    }
    return false
  }

  private mutating func lexPercentLiteral(start: Int, startLine: Int) -> Bool {
    var index = pos + 1
    if "qQwWiIrsx".utf8.contains(byte(index)) { index += 1 }
    let open = byte(index)
    let pairs: [UInt8: UInt8] = [
      UInt8(ascii: "("): UInt8(ascii: ")"), UInt8(ascii: "["): UInt8(ascii: "]"),
      UInt8(ascii: "{"): UInt8(ascii: "}"), UInt8(ascii: "<"): UInt8(ascii: ">"),
    ]
    let close: UInt8
    if let pair = pairs[open] {
      close = pair
    } else if open != 0, !Lexer.isIdentifierContinue(open), !Lexer.isSpace(open), open != 0x0A, open < 0x80 {
      close = open
    } else {
      return false
    }
    pos = index + 1
    var depth = 0
    while pos < bytes.count {
      let b = bytes[pos]
      if b == UInt8(ascii: "\\") {
        pos += 1
        if pos < bytes.count { step() }
        continue
      }
      if b == close {
        pos += 1
        if depth == 0 { break }
        depth -= 1
        continue
      }
      if b == open, close != open { depth += 1 }
      step()
    }
    emit(.string, from: start, line: startLine)
    return true
  }

  // MARK: Heredocs

  /// Recognizes `<<EOF`, `<<-EOF`, `<<~EOF`, `<<'EOF'`; the body is skipped at the next newline.
  private mutating func lexHeredocStart(start: Int, startLine: Int) -> Bool {
    var index = pos + 2
    var stripsIndent = false
    if byte(index) == UInt8(ascii: "-") || byte(index) == UInt8(ascii: "~") {
      stripsIndent = true
      index += 1
    } else if byte(index) == UInt8(ascii: "<") {
      return false  // A here-string (`<<<`), not a heredoc.
    }
    if rules.shellWords { while byte(index) == 0x20 || byte(index) == 0x09 { index += 1 } }
    var quote: UInt8 = 0
    if byte(index) == UInt8(ascii: "'") || byte(index) == UInt8(ascii: "\"") {
      quote = bytes[index]
      index += 1
    } else if byte(index) == UInt8(ascii: "\\") {
      index += 1
    }
    let wordStart = index
    while index < bytes.count, Lexer.isIdentifierContinue(bytes[index]) || bytes[index] == UInt8(ascii: "-") {
      index += 1
    }
    guard index > wordStart, index - wordStart <= 64 else { return false }
    if rules.rubyExtras, !stripsIndent, quote == 0 {
      let first = bytes[wordStart]
      guard first >= 0x41 && first <= 0x5A else { return false }  // `a << b` stays an operator.
    }
    let delimiter = Array(bytes[wordStart..<index])
    if quote != 0 {
      guard byte(index) == quote else { return false }
      index += 1
    }
    pos = index
    pendingHeredocs.append((delimiter, stripsIndent))
    emit(.string, from: start, line: startLine)
    return true
  }

  private mutating func skipHeredocBodies() {
    let heredocs = pendingHeredocs
    pendingHeredocs = []
    for heredoc in heredocs {
      let bodyStart = pos
      let bodyLine = line
      while pos < bytes.count {
        var lineEnd = pos
        while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
        var contentStart = pos
        if heredoc.stripsIndent { while contentStart < lineEnd, Lexer.isSpace(bytes[contentStart]) { contentStart += 1 } }
        var contentEnd = lineEnd
        if contentEnd > contentStart, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        let isEnd = bytes[contentStart..<contentEnd].elementsEqual(heredoc.delimiter)
        pos = lineEnd
        if pos < bytes.count {
          pos += 1
          line += 1
        }
        if isEnd { break }
      }
      if nesting == 0, pos > bodyStart {
        tokens.append(Token(kind: .string, start: bodyStart, end: pos, line: bodyLine, endLine: lastLine(after: bodyStart)))
      }
    }
  }

  // MARK: Words and numbers

  private mutating func lexNumber(start: Int, startLine: Int) {
    pos += 1
    while pos < bytes.count {
      let b = bytes[pos]
      if Lexer.isIdentifierContinue(b) && b < 0x80 {
        pos += 1
      } else if b == UInt8(ascii: "."), Lexer.isDigit(byte(pos + 1)) {
        pos += 1
      } else if (b == UInt8(ascii: "+") || b == UInt8(ascii: "-")),
        bytes[pos - 1] == UInt8(ascii: "e") || bytes[pos - 1] == UInt8(ascii: "E"),
        !matches(Array("0x".utf8), at: start), !matches(Array("0X".utf8), at: start)
      {
        pos += 1
      } else if b == UInt8(ascii: "'"), rules.digitSeparatorQuote, Lexer.isIdentifierContinue(byte(pos + 1)) {
        pos += 1
      } else {
        break
      }
    }
    emit(.number, from: start, line: startLine)
  }

  private mutating func lexIdentifier(start: Int, startLine: Int) {
    pos += 1
    while pos < bytes.count,
      Lexer.isIdentifierContinue(bytes[pos]) || (bytes[pos] == UInt8(ascii: "$") && rules.dollarInIdentifiers)
    {
      pos += 1
    }
    let word = bytes[start..<pos]
    let next = byte(pos)
    if rules.pythonPrefixes, next == UInt8(ascii: "\"") || next == UInt8(ascii: "'"), word.count <= 3,
      word.allSatisfy({ "rRbBuUfFtT".utf8.contains($0) })
    {
      let isFormatted = word.contains { "fFtT".utf8.contains($0) }
      let quote = [next]
      if matches(quote + quote + quote, at: pos) {
        pos += 3
        scanString(close: quote + quote + quote, escapes: true, spansLines: true, interpolation: isFormatted ? .brace : .none)
      } else {
        pos += 1
        scanString(close: quote, escapes: true, spansLines: false, interpolation: isFormatted ? .brace : .none)
      }
      emit(.string, from: start, line: startLine)
      return
    }
    if rules.rustStrings {
      let isRaw = word.elementsEqual("r".utf8) || word.elementsEqual("br".utf8) || word.elementsEqual("cr".utf8)
      if isRaw, next == UInt8(ascii: "\"") || next == UInt8(ascii: "#") {
        var hashes = 0
        while byte(pos + hashes) == UInt8(ascii: "#") { hashes += 1 }
        if byte(pos + hashes) == UInt8(ascii: "\"") {
          pos += hashes + 1
          scanString(
            close: [UInt8(ascii: "\"")] + [UInt8](repeating: UInt8(ascii: "#"), count: hashes), escapes: false,
            spansLines: true, interpolation: .none)
          emit(.string, from: start, line: startLine)
          return
        }
      }
      if word.elementsEqual("b".utf8) || word.elementsEqual("c".utf8) {
        if next == UInt8(ascii: "\"") {
          pos += 1
          scanString(close: [UInt8(ascii: "\"")], escapes: true, spansLines: true, interpolation: .none)
          emit(.string, from: start, line: startLine)
          return
        }
        if next == UInt8(ascii: "'"), let end = characterLiteralEnd(at: pos) {
          pos = end
          emit(.character, from: start, line: startLine)
          return
        }
      }
    }
    if rules.cppRawStrings, next == UInt8(ascii: "\""), word.last == UInt8(ascii: "R"), word.count <= 3 {
      var index = pos + 1
      while index < min(bytes.count, pos + 1 + Lexer.maxRawDelimiterLength), bytes[index] != UInt8(ascii: "("),
        bytes[index] != 0x0A, bytes[index] != UInt8(ascii: "\"")
      {
        index += 1
      }
      if byte(index) == UInt8(ascii: "(") {
        let close = [UInt8(ascii: ")")] + Array(bytes[(pos + 1)..<index]) + [UInt8(ascii: "\"")]
        pos = index + 1
        scanString(close: close, escapes: false, spansLines: true, interpolation: .none)
        emit(.string, from: start, line: startLine)
        return
      }
    }
    emit(.identifier, from: start, line: startLine)
  }

  // MARK: Shell

  private mutating func lexShell(start: Int, startLine: Int) {
    let b = bytes[pos]
    let next = byte(pos + 1)
    switch b {
    case UInt8(ascii: "\""):
      pos += 1
      scanString(close: [b], escapes: true, spansLines: true, interpolation: .dollarParen)
      emit(.string, from: start, line: startLine)
    case UInt8(ascii: "'"):
      pos += 1
      scanString(close: [b], escapes: false, spansLines: true, interpolation: .none)
      emit(.string, from: start, line: startLine)
    case UInt8(ascii: "`"):
      lexBacktick(start: start, startLine: startLine)
    case UInt8(ascii: "$") where next == UInt8(ascii: "(") || next == UInt8(ascii: "{"):
      pos += 2
      skipInterpolation(until: next == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}"), stopsAtNewline: false)
      emit(.string, from: start, line: startLine)
    case UInt8(ascii: "$") where next == UInt8(ascii: "'"):
      pos += 2
      scanString(close: [next], escapes: true, spansLines: true, interpolation: .none)
      emit(.string, from: start, line: startLine)
    case UInt8(ascii: "<") where next == UInt8(ascii: "<"):
      if !lexHeredocStart(start: start, startLine: startLine) {
        pos += 2
        emit(.punctuation, from: start, line: startLine)
      }
    case UInt8(ascii: "{"), UInt8(ascii: "}"):
      let follower = byte(pos + 1)
      if pos + 1 >= bytes.count || Lexer.isSpace(follower) || follower == 0x0A || ";)|&<>".utf8.contains(follower) {
        pos += 1
        emit(.punctuation, from: start, line: startLine)
      } else {
        lexShellWord(start: start, startLine: startLine)
      }
    case UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "("), UInt8(ascii: ")"),
      UInt8(ascii: "<"), UInt8(ascii: ">"):
      pos += 1
      emit(.punctuation, from: start, line: startLine)
    default:
      lexShellWord(start: start, startLine: startLine)
    }
  }

  private mutating func lexShellWord(start: Int, startLine: Int) {
    pos += 1
    while pos < bytes.count {
      let b = bytes[pos]
      if Lexer.isSpace(b) || b == 0x0A || ";&|()<>\"'`$".utf8.contains(b) { break }
      if nesting > 0, b == UInt8(ascii: "{") || b == UInt8(ascii: "}") { break }
      if b == UInt8(ascii: "\\") { pos += 1 }
      pos += 1
    }
    pos = min(pos, bytes.count)
    emit(.identifier, from: start, line: startLine)
  }
}
