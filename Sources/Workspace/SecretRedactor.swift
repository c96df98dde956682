#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A kind of secret that ``SecretRedactor`` recognises.
public enum SecretKind: String, Sendable, Hashable, CaseIterable {
  /// A PEM private-key block, `-----BEGIN … PRIVATE KEY-----` through `-----END … PRIVATE KEY-----`.
  case privateKey
  /// An AWS access key id: `AKIA` or `ASIA` and 16 upper-case letters or digits.
  case awsAccessKeyID
  /// A GitHub token: `ghp_`, `gho_`, `ghu_`, `ghs_` or `ghr_` and at least 30 letters or digits, or
  /// `github_pat_` and at least 30 letters, digits or underscores.
  case githubToken
  /// A Slack token: `xoxa-`, `xoxb-`, `xoxp-`, `xoxr-` or `xoxs-` and at least 10 letters, digits or dashes.
  case slackToken
  /// A live Stripe key: `sk_live_` or `rk_live_` and at least 16 letters or digits.
  case stripeKey
  /// A Google API key: `AIza` and exactly 35 letters, digits, `_` or `-`.
  case googleAPIKey
  /// An OpenAI-style key: `sk-` and at least 32 letters, digits, `_` or `-`, mixing upper case, lower case and
  /// digits (which CSS class names such as `sk-loading-spinner` do not).
  case openAIKey
  /// A JSON Web Token: three base64url parts of at least 10 bytes, the first two starting `eyJ` (`{"`).
  case jsonWebToken
  /// A URL with a password: `scheme://user:password@host`, unless the password is a placeholder.
  case urlCredentials
  /// A high-entropy literal assigned to a secret-sounding name (see ``SecretRedactor``).
  case assignedSecret
}

/// One redacted line.
public struct Redaction: Sendable, Hashable {
  /// The 0-based line number (lines end at `\n`).
  public var line: Int
  /// What was recognised on it.
  public var kind: SecretKind

  /// Creates a record.
  public init(line: Int, kind: SecretKind) {
    self.line = line
    self.kind = kind
  }
}

/// A file's bytes with secret-bearing lines replaced, and which lines those were.
public struct RedactedText: Sendable, Hashable {
  /// The bytes, with the same number of lines and the same line breaks as the input.
  public var bytes: [UInt8]
  /// The redacted lines in increasing order.
  public var redactions: [Redaction]

  /// The 0-based numbers of the redacted lines, increasing.
  public var redactedLines: [Int] { redactions.map(\.line) }
}

/// Replaces every line that carries a recognisable secret, keeping line numbers valid.
///
/// A pure function over bytes (any bytes: invalid UTF-8 is passed through), so a fuzzer can drive it. Each
/// redacted line keeps its indentation (leading spaces and tabs) and its line break (`\n` or `\r\n`); the rest
/// of its content becomes ``replacement``. Lines are never added or removed.
///
/// What is recognised (``SecretKind``): PEM private-key blocks (every line of the block), AWS access key ids,
/// GitHub, Slack, live Stripe, Google API and OpenAI-style keys, JSON Web Tokens, URLs with a password, and
/// *assigned secrets*:
///
/// - a `name = value`, `name: value`, `name := value` or `"name": "value"` assignment
/// - whose name, split into words at `_`, `-`, `.` and camel-case humps, has a word or adjacent pair of words
///   that ends in `password`, `passwd`, `passphrase`, `secret(s)`, `token`, `apikey`, `accesskey`,
///   `privatekey`, `credential(s)` or `auth`, or is `authorization`, and whose last word is not a role word
///   that names something about the secret rather than the secret itself (`count`, `length`, `url`, `path`,
///   `file`, `name`, `type`, `id`, `regex`, `header`, … see ``roleWords``), so `tokenCount` and `passwordRegex`
///   are not secret names;
/// - whose value, quoted on the same line or a bare word ending the statement (no `.`, brackets or leading
///   `$`), is at least ``minimumValueByteCount`` (16) bytes without whitespace, contains both a letter and a
///   digit, is not a path, URL or placeholder (`${…}`, `{{…}}`, `<…>`, `%(…)`), and has a Shannon entropy of at
///   least ``minimumEntropyBitsPerByte`` (3.0) bits per byte. Random hex of that length has about 3.5, random
///   base64 above 4; English words and repeated strings stay below 3.
///
/// Not redacted, by design: ordinary code that mentions secrets (`let tokenCount = tokens.count`,
/// `password: String`, `self.secret = secret`, `func authenticate(token: String)`), low-entropy literals, and
/// hashes in lockfiles (`integrity`, `checksum`, `sha256` keys are not secret names, and content hashes are
/// public).
public enum SecretRedactor {
  /// What replaces a redacted line's content.
  public static let replacement = "[redacted secret]"
  /// Assigned values shorter than this many bytes are never secrets.
  public static let minimumValueByteCount = 16
  /// Assigned values with a lower Shannon entropy (bits per byte) are not secrets.
  public static let minimumEntropyBitsPerByte = 3.0
  /// A name whose last word is one of these describes a secret without holding it.
  public static let roleWords: Set<String> = [
    "count", "counts", "length", "len", "size", "url", "uri", "urls", "endpoint", "host", "path", "file",
    "filename", "dir", "directory", "name", "names", "type", "kind", "mode", "id", "ids", "field", "header",
    "prefix", "suffix", "format", "limit", "max", "min", "ttl", "timeout", "expiry", "expires", "expiration",
    "enabled", "required", "index", "regex", "pattern", "policy", "label", "message", "text", "hint",
    "placeholder", "description", "version", "provider", "method", "scheme", "strategy", "service", "env",
    "variable", "var", "class", "module", "callback", "handler", "validator", "param", "parameter", "column",
    "table", "store", "location", "source", "loader", "manager", "factory", "error", "status",
  ]

