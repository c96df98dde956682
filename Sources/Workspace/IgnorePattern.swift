/// One pattern line of a gitignore-style file, parsed and compiled for matching.
///
/// Parsing follows git's `dir.c` (`add_patterns_from_buffer`, `trim_trailing_spaces`, `parse_path_pattern`) and
/// matching follows its `wildmatch` with `WM_PATHNAME`, case-sensitively:
///
/// - A leading `!` negates the pattern; `\!` and `\#` start a pattern with a literal `!` or `#`.
/// - Trailing spaces are removed unless escaped (`foo\ ` keeps one space); tabs are kept.
/// - One trailing `/` makes the pattern match directories only and is then removed.
/// - A pattern with no other `/` matches the last component of a path at any depth below its file's directory;
///   a pattern with a `/` (leading or in the middle) is *anchored*: it matches the whole path relative to that
///   directory, a leading `/` being removed.
/// - `?` matches one byte other than `/`; `*` any run of bytes without `/`; `[a-z]`, `[!x]`, `[^x]`,
///   `[[:alpha:]]` one byte of (or not of) a set, never `/`; `\x` the byte `x`.
/// - `**` matches across `/` only as a whole component: a leading `**/` matches any number of leading
///   directories (including none), a middle `/**/` zero or more directories, a trailing `/**` everything inside.
///   Elsewhere `**` means `*`.
/// - A pattern that can never match (an unterminated `[`, an unknown `[:class:]`, a trailing lone `\`) is kept
///   but matches nothing, as in git.
///
/// Matching runs the compiled pattern as a set of states over the path's bytes, so it takes
/// O(*p* × *n*) time for a pattern of *p* tokens and a path of *n* bytes however many stars the pattern holds.
public struct IgnorePattern: Sendable, Hashable, CustomStringConvertible {
  /// The pattern as written in the file, after trailing-space removal (including any `!` and trailing `/`).
  public let text: String
  /// The 1-based line number in the file it came from (or its index + 1 in a settings list).
  public let lineNumber: Int
  /// Whether the pattern starts with `!` and so re-includes what earlier patterns excluded.
  public let isNegated: Bool
  /// Whether the pattern ended with `/` and so matches directories only.
  public let isDirectoryOnly: Bool
  /// Whether the pattern is matched against the whole relative path (it contains a `/` other than a trailing
  /// one) rather than against the last path component.
  public let isAnchored: Bool

  private let glob: Glob

  /// Lines longer than this are dropped: no Linux path is longer (`PATH_MAX` is 4,096 bytes), and the limit
  /// bounds the matching cost of hostile files.
  public static let maximumByteCount = 4_096

  /// Parses one line (without its line break) of a gitignore-style file.
  ///
  /// - Parameters:
  ///   - line: The line's bytes; a trailing `\r` is removed.
  ///   - lineNumber: Its 1-based line number, kept for diagnostics.
  /// - Returns: The pattern, or `nil` for blank lines, comments, lines that are empty after trimming or
  ///   negation, and lines longer than ``maximumByteCount``.
  /// - Complexity: O(*n*) in the line's length.
  public init?(line: some Collection<UInt8>, lineNumber: Int) {
    var bytes = Array(line)
    if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
    guard !bytes.isEmpty, bytes.count <= Self.maximumByteCount, bytes[0] != UInt8(ascii: "#") else { return nil }
    bytes = Self.trimmingTrailingSpaces(bytes)
    let written = bytes
    var start = 0
    var negated = false
    if bytes.first == UInt8(ascii: "!") {
      negated = true
      start = 1
    }
    var end = bytes.count
    var directoryOnly = false
    if end > start && bytes[end - 1] == UInt8(ascii: "/") {
      directoryOnly = true
      end -= 1
    }
    guard end > start else { return nil }
    var body = Array(bytes[start..<end])
    let anchored = body.contains(UInt8(ascii: "/"))
    if anchored && body.first == UInt8(ascii: "/") { body.removeFirst() }
    text = String(decoding: written, as: UTF8.self)
    self.lineNumber = lineNumber
    isNegated = negated
    isDirectoryOnly = directoryOnly
    isAnchored = anchored
    glob = Glob(body)
  }

