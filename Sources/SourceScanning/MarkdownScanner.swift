/// A heading of a prose document and the lines of its own section.
struct Section {
  var title: String
  var level: Int
  /// The heading's first line (the title line for setext and underlined headings, or the overline).
  var headingLine: Int
  /// The titles of enclosing headings and this one, outermost first.
  var path: [String]
}

/// Markdown: ATX (`## Title ##`) and setext (`Title` over `===` or `---`) headings, ignoring fenced code blocks
/// (```` ``` ```` and `~~~`), indented code and YAML front matter.
enum MarkdownScanner {
  /// The document's headings in order, with their heading paths.
  /// - Complexity: O(*n*) for *n* bytes.
  static func sections(in text: SourceText) -> [Section] {
    var sections: [Section] = []
    var stack: [(level: Int, title: String)] = []
    var fence: (byte: UInt8, length: Int)?
    var line = 0
    let bytes = text.bytes
    if text.lineCount > 0, text.line(0).trimmingSpaces() == "---" {
      line = 1
      while line < text.lineCount, !["---", "..."].contains(text.line(line).trimmingSpaces()) { line += 1 }
      line += 1
    }
    var previousIsParagraph = false
    while line < text.lineCount {
      let range = text.byteRange(ofLine: line)
      let indent = text.indentation(ofLine: line)
      var cursor = range.lowerBound
      while cursor < range.upperBound, bytes[cursor] == 0x20 { cursor += 1 }
      let first = cursor < range.upperBound ? bytes[cursor] : 0
      // Fenced code.
      if indent.width < 4, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") {
        var run = 0
        while cursor + run < range.upperBound, bytes[cursor + run] == first { run += 1 }
        if run >= 3 {
          if let open = fence {
            if open.byte == first, run >= open.length { fence = nil }
          } else {
            fence = (first, run)
          }
          previousIsParagraph = false
          line += 1
          continue
        }
      }
      if fence != nil || indent.isBlank || (indent.width >= 4 && !previousIsParagraph) {
        previousIsParagraph = false
        line += 1
        continue
      }
      var heading: (level: Int, title: String, line: Int)?
      if first == UInt8(ascii: "#"), indent.width < 4 {
        var level = 0
        while cursor + level < range.upperBound, bytes[cursor + level] == UInt8(ascii: "#") { level += 1 }
        let after = cursor + level
        if level <= 6, after == range.upperBound || bytes[after] == 0x20 || bytes[after] == 0x09 {
          var title = text.string(after..<range.upperBound).trimmingSpaces()
          while title.hasSuffix("#") { title.removeLast() }
          heading = (level, title.trimmingSpaces(), line)
        }
      } else if previousIsParagraph, indent.width < 4, first == UInt8(ascii: "=") || first == UInt8(ascii: "-") {
        let trimmed = text.line(line).trimmingSpaces()
        if trimmed.utf8.allSatisfy({ $0 == first }) {
          heading = (first == UInt8(ascii: "=") ? 1 : 2, text.line(line - 1).trimmingSpaces(), line - 1)
        }
      }
      if let heading {
        while let top = stack.last, top.level >= heading.level { stack.removeLast() }
        stack.append((heading.level, heading.title))
        if let last = sections.last, last.headingLine == heading.line { sections.removeLast() }
        sections.append(Section(title: heading.title, level: heading.level, headingLine: heading.line, path: stack.map(\.title)))
        previousIsParagraph = false
      } else {
        previousIsParagraph = true
      }
      line += 1
    }
    return sections
  }
}

/// reStructuredText: section titles underlined (and optionally overlined) with a repeated punctuation character;
/// levels follow the order in which underline styles first appear, as Docutils assigns them.
enum RestructuredTextScanner {
  static let adornmentCharacters = Set("=-`:.'\"~^_*+#<>".utf8)

  static func sections(in text: SourceText) -> [Section] {
    var sections: [Section] = []
    var styles: [String] = []
    var stack: [(level: Int, title: String)] = []
    var line = 0
    while line + 1 < text.lineCount {
      let title = text.line(line)
      let titleIndent = text.indentation(ofLine: line)
      guard !titleIndent.isBlank, titleIndent.width == 0, !isAdornment(title) || title.count < 3 else {
        line += 1
        continue
      }
      let underline = text.line(line + 1).trimmingTrailingSpaces()
      guard isAdornment(underline), underline.count >= min(3, title.count), let character = underline.utf8.first else {
        line += 1
        continue
      }
      let hasOverline = line > 0 && text.line(line - 1).trimmingTrailingSpaces() == underline
      let style = String(UnicodeScalar(character)) + (hasOverline ? "/over" : "")
      var level = styles.firstIndex(of: style) ?? styles.count
      if level == styles.count { styles.append(style) }
      level += 1
      let cleanTitle = title.trimmingSpaces()
      while let top = stack.last, top.level >= level { stack.removeLast() }
      stack.append((level, cleanTitle))
      sections.append(
        Section(title: cleanTitle, level: level, headingLine: hasOverline ? line - 1 : line, path: stack.map(\.title)))
      line += 2
    }
    return sections
  }

  private static func isAdornment(_ line: String) -> Bool {
    guard let first = line.utf8.first, adornmentCharacters.contains(first), line.utf8.count >= 2 else { return false }
    return line.utf8.allSatisfy { $0 == first }
  }
}

extension String {
  func trimmingSpaces() -> String {
    var slice = Substring(self)
    while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
    while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
    return String(slice)
  }

  func trimmingTrailingSpaces() -> String {
    var slice = Substring(self)
    while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
    return String(slice)
  }
}