  /// Redacts every secret-bearing line.
  ///
  /// - Parameter bytes: A file's contents.
  /// - Returns: The redacted bytes and the redacted lines; the input unchanged when nothing is found.
  /// - Complexity: O(*n*) in the number of bytes (assignments are checked per `=` and `:`).
  public static func redact(_ bytes: some Collection<UInt8>) -> RedactedText {
    let input = Array(bytes)
    let lines = LineTable(input)
    var kinds = [SecretKind?](repeating: nil, count: lines.count)
    markPrivateKeyBlocks(lines, into: &kinds)
    for index in 0..<lines.count where kinds[index] == nil {
      kinds[index] = secretKind(inLine: lines.content(index))
    }
    var redactions: [Redaction] = []
    for (line, kind) in kinds.enumerated() {
      if let kind { redactions.append(Redaction(line: line, kind: kind)) }
    }
    guard !redactions.isEmpty else { return RedactedText(bytes: input, redactions: []) }
    var output: [UInt8] = []
    output.reserveCapacity(input.count)
    for index in 0..<lines.count {
      let content = lines.content(index)
      if kinds[index] != nil {
        let indentation = content.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        output.append(contentsOf: indentation)
        output.append(contentsOf: replacement.utf8)
      } else {
        output.append(contentsOf: content)
      }
      output.append(contentsOf: lines.lineBreak(index))
    }
    return RedactedText(bytes: output, redactions: redactions)
  }

  /// The secret one line carries, looking at that line alone (so only single-line private keys count).
  ///
  /// - Parameter line: The line's content, without its line break.
  /// - Complexity: O(*n*) in the line's length.
  public static func secretKind(inLine line: some Collection<UInt8>) -> SecretKind? {
    let bytes = Array(line)
    if isSingleLinePrivateKey(bytes) { return .privateKey }
    var index = 0
    while index < bytes.count {
      if let kind = tokenKind(in: bytes, at: index) { return kind }
      index += 1
    }
    if hasAssignedSecret(bytes) { return .assignedSecret }
    return nil
  }

  // MARK: - Private keys

  private static let beginMarker = Array("-----BEGIN ".utf8)
  private static let endMarker = Array("-----END ".utf8)
  private static let privateKeyWords = Array("PRIVATE KEY".utf8)
  /// A private-key block holds at least this many base64 bytes (a real key holds hundreds).
  private static let minimumKeyBodyByteCount = 40