  /// Whether the pattern matches a path given relative to the directory of the pattern's file.
  ///
  /// Negation is not applied here: a negated pattern "matches" the paths it re-includes.
  ///
  /// - Parameters:
  ///   - relativePath: `/`-separated, without leading or trailing `/`, relative to the pattern's directory.
  ///   - isDirectory: Whether the path names a directory (symbolic links are not directories, as in git).
  /// - Complexity: O(*p* × *n*) for *p* pattern tokens and a path of *n* bytes.
  public func matches(_ relativePath: some StringProtocol, isDirectory: Bool) -> Bool {
    guard isDirectory || !isDirectoryOnly else { return false }
    var path = Substring(relativePath).utf8
    if !isAnchored, let lastSlash = path.lastIndex(of: UInt8(ascii: "/")) {
      path = path[path.index(after: lastSlash)...]
    }
    return glob.matches(path)
  }

  public var description: String { text }

  /// Removes trailing unescaped spaces, as git's `trim_trailing_spaces` does.
  private static func trimmingTrailingSpaces(_ bytes: [UInt8]) -> [UInt8] {
    var lastSpace: Int?
    var index = 0
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: " "):
        if lastSpace == nil { lastSpace = index }
      case UInt8(ascii: "\\"):
        index += 1
        if index == bytes.count { return bytes }  // a trailing lone backslash keeps everything
        lastSpace = nil
      default:
        lastSpace = nil
      }
      index += 1
    }
    if let lastSpace { return Array(bytes[..<lastSpace]) }
    return bytes
  }
}

/// A compiled glob, with fast paths for the common shapes `name` and `*.ext`.
struct Glob: Sendable, Hashable {
  private enum Program: Sendable, Hashable {
    /// Never matches (git's matcher would abort).
    case never
    /// Exactly these bytes.
    case literal([UInt8])
    /// Any run without `/` followed by these bytes.
    case starThenLiteral([UInt8])
    /// The general automaton.
    case tokens([GlobToken])
  }

  private let program: Program

  /// Compiles a pattern body (negation, trailing `/` and leading `/` already removed).
  init(_ pattern: [UInt8]) {
    guard let tokens = GlobToken.compile(pattern) else {
      program = .never
      return
    }
    if let literal = GlobToken.literalSuffix(tokens) {
      program = literal.count == tokens.count ? .literal(literal) : .starThenLiteral(literal)
    } else {
      program = .tokens(tokens)
    }
  }

  /// Whether the glob matches all of `path`.
  func matches(_ path: Substring.UTF8View) -> Bool {
    switch program {
    case .never:
      return false
    case .literal(let literal):
      return path.elementsEqual(literal)
    case .starThenLiteral(let literal):
      guard path.count >= literal.count else { return false }
      return path.suffix(literal.count).elementsEqual(literal)
        && !path.prefix(path.count - literal.count).contains(UInt8(ascii: "/"))
    case .tokens(let tokens):
      return GlobToken.run(tokens, on: path)
    }
  }
}

/// One step of a compiled glob.
enum GlobToken: Sendable, Hashable {
  /// This byte exactly.
  case byte(UInt8)
  /// Any byte but `/` (`?`).
  case anyByte
  /// One byte in (or, when negated, outside) the set; never `/` (`[...]`).
  case byteSet(ByteSet, isNegated: Bool)
  /// Any run of bytes without `/`, possibly empty (`*`).
  case star
  /// Any run of bytes, possibly empty (a `**` that is a whole last component).
  case globstar
  /// Nothing, or any run of bytes followed by `/` (a `**/` that starts a component).
  case globstarSlash

