import Testing
import Workspace

@Suite struct TextDocumentTests {
  // "a😀b" is 1 + 4 + 1 UTF-8 bytes, 1 + 2 + 1 UTF-16 units, 3 scalars; "漢字" is 2 × 3 bytes, 2 units.
  static let text = "a😀b\n漢字x\r\n\nend"

  @Test(arguments: [
    // (line, column, unit, expected UTF-8 offset)
    (0, 0, ColumnUnit.utf16, 0), (0, 1, .utf16, 1), (0, 3, .utf16, 5), (0, 4, .utf16, 6),
    (0, 2, .utf16, 1),  // inside the surrogate pair: rounds down to the emoji's start
    (0, 99, .utf16, 6),  // past the line end: clamps before the newline
    (0, 5, .utf8, 5), (0, 3, .utf8, 1), (0, 2, .utf32, 5),
    (1, 1, .utf16, 10), (1, 2, .utf16, 13), (1, 3, .utf16, 14), (1, 9, .utf16, 14),  // stops before "\r\n"
    (1, 3, .utf8, 10), (1, 4, .utf8, 10), (1, 6, .utf8, 13),
    (2, 0, .utf16, 16), (2, 5, .utf16, 16), (3, 3, .utf16, 20), (3, 9, .utf16, 20),
    (4, 0, .utf16, 20), (99, 0, .utf16, 20), (-1, 0, .utf16, 0),
  ])
  func positionsMapToUTF8Offsets(line: Int, column: Int, unit: ColumnUnit, expected: Int) {
    #expect(TextDocument(text: Self.text).utf8Offset(line: line, column: column, unit: unit) == expected)
  }

  @Test(arguments: [
    (5, ColumnUnit.utf16, 0, 3), (5, .utf8, 0, 5), (5, .utf32, 0, 2), (13, .utf16, 1, 2), (13, .utf8, 1, 6),
    (20, .utf16, 3, 3),
  ])
  func offsetsMapBackToPositions(offset: Int, unit: ColumnUnit, line: Int, column: Int) {
    let position = TextDocument(text: Self.text).position(ofUTF8Offset: offset, unit: unit)
    #expect(position.line == line && position.column == column)
  }

  struct Edit: Sendable, CustomStringConvertible {
    var start: (Int, Int)
    var end: (Int, Int)
    var text: String
    var description: String { "\(start)-\(end) \"\(text)\"" }
  }

  /// Applies UTF-16 edits in order and returns the text.
  func applying(_ edits: [Edit], to text: String, unit: ColumnUnit = .utf16) -> TextDocument {
    var document = TextDocument(text: text)
    for edit in edits {
      let start = document.utf8Offset(line: edit.start.0, column: edit.start.1, unit: unit)
      let end = document.utf8Offset(line: edit.end.0, column: edit.end.1, unit: unit)
      document.replace(utf8Range: start..<end, with: edit.text.utf8)
    }
    return document
  }

  @Test func multiByteEditsInUTF16() {
    let document = applying(
      [
        Edit(start: (0, 3), end: (0, 3), text: "🎉"),  // after the emoji
        Edit(start: (0, 1), end: (0, 3), text: ""),  // delete the first emoji (two UTF-16 units)
        Edit(start: (1, 0), end: (1, 2), text: "中文\n新"),  // replace CJK, adding a line
      ], to: Self.text)
    #expect(document.text == "a🎉b\n中文\n新x\r\n\nend")
    #expect(document == TextDocument(text: document.text))  // the line table equals a fresh one
  }

  @Test func multiByteEditsInUTF8() {
    let document = applying(
      [
        Edit(start: (0, 1), end: (0, 5), text: "é"),
        Edit(start: (1, 3), end: (1, 6), text: "😀"),
      ], to: Self.text, unit: .utf8)
    #expect(document.text == "aéb\n漢😀x\r\n\nend")
  }

  @Test func editsAcrossLinesKeepTheLineTableCurrent() {
    let document = applying(
      [
        Edit(start: (0, 3), end: (2, 0), text: "X\nY"),
        Edit(start: (2, 3), end: (2, 3), text: "\n\n"),
      ], to: Self.text)
    #expect(document.text == "a😀X\nY\nend\n\n")
    #expect(document.lineStarts == TextDocument(text: document.text).lineStarts)
  }

  @Test func randomEditsMatchAFreshlyBuiltDocument() {
    // A fixed-seed sequence of random edits; after each, the incremental line table must equal a rebuilt one.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(max(bound, 1)))
    }
    let pieces = ["", "a", "\n", "é", "😀", "漢\n字", "\r\n", "line\nline\n", "🎉🎉"]
    var document = TextDocument(text: Self.text)
    var reference = Array(Self.text.unicodeScalars)
    for _ in 0..<500 {
      let startLine = next(document.lineCount + 1)
      let endLine = startLine + next(2)
      let start = document.utf8Offset(line: startLine, column: next(8), unit: .utf16)
      let end = max(start, document.utf8Offset(line: endLine, column: next(8), unit: .utf16))
      let piece = pieces[next(pieces.count)]
      document.replace(utf8Range: start..<end, with: piece.utf8)
      // Mirror the edit on scalars to check the bytes too.
      let prefix = String(decoding: Array(String(String.UnicodeScalarView(reference)).utf8)[..<start], as: UTF8.self)
      let suffixStart = Array(String(String.UnicodeScalarView(reference)).utf8)[end...]
      reference = Array((prefix + piece + String(decoding: suffixStart, as: UTF8.self)).unicodeScalars)
      #expect(document.lineStarts == TextDocument(text: document.text).lineStarts)
    }
    #expect(document.text == String(String.UnicodeScalarView(reference)))
  }
}