  /// Marks BEGIN … END blocks whose lines in between are key material.
  private static func markPrivateKeyBlocks(_ lines: LineTable, into kinds: inout [SecretKind?]) {
    var index = 0
    while index < lines.count {
      let line = Array(lines.content(index))
      guard let begin = firstRange(of: beginMarker, in: line[...]),
        firstRange(of: privateKeyWords, in: line[begin.upperBound...]) != nil
      else {
        index += 1
        continue
      }
      if isSingleLinePrivateKey(line) {
        kinds[index] = .privateKey
        index += 1
        continue
      }
      var bodyByteCount = 0
      var last = index
      var next = index + 1
      while next < lines.count {
        let candidate = lines.content(next)
        if firstRange(of: endMarker, in: candidate[...]) != nil {
          last = next
          break
        }
        guard let count = keyBodyByteCount(candidate) else { break }
        bodyByteCount += count
        if count > 0 { last = next }  // blank and header lines extend a block only up to its END
        next += 1
      }
      guard bodyByteCount >= minimumKeyBodyByteCount else {
        index += 1
        continue
      }
      // Without an END (a truncated file), the block ends at its last line of key material.
      for line in index...last { kinds[line] = .privateKey }
      index = last + 1
    }
  }

  /// A BEGIN … PRIVATE KEY … END on one line (an escaped string literal) with key material between.
  private static func isSingleLinePrivateKey(_ line: [UInt8]) -> Bool {
    guard let begin = firstRange(of: beginMarker, in: line[...]),
      let words = firstRange(of: privateKeyWords, in: line[begin.upperBound...]),
      let end = firstRange(of: endMarker, in: line[words.upperBound...])
    else { return false }
    var longestRun = 0
    var run = 0
    for byte in line[words.upperBound..<end.lowerBound] {
      run = isBase64(byte) ? run + 1 : 0
      longestRun = max(longestRun, run)
    }
    return longestRun >= minimumKeyBodyByteCount
  }

