// The code-aware analyzer: UTF-8 bytes in, normalized terms out. No regex, no Foundation string APIs, no
// per-token allocation: tokens are produced into one scratch buffer and handed to a closure as byte views.

/// Splits source text and prose into search terms.
///
/// A *word* is a maximal run of ASCII letters and digits, bytes ≥ 0x80 (non-ASCII text is kept whole), `_`, and
/// `-` when a letter or digit follows it. Each word yields:
///
/// 1. the whole word, lowercased, with `_` and `-` removed (`get_user_name` and `getUserName` both give
///    `getusername`), and, when the word has more than one part,
/// 2. each part: words split at `_` and `-`, lower→upper (`getUser`), acronym ends (`HTTPServer` → `http`,
///    `server`) and letter↔digit changes (`parseJSON2Value` → `parse`, `json`, `2`, `value`).
///
/// Words that start with a digit (`0x1F`, `3.14`) are numeric literals and are kept whole. Tokens longer than
/// ``maximumTokenByteCount`` bytes are dropped (minified data and base64 would otherwise flood the vocabulary).
/// Every token is then lowercased and stemmed with ``Analyzer/stem(_:)``; in ``Mode/prose`` English stop words
/// are removed.
///
/// The analyzer is stateless and `Sendable`; all functions are pure.
public struct Analyzer: Sendable {
  /// How text is treated.
  public enum Mode: Sendable {
    /// Source code, identifiers and paths: every token is kept.
    case code
    /// Natural-language text such as documentation and queries: English stop words are removed.
    case prose
  }

  /// Tokens longer than this many UTF-8 bytes are dropped.
  public static let maximumTokenByteCount = 64
  /// Words are split into at most this many parts; the rest of a longer word stays in its last part.
  static let maximumPartCount = 32