  /// Compiles a pattern body (negation, trailing `/` and leading `/` already removed).
  ///
  /// - Returns: The tokens, or `nil` when git's matcher would never match the pattern.
  static func compile(_ pattern: [UInt8]) -> [GlobToken]? {
    var tokens: [GlobToken] = []
    var index = 0
    let slash = UInt8(ascii: "/")
    while index < pattern.count {
      let byte = pattern[index]
      switch byte {
      case UInt8(ascii: "\\"):
        guard index + 1 < pattern.count else { return nil }  // a trailing backslash matches nothing
        tokens.append(.byte(pattern[index + 1]))
        index += 2
      case UInt8(ascii: "?"):
        tokens.append(.anyByte)
        index += 1
      case UInt8(ascii: "*"):
        let runStart = index
        while index < pattern.count && pattern[index] == UInt8(ascii: "*") { index += 1 }
        let isDouble = index - runStart >= 2
        let startsComponent = runStart == 0 || pattern[runStart - 1] == slash
        if isDouble && startsComponent && index == pattern.count {
          tokens.append(.globstar)
        } else if isDouble && startsComponent && pattern[index] == slash {
          tokens.append(.globstarSlash)
          index += 1  // the slash belongs to the token
        } else if isDouble && startsComponent && index + 1 < pattern.count && pattern[index] == UInt8(ascii: "\\")
          && pattern[index + 1] == slash
        {
          tokens.append(.globstar)  // `**\/`: crosses slashes but cannot match zero directories, as in git
        } else {
          tokens.append(.star)
        }
      case UInt8(ascii: "["):
        guard let (set, negated, next) = parseBracket(pattern, from: index) else { return nil }
        tokens.append(.byteSet(set, isNegated: negated))
        index = next
      default:
        tokens.append(.byte(byte))
        index += 1
      }
    }
    return tokens
  }

  /// Parses `[...]` starting at `start` (the `[`), as git's `wildmatch` reads it.
  ///
  /// - Returns: The set, whether it is negated, and the index after the closing `]`; `nil` when malformed.
  private static func parseBracket(_ pattern: [UInt8], from start: Int) -> (ByteSet, Bool, Int)? {
    var set = ByteSet()
    var index = start + 1
    guard index < pattern.count else { return nil }
    var negated = false
    if pattern[index] == UInt8(ascii: "!") || pattern[index] == UInt8(ascii: "^") {
      negated = true
      index += 1
    }
    var previous: UInt8? = nil  // the last single member, the start of a possible range
    var isFirst = true  // a `]` right after `[` or `[!` is a member
    while true {
      guard index < pattern.count else { return nil }
      var byte = pattern[index]
      if byte == UInt8(ascii: "]") && !isFirst { return (set, negated, index + 1) }
      isFirst = false
      if byte == UInt8(ascii: "\\") {
        index += 1
        guard index < pattern.count else { return nil }
        byte = pattern[index]
        set.insert(byte)
        previous = byte
      } else if byte == UInt8(ascii: "-"), let low = previous, index + 1 < pattern.count,
        pattern[index + 1] != UInt8(ascii: "]")
      {
        index += 1
        var high = pattern[index]
        if high == UInt8(ascii: "\\") {
          index += 1
          guard index < pattern.count else { return nil }
          high = pattern[index]
        }
        if low <= high { set.insert(low...high) }
        previous = nil
      } else if byte == UInt8(ascii: "["), index + 1 < pattern.count, pattern[index + 1] == UInt8(ascii: ":") {
        // `[:name:]`; without a closing `:]` before the next `]`, the `[` is an ordinary member.
        let nameStart = index + 2
        var close = nameStart
        while close < pattern.count && pattern[close] != UInt8(ascii: "]") { close += 1 }
        guard close < pattern.count else { return nil }
        if close - 1 >= nameStart, pattern[close - 1] == UInt8(ascii: ":") {
          guard let members = namedClass(pattern[nameStart..<(close - 1)]) else { return nil }
          set.formUnion(members)
          previous = nil
          index = close
        } else {
          set.insert(byte)
          previous = byte
        }
      } else {
        set.insert(byte)
        previous = byte
      }
      index += 1
    }
  }