  /// The number of base64 bytes on a line inside a key block (after removing quotes, `\n` escapes and
  /// concatenation punctuation), or `nil` if the line is something else (code, prose).
  private static func keyBodyByteCount(_ line: ArraySlice<UInt8>) -> Int? {
    var body = line
    let leading: Set<UInt8> = [0x20, 0x09, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "+")]
    let trailing: Set<UInt8> = [
      0x20, 0x09, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: ","), UInt8(ascii: "+"),
      UInt8(ascii: ";"), UInt8(ascii: ")"), UInt8(ascii: "\\"),
    ]
    while let first = body.first, leading.contains(first) { body = body.dropFirst() }
    while let last = body.last {
      if body.count >= 2, body[body.index(before: body.endIndex) - 1] == UInt8(ascii: "\\"),
        last == UInt8(ascii: "n") || last == UInt8(ascii: "r")
      {
        body = body.dropLast(2)
      } else if trailing.contains(last) {
        body = body.dropLast()
      } else {
        break
      }
    }
    if body.allSatisfy(isBase64) { return body.count }
    // PEM headers such as `Proc-Type: 4,ENCRYPTED` and `DEK-Info: AES-128-CBC,…`.
    if let colon = body.firstIndex(of: UInt8(ascii: ":")), colon > body.startIndex,
      body[..<colon].allSatisfy({ isASCIIAlpha($0) || $0 == UInt8(ascii: "-") })
    {
      return 0
    }
    return nil
  }

  // MARK: - Tokens with a known shape

  /// The kind of a known token starting at `index`, if one does.
  private static func tokenKind(in bytes: [UInt8], at index: Int) -> SecretKind? {
    let previous: UInt8? = index > 0 ? bytes[index - 1] : nil
    func runLength(from start: Int, _ allowed: (UInt8) -> Bool) -> Int {
      var end = start
      while end < bytes.count && allowed(bytes[end]) { end += 1 }
      return end - start
    }
    func hasPrefix(_ prefix: String) -> Bool {
      let utf8 = prefix.utf8
      guard index + utf8.count <= bytes.count else { return false }
      return bytes[index..<(index + utf8.count)].elementsEqual(utf8)
    }
    let startsWord = previous.map { !isWordByte($0) } ?? true
    switch bytes[index] {
    case UInt8(ascii: "A"):
      guard startsWord else { return nil }
      if hasPrefix("AKIA") || hasPrefix("ASIA") {
        let run = runLength(from: index + 4) { isASCIIDigit($0) || ($0 >= 0x41 && $0 <= 0x5A) }
        if run == 16 && !isAlphanumeric(at: index + 20, in: bytes) { return .awsAccessKeyID }
      }
      if hasPrefix("AIza"), runLength(from: index + 4, isWordByteOrDash) == 35 { return .googleAPIKey }
    case UInt8(ascii: "g"):
      guard startsWord else { return nil }
      for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] where hasPrefix(prefix) {
        if runLength(from: index + 4, isAlphanumeric) >= 30 { return .githubToken }
      }
      if hasPrefix("github_pat_"), runLength(from: index + 11, isWordByte) >= 30 { return .githubToken }
    case UInt8(ascii: "x"):
      guard startsWord, hasPrefix("xox"), index + 4 < bytes.count, bytes[index + 4] == UInt8(ascii: "-"),
        "abprs".utf8.contains(bytes[index + 3])
      else { return nil }
      if runLength(from: index + 5, { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) >= 10 { return .slackToken }
    case UInt8(ascii: "s"), UInt8(ascii: "r"):
      guard startsWord else { return nil }
      if hasPrefix("sk_live_") || hasPrefix("rk_live_") {
        if runLength(from: index + 8, isAlphanumeric) >= 16 { return .stripeKey }
      }
      if hasPrefix("sk-"), previous.map({ $0 != UInt8(ascii: "-") }) ?? true {
        let length = runLength(from: index + 3, isWordByteOrDash)
        let body = bytes[(index + 3)..<(index + 3 + length)]
        if length >= 32, body.contains(where: isASCIIDigit), body.contains(where: { $0 >= 0x41 && $0 <= 0x5A }),
          body.contains(where: { $0 >= 0x61 && $0 <= 0x7A })
        {
          return .openAIKey
        }
      }
    case UInt8(ascii: "e"):
      guard previous.map({ !isWordByteOrDash($0) && $0 != UInt8(ascii: ".") }) ?? true, hasPrefix("eyJ") else {
        return nil
      }
      let first = runLength(from: index, isWordByteOrDash)
      var position = index + first
      guard first >= 10, position < bytes.count, bytes[position] == UInt8(ascii: ".") else { return nil }
      position += 1
      let second = runLength(from: position, isWordByteOrDash)
      guard second >= 10, bytes[position..<(position + 3)].elementsEqual("eyJ".utf8) else { return nil }
      position += second
      guard position < bytes.count, bytes[position] == UInt8(ascii: ".") else { return nil }
      if runLength(from: position + 1, isWordByteOrDash) >= 10 { return .jsonWebToken }
    case UInt8(ascii: ":"):
      if hasURLCredentials(in: bytes, colon: index) { return .urlCredentials }
    default:
      break
    }
    return nil
  }

  /// Whether `scheme://user:password@host` has its scheme's `:` at `colon`.
  private static func hasURLCredentials(in bytes: [UInt8], colon: Int) -> Bool {
    guard colon + 2 < bytes.count, bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/")
    else { return false }
    var schemeStart = colon
    while schemeStart > 0 && isSchemeByte(bytes[schemeStart - 1]) { schemeStart -= 1 }
    guard schemeStart < colon, isASCIIAlpha(bytes[schemeStart]) else { return false }
    let authorityStart = colon + 3
    var end = authorityStart
    var at: Int?
    while end < bytes.count {
      let byte = bytes[end]
      if byte == UInt8(ascii: "@") {
        at = end
        break
      }
      if byte <= 0x20 || "/?#\"'`<>()[]{}\\".utf8.contains(byte) { break }
      end += 1
    }
    guard let at, at + 1 < bytes.count, isAlphanumeric(bytes[at + 1]) || bytes[at + 1] == UInt8(ascii: "[") else {
      return false
    }
    guard let separator = bytes[authorityStart..<at].firstIndex(of: UInt8(ascii: ":")), separator > authorityStart
    else { return false }
    let password = bytes[(separator + 1)..<at]
    return !password.isEmpty && !isPlaceholder(password)
  }

  /// Placeholder passwords in examples and templates: `$VAR`, `${VAR}`, `{{var}}`, `<password>`, `%(pw)s`,
  /// `****`, `xxxx`, and the words `password`, `pass`, `passwd`, `pwd`, `secret`, `changeme`.
  private static func isPlaceholder(_ value: ArraySlice<UInt8>) -> Bool {
    guard let first = value.first else { return true }
    if "${<%".utf8.contains(first) { return true }
    if value.allSatisfy({ "*xX.".utf8.contains($0) }) { return true }
    let lowered = String(decoding: value, as: UTF8.self).lowercased()
    return ["password", "pass", "passwd", "pwd", "secret", "changeme"].contains(lowered)
  }

  // MARK: - Assigned secrets

  /// Whether some `=` or `:` on the line assigns a high-entropy literal to a secret-sounding name.
  private static func hasAssignedSecret(_ bytes: [UInt8]) -> Bool {
    for index in bytes.indices {
      let byte = bytes[index]
      let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
      let previous: UInt8? = index > 0 ? bytes[index - 1] : nil
      if byte == UInt8(ascii: "=") {
        if next == UInt8(ascii: "=") || next == UInt8(ascii: ">") || next == UInt8(ascii: "~") { continue }
        if let previous, "=!<>".utf8.contains(previous) { continue }
      } else if byte == UInt8(ascii: ":") {
        if next == UInt8(ascii: ":") || next == UInt8(ascii: "=") || previous == UInt8(ascii: ":") { continue }
        if next == UInt8(ascii: "/") { continue }  // a URL
      } else {
        continue
      }
      var nameEnd = index
      if byte == UInt8(ascii: "="), previous == UInt8(ascii: ":") { nameEnd -= 1 }  // `:=`
      guard let name = assignedName(in: bytes, before: nameEnd), isSecretName(name),
        let value = assignedValue(in: bytes, after: index)
      else { continue }
      if isSecretValue(value) { return true }
    }
    return false
  }

  /// The identifier before an assignment operator, skipping spaces and a closing quote or bracket; for a
  /// dotted name, its last part (`self.secret` → `secret`).
  private static func assignedName(in bytes: [UInt8], before end: Int) -> String? {
    var position = end
    while position > 0 && (bytes[position - 1] == 0x20 || bytes[position - 1] == 0x09) { position -= 1 }
    if position > 0 && "\"'`]".utf8.contains(bytes[position - 1]) { position -= 1 }
    let nameEnd = position
    while position > 0 && (isWordByteOrDash(bytes[position - 1]) || bytes[position - 1] == UInt8(ascii: ".")) {
      position -= 1
    }
    guard position < nameEnd else { return nil }
    var name = bytes[position..<nameEnd]
    if let dot = name.lastIndex(of: UInt8(ascii: ".")) { name = name[(dot + 1)...] }
    return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
  }

  /// The literal after an assignment operator: the contents of a quoted string closed on the line, or a bare
  /// word that ends the statement. `nil` for anything else (calls, member accesses, expressions).
  private static func assignedValue(in bytes: [UInt8], after operatorIndex: Int) -> ArraySlice<UInt8>? {
    var position = operatorIndex + 1
    while position < bytes.count && (bytes[position] == 0x20 || bytes[position] == 0x09) { position += 1 }
    guard position < bytes.count else { return nil }
    let quote = bytes[position]
    if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") || quote == UInt8(ascii: "`") {
      var end = position + 1
      while end < bytes.count && bytes[end] != quote {
        end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
      }
      guard end < bytes.count else { return nil }
      var value = bytes[(position + 1)..<end]
      for scheme in ["Bearer ", "Basic ", "Token ", "bearer ", "basic ", "token "] where value.starts(with: scheme.utf8)
      {
        value = value.dropFirst(scheme.utf8.count)
      }
      return value
    }
    var end = position
    while end < bytes.count && bytes[end] > 0x20 && bytes[end] != UInt8(ascii: ",") && bytes[end] != UInt8(ascii: ";") {
      end += 1
    }
    let value = bytes[position..<end]
    if value.contains(where: { "().[]{}<>\"'`".utf8.contains($0) }) || value.first == UInt8(ascii: "$") { return nil }
    // The bare word must end the statement: only a comment or a separator may follow.
    var rest = end
    while rest < bytes.count && (bytes[rest] == 0x20 || bytes[rest] == 0x09) { rest += 1 }
    guard
      rest == bytes.count || "#,;".utf8.contains(bytes[rest])
        || (bytes[rest] == UInt8(ascii: "/") && rest + 1 < bytes.count && bytes[rest + 1] == UInt8(ascii: "/"))
    else { return nil }
    return value
  }

  /// Whether a name's words mark it as holding a secret (see the type's discussion).
  static func isSecretName(_ name: String) -> Bool {
    let words = splitIntoWords(name)
    guard let last = words.last, !roleWords.contains(last) else { return false }
    let endings = [
      "password", "passwd", "passphrase", "secret", "secrets", "token", "apikey", "accesskey", "privatekey",
      "credential", "credentials", "auth",
    ]
    for (offset, word) in words.enumerated() {
      if word == "authorization" { return true }
      let pair = offset + 1 < words.count ? word + words[offset + 1] : nil
      for ending in endings {
        if word.hasSuffix(ending) || pair?.hasSuffix(ending) == true { return true }
      }
    }
    return false
  }

  /// Lower-cased words of an identifier: split at non-alphanumerics and camel-case humps (`APIKey` → `api`,
  /// `key`).
  static func splitIntoWords(_ name: String) -> [String] {
    var words: [String] = []
    var current: [UInt8] = []
    let bytes = Array(name.utf8)
    func flush() {
      if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self).lowercased()) }
      current = []
    }
    for (index, byte) in bytes.enumerated() {
      guard isAlphanumeric(byte) else {
        flush()
        continue
      }
      let isUpper = byte >= 0x41 && byte <= 0x5A
      if isUpper, let previous = current.last {
        let previousIsUpper = previous >= 0x41 && previous <= 0x5A
        let nextIsLower = index + 1 < bytes.count && bytes[index + 1] >= 0x61 && bytes[index + 1] <= 0x7A
        if !previousIsUpper || nextIsLower { flush() }
      }
      current.append(byte)
    }
    flush()
    return words
  }

  /// Whether an assigned literal looks like a generated secret.
  private static func isSecretValue(_ value: ArraySlice<UInt8>) -> Bool {
    guard value.count >= minimumValueByteCount, !value.contains(where: { $0 <= 0x20 }),
      value.contains(where: isASCIIDigit), value.contains(where: isASCIIAlpha)
    else { return false }
    if let first = value.first, "/.~".utf8.contains(first) { return false }  // a path
    if firstRange(of: Array("://".utf8), in: value) != nil { return false }  // a URL (credentials are checked apart)
    if value.starts(with: "${".utf8) || value.starts(with: "{{".utf8) || value.first == UInt8(ascii: "<")
      || value.starts(with: "%(".utf8)
    {
      return false
    }
    return shannonEntropy(value) >= minimumEntropyBitsPerByte
  }

  /// The Shannon entropy of the byte distribution, in bits per byte.
  static func shannonEntropy(_ bytes: ArraySlice<UInt8>) -> Double {
    guard !bytes.isEmpty else { return 0 }
    var counts = [Int](repeating: 0, count: 256)
    for byte in bytes { counts[Int(byte)] += 1 }
    let total = Double(bytes.count)
    var entropy = 0.0
    for count in counts where count > 0 {
      let p = Double(count) / total
      entropy -= p * log2(p)
    }
    return entropy
  }
}

