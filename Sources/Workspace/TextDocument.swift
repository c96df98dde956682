/// How a column counts characters within a line.
public enum ColumnUnit: Sendable, Hashable {
  /// UTF-8 bytes.
  case utf8
  /// UTF-16 code units (LSP's default).
  case utf16
  /// Unicode scalars.
  case utf32
}

/// The text of an open document as UTF-8 bytes, with a line table kept current across edits.
///
/// Positions arrive as (line, column) in some ``ColumnUnit`` and are turned into UTF-8 offsets here; columns past
/// the end of a line clamp to the line end, lines past the end clamp to the end of the text, and a column that
/// falls inside a multi-unit character rounds down to that character's start (so an edit never splits a scalar).
///
/// A line ends after `\n`; `\r\n` and a lone `\r` are not treated as separators beyond the `\n`, but `\r` before
/// `\n` is excluded from the line's columns.
public struct TextDocument: Sendable, Hashable {
  /// The UTF-8 bytes.
  public private(set) var bytes: [UInt8]
  /// The UTF-8 offset at which each line starts; `lineStarts[0] == 0`.
  public private(set) var lineStarts: [Int]

  /// Creates a document from its text.
  public init(text: String) {
    self.init(bytes: Array(text.utf8))
  }

  /// Creates a document from UTF-8 bytes (invalid sequences are kept as they are).
  public init(bytes: [UInt8]) {
    self.bytes = bytes
    lineStarts = [0]
    for (offset, byte) in bytes.enumerated() where byte == newline { lineStarts.append(offset + 1) }
  }

  /// The text as a `String` (invalid UTF-8 repaired with U+FFFD).
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// The number of lines (a trailing newline starts one more, empty line).
  public var lineCount: Int { lineStarts.count }

  /// The UTF-8 offset of a position, clamped into the document.
  ///
  /// - Complexity: O(*c*) for a column *c* (the line is found in O(1)).
  public func utf8Offset(line: Int, column: Int, unit: ColumnUnit) -> Int {
    guard line >= 0 else { return 0 }
    guard line < lineStarts.count else { return bytes.count }
    let start = lineStarts[line]
    let end = lineContentEnd(line)
    guard column > 0 else { return start }
    var offset = start
    var counted = 0
    while offset < end {
      let lead = bytes[offset]
      let length = scalarLength(lead)
      let units: Int
      switch unit {
      case .utf8: units = min(length, end - offset)
      case .utf16: units = length == 4 ? 2 : 1
      case .utf32: units = 1
      }
      if counted + units > column { break }  // the column is inside this character: round down
      counted += units
      offset = min(offset + length, end)
      if counted == column { break }
    }
    return offset
  }

  /// The (line, column) of a UTF-8 offset, with the column in `unit`.
  ///
  /// - Complexity: O(log *l* + *c*) for *l* lines and column *c*.
  public func position(ofUTF8Offset offset: Int, unit: ColumnUnit) -> (line: Int, column: Int) {
    let clamped = max(0, min(offset, bytes.count))
    let line = lineIndex(containing: clamped)
    var column = 0
    var index = lineStarts[line]
    let end = min(clamped, lineContentEnd(line))
    while index < end {
      let length = scalarLength(bytes[index])
      switch unit {
      case .utf8: column += min(length, end - index)
      case .utf16: column += length == 4 ? 2 : 1
      case .utf32: column += 1
      }
      index += length
    }
    return (line, column)
  }

  /// Replaces the bytes in `range` by `replacement`, keeping the line table current.
  ///
  /// - Complexity: O(*n* + *l*) for a replacement of *n* bytes and *l* lines after it.
  public mutating func replace(utf8Range range: Swift.Range<Int>, with replacement: some Collection<UInt8>) {
    let lower = max(0, min(range.lowerBound, bytes.count))
    let upper = max(lower, min(range.upperBound, bytes.count))
    bytes.replaceSubrange(lower..<upper, with: replacement)
    let delta = replacement.count - (upper - lower)
    // Line starts in (lower, upper] came from removed newlines; later ones shift by delta.
    let firstAffected = firstLineStart(after: lower)
    var lastAffected = firstAffected
    while lastAffected < lineStarts.count && lineStarts[lastAffected] <= upper { lastAffected += 1 }
    var inserted: [Int] = []
    for (index, byte) in replacement.enumerated() where byte == newline { inserted.append(lower + index + 1) }
    for index in lastAffected..<lineStarts.count { lineStarts[index] += delta }
    lineStarts.replaceSubrange(firstAffected..<lastAffected, with: inserted)
  }

  /// Replaces the whole text.
  public mutating func replaceAll(with text: String) {
    self = TextDocument(text: text)
  }

  /// The offset just past the line's content (before its `\n` or `\r\n`).
  public func lineContentEnd(_ line: Int) -> Int {
    var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
    if end > lineStarts[line] && bytes[end - 1] == carriageReturn && line + 1 < lineStarts.count { end -= 1 }
    return end
  }

  private func lineIndex(containing offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low
  }

  /// The index of the first line start strictly greater than `offset`.
  private func firstLineStart(after offset: Int) -> Int {
    lineIndex(containing: offset) + 1
  }
}

private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")

/// The length of the UTF-8 sequence a lead byte starts (1 for continuation or invalid bytes).
@inline(__always)
private func scalarLength(_ lead: UInt8) -> Int {
  switch lead {
  case 0xF0...0xF7: 4
  case 0xE0...0xEF: 3
  case 0xC0...0xDF: 2
  default: 1
  }
}