  /// The English stop words removed in ``Mode/prose``: articles, pronouns, auxiliaries and connectives that
  /// carry no topic. Kept short on purpose: words such as `not`, `new` or `return` stay searchable.
  public static let stopWords: [String] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "has", "have", "how",
    "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "so", "such", "that", "the", "their", "then",
    "there", "these", "they", "this", "to", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "why", "will", "with", "you", "your",
  ]

  /// The stop words packed little-endian into integers (all are at most 8 bytes), sorted for binary search.
  static let packedStopWords: [UInt64] = stopWords.map { word in
    var packed: UInt64 = 0
    for (i, byte) in word.utf8.enumerated() { packed |= UInt64(byte) << (8 * UInt64(i)) }
    return packed
  }.sorted()

  /// Creates an analyzer.
  public init() {}

  /// Calls `body` with each token of `text`, in order.
  ///
  /// The token view is valid only during the call; copy it to keep it.
  ///
  /// - Parameters:
  ///   - text: UTF-8 bytes.
  ///   - mode: Whether stop words are removed.
  ///   - body: Receives each token's bytes.
  /// - Complexity: O(*n*) in the byte count.
  public func forEachToken(
    in text: UnsafeBufferPointer<UInt8>, mode: Mode, _ body: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maximumTokenByteCount) { scratch in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * Self.maximumPartCount) { parts in
        let base = scratch.baseAddress!
        let n = text.count
        var i = 0
        while i < n {
          let c = text[i]
          guard Self.isAlphanumeric(c) else {
            i += 1
            continue
          }
          let start = i
          i += 1
          while i < n {
            let d = text[i]
            if Self.isAlphanumeric(d) || d == UInt8(ascii: "_") {
              i += 1
            } else if d == UInt8(ascii: "-"), i + 1 < n, Self.isAlphanumeric(text[i + 1]) {
              i += 1
            } else {
              break
            }
          }
          emitWord(text, start, i, mode, base, parts, body)
        }
      }
    }
  }

  /// The tokens of a string, as strings; for queries, tests and tools (indexing uses the closure form).
  ///
  /// - Complexity: O(*n*) in the string's UTF-8 length.
  public func tokens(in text: String, mode: Mode) -> [String] {
    var result: [String] = []
    var copy = text
    copy.withUTF8 { utf8 in
      forEachToken(in: utf8, mode: mode) { result.append(String(decoding: $0, as: UTF8.self)) }
    }
    return result
  }

  @inline(__always) static func isAlphanumeric(_ c: UInt8) -> Bool {
    (c &- 0x30) < 10 || ((c | 0x20) &- 0x61) < 26 || c >= 0x80
  }
  @inline(__always) static func isUpper(_ c: UInt8) -> Bool { (c &- 0x41) < 26 }
  @inline(__always) static func isDigit(_ c: UInt8) -> Bool { (c &- 0x30) < 10 }
  @inline(__always) static func isLowerOrOther(_ c: UInt8) -> Bool { (c &- 0x61) < 26 || c >= 0x80 }
  @inline(__always) static func lowercased(_ c: UInt8) -> UInt8 { isUpper(c) ? c | 0x20 : c }

  /// Splits `text[start..<end]` into parts and emits the whole word and, if there are several, each part.
  @inline(__always)
  func emitWord(
    _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ mode: Mode,
    _ scratch: UnsafeMutablePointer<UInt8>, _ parts: UnsafeMutableBufferPointer<Int>,
    _ body: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    // Numeric literals stay whole.
    if Self.isDigit(text[start]) {
      let length = end - start
      guard length <= Self.maximumTokenByteCount else { return }
      for k in 0..<length { scratch[k] = Self.lowercased(text[start + k]) }
      emit(scratch, length, mode, body)
      return
    }
    // Part boundaries, as [start, end) pairs in `parts`.
    var partCount = 0
    var partStart = -1
    var j = start
    while j < end {
      let c = text[j]
      if c == UInt8(ascii: "_") || c == UInt8(ascii: "-") {
        // The last slot is kept for the final part: past the limit, separators no longer split (this guard is
        // what keeps `parts` from overflowing on names like a_b_c_…).
        if partStart >= 0 && partCount < Self.maximumPartCount - 1 {
          partCount = appendPart(parts, partCount, partStart, j)
          partStart = -1
        }
        j += 1
        continue
      }
      if partStart < 0 {
        partStart = j
      } else if partCount < Self.maximumPartCount - 1 {
        let p = text[j - 1]
        let boundary =
          (Self.isUpper(c) && (Self.isLowerOrOther(p) || Self.isDigit(p)))  // getUser, v2Beta
          || (Self.isUpper(c) && Self.isUpper(p) && j + 1 < end && (text[j + 1] &- 0x61) < 26)  // HTTPServer
          || (Self.isDigit(c) != Self.isDigit(p))  // json2, 2value
        if boundary {
          partCount = appendPart(parts, partCount, partStart, j)
          partStart = j
        }
      }
      j += 1
    }
    if partStart >= 0 { partCount = appendPart(parts, partCount, partStart, end) }
    guard partCount > 0 else { return }

    // The whole word without separators.
    var length = 0
    var fits = true
    for p in 0..<partCount {
      let s = parts[2 * p]
      let e = parts[2 * p + 1]
      if length + (e - s) > Self.maximumTokenByteCount {
        fits = false
        break
      }
      for k in s..<e {
        scratch[length] = Self.lowercased(text[k])
        length += 1
      }
    }
    if fits { emit(scratch, length, mode, body) }
    guard partCount > 1 else { return }
    for p in 0..<partCount {
      let s = parts[2 * p]
      let e = parts[2 * p + 1]
      guard e - s <= Self.maximumTokenByteCount else { continue }
      for k in s..<e { scratch[k - s] = Self.lowercased(text[k]) }
      emit(scratch, e - s, mode, body)
    }
  }

  @inline(__always)
  func appendPart(_ parts: UnsafeMutableBufferPointer<Int>, _ count: Int, _ s: Int, _ e: Int) -> Int {
    parts[2 * count] = s
    parts[2 * count + 1] = e
    return count + 1
  }

  /// Applies stop-word removal and stemming to the lowercased token in `scratch[0..<length]`, then emits it.
  @inline(__always)
  func emit(
    _ scratch: UnsafeMutablePointer<UInt8>, _ length: Int, _ mode: Mode,
    _ body: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    if mode == .prose && Self.isStopWord(scratch, length) { return }
    let stemmed = Self.stem(scratch, length)
    body(UnsafeBufferPointer(start: scratch, count: stemmed))
  }

  static func isStopWord(_ p: UnsafeMutablePointer<UInt8>, _ length: Int) -> Bool {
    guard length <= 8 else { return false }
    var packed: UInt64 = 0
    for i in 0..<length { packed |= UInt64(p[i]) << (8 * UInt64(i)) }
    var low = 0
    var high = packedStopWords.count
    while low < high {
      let mid = (low + high) / 2
      let value = packedStopWords[mid]
      if value == packed { return true }
      if value < packed { low = mid + 1 } else { high = mid }
    }
    return false
  }

  /// Stems one lowercased word; the light suffix stripper the index and queries share.
  ///
  /// Only words of at least four ASCII letters are touched. Three steps, each applying at most one rule:
  ///
  /// 1. Plurals: `-sses` → `-ss`; `-ies` → `-y` (`queries` → `query`); `-es` → `` after `x`, `z`, `ch`, `sh`
  ///    (`matches` → `match`); otherwise a final `-s` is dropped unless it follows `s`, `u` or `i`
  ///    (`class`, `status`, `analysis` stay).
  /// 2. Verb endings: `-ied` → `-y`; `-ing` and `-ed` (not `-eed`) are dropped when at least three letters
  ///    containing a vowel remain (`parsing` → `pars`, but `string` stays); a doubled final consonant other
  ///    than `l`, `s`, `z` is then undoubled (`mapped` → `map`).
  /// 3. A final `-e` is dropped when three letters or more remain, so `parse`, `parses`, `parsed` and
  ///    `parsing` all become `pars`, and `name`, `names`, `named`, `naming` become `nam`.
  ///
  /// - Returns: The stem, as a string.
  public static func stem(_ word: String) -> String {
    var bytes = Array(word.utf8)
    guard !bytes.isEmpty else { return word }
    let length = bytes.withUnsafeMutableBufferPointer { stem($0.baseAddress!, $0.count) }
    return String(decoding: bytes[0..<length], as: UTF8.self)
  }

  /// Stems the word in `p[0..<length]` in place and returns the stem's length.
  static func stem(_ p: UnsafeMutablePointer<UInt8>, _ length: Int) -> Int {
    guard length >= 4 else { return length }
    for i in 0..<length where (p[i] &- 0x61) >= 26 { return length }
    var n = length
    @inline(__always) func ends(_ suffix: StaticString) -> Bool {
      let count = suffix.utf8CodeUnitCount
      guard n > count else { return false }
      let s = suffix.utf8Start
      for k in 0..<count where p[n - count + k] != s[k] { return false }
      return true
    }
    @inline(__always) func isVowel(_ c: UInt8) -> Bool {
      c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6F || c == 0x75 || c == 0x79
    }
    @inline(__always) func hasVowel(_ count: Int) -> Bool {
      for i in 0..<count where isVowel(p[i]) { return true }
      return false
    }
    // Step 1: plurals.
    if ends("sses") {
      n -= 2
    } else if ends("ies") {
      if n > 4 {
        n -= 2
        p[n - 1] = UInt8(ascii: "y")
      }
    } else if ends("es") && n >= 5
      && (p[n - 3] == UInt8(ascii: "x") || p[n - 3] == UInt8(ascii: "z") || ends("ches") || ends("shes"))
    {
      n -= 2
    } else if p[n - 1] == UInt8(ascii: "s") {
      let before = p[n - 2]
      if before != UInt8(ascii: "s") && before != UInt8(ascii: "u") && before != UInt8(ascii: "i") { n -= 1 }
    }
    // Step 2: verb endings.
    var stripped = false
    if ends("ied") && n > 4 {
      n -= 2
      p[n - 1] = UInt8(ascii: "y")
    } else if ends("ing") && n - 3 >= 3 && hasVowel(n - 3) {
      n -= 3
      stripped = true
    } else if ends("ed") && n - 2 >= 3 && p[n - 3] != UInt8(ascii: "e") && hasVowel(n - 2) {
      n -= 2
      stripped = true
    }
    if stripped && n >= 2 && p[n - 1] == p[n - 2] && !isVowel(p[n - 1]) {
      let c = p[n - 1]
      if c != UInt8(ascii: "l") && c != UInt8(ascii: "s") && c != UInt8(ascii: "z") { n -= 1 }
    }
    // Step 3: a final e.
    if n >= 4 && p[n - 1] == UInt8(ascii: "e") { n -= 1 }
    return n
  }
}