/// Line boundaries of a byte buffer: content ranges without the line break, and the breaks themselves.
private struct LineTable {
  let bytes: [UInt8]
  /// Start offset of each line.
  private var starts: [Int] = [0]

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
  }

  var count: Int { starts.count }

  /// The offset just past line `index`'s break (or the end of the buffer).
  private func end(_ index: Int) -> Int { index + 1 < starts.count ? starts[index + 1] : bytes.count }

  /// Where line `index`'s content ends: before `\n`, or before `\r\n`.
  private func contentEnd(_ index: Int) -> Int {
    var end = end(index)
    if end > starts[index] && bytes[end - 1] == UInt8(ascii: "\n") {
      end -= 1
      if end > starts[index] && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    }
    return end
  }

  func content(_ index: Int) -> ArraySlice<UInt8> { bytes[starts[index]..<contentEnd(index)] }

  func lineBreak(_ index: Int) -> ArraySlice<UInt8> { bytes[contentEnd(index)..<end(index)] }
}

/// The first occurrence of `needle` in `haystack`.
private func firstRange(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
  guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
  var start = haystack.startIndex
  let last = haystack.endIndex - needle.count
  while start <= last {
    if haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
      return start..<(start + needle.count)
    }
    start += 1
  }
  return nil
}

@inline(__always) private func isAlphanumeric(_ byte: UInt8) -> Bool { isASCIIAlpha(byte) || isASCIIDigit(byte) }
@inline(__always) private func isWordByte(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == UInt8(ascii: "_") }
@inline(__always) private func isWordByteOrDash(_ byte: UInt8) -> Bool { isWordByte(byte) || byte == UInt8(ascii: "-") }
@inline(__always) private func isSchemeByte(_ byte: UInt8) -> Bool {
  isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
}
@inline(__always) private func isBase64(_ byte: UInt8) -> Bool {
  isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
}

private func isAlphanumeric(at index: Int, in bytes: [UInt8]) -> Bool {
  index < bytes.count && isAlphanumeric(bytes[index])
}