  /// The members of a POSIX character class such as `alpha`, or `nil` for an unknown name.
  private static func namedClass(_ name: ArraySlice<UInt8>) -> ByteSet? {
    var set = ByteSet()
    let test: (UInt8) -> Bool
    switch String(decoding: name, as: UTF8.self) {
    case "alnum": test = { isASCIIAlpha($0) || isASCIIDigit($0) }
    case "alpha": test = isASCIIAlpha
    case "blank": test = { $0 == 0x20 || $0 == 0x09 }
    case "cntrl": test = { $0 < 0x20 || $0 == 0x7F }
    case "digit": test = isASCIIDigit
    case "graph": test = { $0 > 0x20 && $0 < 0x7F }
    case "lower": test = { $0 >= 0x61 && $0 <= 0x7A }
    case "print": test = { $0 >= 0x20 && $0 < 0x7F }
    case "punct": test = { $0 > 0x20 && $0 < 0x7F && !isASCIIAlpha($0) && !isASCIIDigit($0) }
    case "space": test = { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
    case "upper": test = { $0 >= 0x41 && $0 <= 0x5A }
    case "xdigit": test = { isASCIIDigit($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
    default: return nil
    }
    for byte in UInt8.min...UInt8.max where test(byte) { set.insert(byte) }
    return set
  }

  /// Whether the tokens match all of `path`.
  ///
  /// Simulates the pattern as a nondeterministic automaton whose states are token positions: a state set per
  /// input byte, so no input can make matching exponential.
  static func run(_ tokens: [GlobToken], on path: Substring.UTF8View) -> Bool {
    let stateCount = tokens.count + 1
    var current = [Bool](repeating: false, count: stateCount)
    var next = current
    current[0] = true
    closeOverEmptyMatches(&current, tokens)
    let slash = UInt8(ascii: "/")
    for byte in path {
      for index in 0..<stateCount { next[index] = false }
      var isAlive = false
      for index in 0..<tokens.count where current[index] {
        switch tokens[index] {
        case .byte(let expected):
          if byte == expected { next[index + 1] = true }
        case .anyByte:
          if byte != slash { next[index + 1] = true }
        case .byteSet(let set, let isNegated):
          if byte != slash && set.contains(byte) != isNegated { next[index + 1] = true }
        case .star:
          if byte != slash { next[index] = true }
        case .globstar:
          next[index] = true
        case .globstarSlash:
          next[index] = true
          if byte == slash { next[index + 1] = true }
        }
      }
      closeOverEmptyMatches(&next, tokens)
      for index in 0..<stateCount where next[index] {
        isAlive = true
        break
      }
      guard isAlive else { return false }
      swap(&current, &next)
    }
    return current[tokens.count]
  }

  /// The literal bytes of a pattern that is all literal bytes, or one `*` followed by literal bytes.
  static func literalSuffix(_ tokens: [GlobToken]) -> [UInt8]? {
    var literal: [UInt8] = []
    literal.reserveCapacity(tokens.count)
    for (index, token) in tokens.enumerated() {
      switch token {
      case .byte(let byte): literal.append(byte)
      case .star where index == 0: continue
      default: return nil
      }
    }
    return literal
  }

  /// Adds the states reachable without consuming input (stars and `**/` matching nothing).
  private static func closeOverEmptyMatches(_ states: inout [Bool], _ tokens: [GlobToken]) {
    for index in 0..<tokens.count where states[index] {
      switch tokens[index] {
      case .star, .globstar, .globstarSlash: states[index + 1] = true
      default: break
      }
    }
  }
}

/// A set of bytes as a 256-bit mask.
struct ByteSet: Sendable, Hashable {
  private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

  func contains(_ byte: UInt8) -> Bool {
    let bit = UInt64(1) << UInt64(byte & 63)
    switch byte >> 6 {
    case 0: return words.0 & bit != 0
    case 1: return words.1 & bit != 0
    case 2: return words.2 & bit != 0
    default: return words.3 & bit != 0
    }
  }

  mutating func insert(_ byte: UInt8) {
    let bit = UInt64(1) << UInt64(byte & 63)
    switch byte >> 6 {
    case 0: words.0 |= bit
    case 1: words.1 |= bit
    case 2: words.2 |= bit
    default: words.3 |= bit
    }
  }

  mutating func insert(_ range: ClosedRange<UInt8>) {
    for byte in range { insert(byte) }
  }

  mutating func formUnion(_ other: ByteSet) {
    words.0 |= other.words.0
    words.1 |= other.words.1
    words.2 |= other.words.2
    words.3 |= other.words.3
  }

  static func == (lhs: ByteSet, rhs: ByteSet) -> Bool {
    lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
      && lhs.words.3 == rhs.words.3
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(words.0)
    hasher.combine(words.1)
    hasher.combine(words.2)
    hasher.combine(words.3)
  }
}

@inline(__always) func isASCIIAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
@inline(__always) func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
