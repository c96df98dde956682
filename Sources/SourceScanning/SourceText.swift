/// The bytes of one file with a table of line starts; the scanners' shared view of the input.
///
/// A line ends at `\n` (a preceding `\r` is kept in the line's bytes but trimmed from text). A final `\n`
/// does not start an extra empty line, so `"a\nb\n"` has two lines and an empty file has none.
struct SourceText {
  let bytes: [UInt8]
  /// Byte offset where each line starts; `lineStarts.count == lineCount`.
  let lineStarts: [Int]

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var starts: [Int] = bytes.isEmpty ? [] : [0]
    for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") && index + 1 < bytes.count {
      starts.append(index + 1)
    }
    lineStarts = starts
  }

  var lineCount: Int { lineStarts.count }

  /// The byte range of a line without its `\n` (and without a trailing `\r`).
  func byteRange(ofLine line: Int) -> Range<Int> {
    guard line >= 0, line < lineStarts.count else { return 0..<0 }
    let start = lineStarts[line]
    var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return start..<end
  }

  /// The text of one line, invalid UTF-8 replaced.
  func line(_ line: Int) -> String { string(byteRange(ofLine: line)) }

  /// The text of a byte range, invalid UTF-8 replaced.
  func string(_ range: Range<Int>) -> String {
    let lower = max(0, min(range.lowerBound, bytes.count))
    let upper = max(lower, min(range.upperBound, bytes.count))
    return String(decoding: bytes[lower..<upper], as: UTF8.self)
  }

  /// Whether a line holds only spaces and tabs.
  func isBlank(_ line: Int) -> Bool {
    byteRange(ofLine: line).allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 }
  }

  /// The line holding a byte offset.
  /// - Complexity: O(log *n*) for *n* lines.
  func lineIndex(ofOffset offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return max(0, low)
  }

  /// The indentation width of a line (tabs advance to the next multiple of 8), and whether it is blank.
  func indentation(ofLine line: Int) -> (width: Int, isBlank: Bool) {
    var width = 0
    for index in byteRange(ofLine: line) {
      switch bytes[index] {
      case 0x20: width += 1
      case 0x09: width = (width / 8 + 1) * 8
      case 0x0C: width = 0
      default: return (width, false)
      }
    }
    return (width, true)
  }

  /// The text between two byte offsets with every run of whitespace collapsed to one space, trimmed.
  ///
  /// At most `limit` bytes of input are read, so a giant header cannot produce a giant signature.
  func collapsedText(_ range: Range<Int>, limit: Int = 600) -> String {
    let lower = max(0, min(range.lowerBound, bytes.count))
    let upper = max(lower, min(range.upperBound, bytes.count, lower + limit))
    var out: [UInt8] = []
    out.reserveCapacity(upper - lower)
    var pendingSpace = false
    for index in lower..<upper {
      let byte = bytes[index]
      if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
        pendingSpace = !out.isEmpty
      } else {
        if pendingSpace { out.append(0x20) }
        pendingSpace = false
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
