/// What the first bytes of a file say about whether it is worth indexing.
///
/// The rules, applied to a prefix of the file:
///
/// - **binary**: the first ``binarySniffByteCount`` bytes (8 KiB) contain a NUL byte or are not valid UTF-8
///   (overlong forms, surrogates and code points above U+10FFFF are invalid; a sequence cut off by the end of
///   the window is accepted when the file continues). So UTF-16 and Latin-1 text count as binary.
/// - **minified**: within the first ``minifiedSniffByteCount`` bytes (64 KiB), all of
///   1. some line is longer than ``minifiedLineByteCount`` (1,000 bytes),
///   2. lines average more than ``minifiedAverageLineByteCount`` (200 bytes), that is, newlines are sparse, and
///   3. spaces, tabs and non-ASCII bytes make up less than 10% of the bytes
///      (``minifiedMaximumSpacePercentage``), which keeps unwrapped prose (about 15% spaces in English, mostly
///      non-ASCII bytes in CJK text) as text while catching minified JavaScript, CSS, JSON and source maps.
///
///   A source file with one long line (a data URI, a generated table) stays text through rule 2.
/// - **text**: everything else, including empty files.
public enum ContentKind: Sendable, Hashable {
  /// Worth indexing.
  case text
  /// Contains NUL bytes or is not UTF-8.
  case binary
  /// Machine-minified text (very long lines, few newlines, few spaces).
  case minified

  /// How many leading bytes the binary test looks at.
  public static let binarySniffByteCount = 8 * 1024
  /// How many leading bytes the minified test looks at (and so how many a caller should read).
  public static let minifiedSniffByteCount = 64 * 1024
  /// A line longer than this many bytes (without its line break) may mark a minified file.
  public static let minifiedLineByteCount = 1_000
  /// A minified file averages more bytes per line than this.
  public static let minifiedAverageLineByteCount = 200
  /// A minified file has fewer spaces, tabs and non-ASCII bytes than this percentage of its bytes.
  public static let minifiedMaximumSpacePercentage = 10

  /// Classifies a file from its first bytes.
  ///
  /// - Parameters:
  ///   - prefix: The file's first bytes; at least ``minifiedSniffByteCount`` of them (or the whole file) for
  ///     a complete answer. Bytes beyond that are not looked at.
  ///   - isWholeFile: Whether `prefix` is the entire file (so a multi-byte sequence cut at its end is invalid).
  /// - Complexity: O(*n*) for *n* = min(`prefix.count`, ``minifiedSniffByteCount``).
  public init(sniffing prefix: some Collection<UInt8>, isWholeFile: Bool) {
    let window = Array(prefix.prefix(Self.minifiedSniffByteCount))
    let binaryWindowCount = min(window.count, Self.binarySniffByteCount)
    let binaryWindowIsWhole = isWholeFile && binaryWindowCount == window.count && window.count == prefix.count
    if Self.looksBinary(window[..<binaryWindowCount], allowsTruncatedEnd: !binaryWindowIsWhole) {
      self = .binary
    } else if Self.looksMinified(window) {
      self = .minified
    } else {
      self = .text
    }
  }

  private static func looksBinary(_ bytes: ArraySlice<UInt8>, allowsTruncatedEnd: Bool) -> Bool {
    if bytes.contains(0) { return true }
    switch UTF8Validation.firstProblem(in: bytes) {
    case .none: return false
    case .invalid: return true
    case .truncatedAtEnd: return !allowsTruncatedEnd
    }
  }

  private static func looksMinified(_ bytes: [UInt8]) -> Bool {
    guard bytes.count > minifiedLineByteCount else { return false }
    var longestLine = 0
    var lineStart = 0
    var newlineCount = 0
    var spaceCount = 0
    for (offset, byte) in bytes.enumerated() {
      switch byte {
      case UInt8(ascii: "\n"):
        longestLine = max(longestLine, offset - lineStart)
        lineStart = offset + 1
        newlineCount += 1
      case UInt8(ascii: " "), UInt8(ascii: "\t"), 0x80...0xFF:
        spaceCount += 1
      default:
        break
      }
    }
    longestLine = max(longestLine, bytes.count - lineStart)
    let lineCount = newlineCount + 1
    return longestLine > minifiedLineByteCount
      && bytes.count > minifiedAverageLineByteCount * lineCount
      && spaceCount * 100 < minifiedMaximumSpacePercentage * bytes.count
  }
}

/// Strict UTF-8 validation over bytes.
enum UTF8Validation {
  enum Problem {
    /// An invalid sequence.
    case invalid
    /// A valid but incomplete sequence at the very end.
    case truncatedAtEnd
  }

  /// The first problem in `bytes`, or `nil` when they are valid UTF-8.
  static func firstProblem(in bytes: ArraySlice<UInt8>) -> Problem? {
    var index = bytes.startIndex
    let end = bytes.endIndex
    while index < end {
      let lead = bytes[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      let length: Int
      var low: UInt8 = 0x80  // the allowed range of the second byte (rules out overlongs and surrogates)
      var high: UInt8 = 0xBF
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: length = 3; high = 0x9F
      case 0xF0: length = 4; low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4: length = 4; high = 0x8F
      default: return .invalid
      }
      for position in 1..<length {
        guard index + position < end else { return .truncatedAtEnd }
        let byte = bytes[index + position]
        let (allowedLow, allowedHigh) = position == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
        guard byte >= allowedLow && byte <= allowedHigh else { return .invalid }
      }
      index += length
    }
    return nil
  }
}
