/// Turns declarations (or document sections) into chunks that cover every line of a file.
///
/// Units follow declaration boundaries: a unit per top-level declaration (doc comment included); a type
/// longer than `maxLines` becomes a header unit (its first lines up to the first member), a unit per member
/// and units for the code between members; code between declarations forms its own units. Consecutive units
/// are merged while one of them is shorter than `minLines` and the result fits `maxLines` and `maxBytes`.
/// Any unit still too long is cut into windows of at most `maxLines` lines and `maxBytes` bytes that overlap by
/// `overlapLines`.
struct Chunker {
  /// How deeply declaration trees are split into member units.
  static let maxDepth = 16

  struct Unit {
    var range: ClosedRange<Int>
    var declaration: Declaration?
    var container: String?
    var headingPath: [String] = []
    var headingKind: Bool = false
    var title: String? = nil
  }

  private final class Node {
    let declaration: Declaration
    let range: ClosedRange<Int>
    var children: [Node] = []
    init(_ declaration: Declaration) {
      self.declaration = declaration
      range = declaration.fullLineRange
    }
  }

  let text: SourceText
  let options: ChunkingOptions
  private let lineBytes: [Int]
  private(set) var diagnostics: [String] = []

  init(text: SourceText, options: ChunkingOptions) {
    self.text = text
    self.options = options.clamped
    lineBytes = (0..<text.lineCount).map { text.byteRange(ofLine: $0).count + 1 }
  }

  // MARK: Units

  /// Units for code: declarations and the code between them.
  func codeUnits(_ declarations: [Declaration]) -> [Unit] {
    let sorted = declarations.sorted {
      ($0.fullLineRange.lowerBound, -$0.fullLineRange.upperBound) < ($1.fullLineRange.lowerBound, -$1.fullLineRange.upperBound)
    }
    var roots: [Node] = []
    var stack: [Node] = []
    for declaration in sorted where declaration.fullLineRange.upperBound < text.lineCount {
      let node = Node(declaration)
      while let top = stack.last, !(top.range.lowerBound <= node.range.lowerBound && node.range.upperBound <= top.range.upperBound) {
        stack.removeLast()
      }
      if let parent = stack.last { parent.children.append(node) } else { roots.append(node) }
      if stack.count < Chunker.maxDepth { stack.append(node) }
    }
    guard text.lineCount > 0 else { return [] }
    var units: [Unit] = []
    appendUnits(for: roots, in: 0...(text.lineCount - 1), container: nil, into: &units)
    return units
  }

  private func appendUnits(for nodes: [Node], in range: ClosedRange<Int>, container: String?, into units: inout [Unit]) {
    var cursor = range.lowerBound
    for node in nodes {
      let lower = max(cursor, node.range.lowerBound)
      let upper = min(range.upperBound, node.range.upperBound)
      guard lower <= upper else { continue }
      if lower > cursor { units.append(Unit(range: cursor...(lower - 1), declaration: nil, container: container)) }
      let span = lower...upper
      let firstChild = node.children.first.map { max(lower, $0.range.lowerBound) }
      if span.count <= options.maxLines || node.children.isEmpty || firstChild == nil {
        units.append(Unit(range: span, declaration: node.declaration, container: node.declaration.container))
      } else if let firstChild {
        if firstChild > lower {
          units.append(Unit(range: lower...(firstChild - 1), declaration: node.declaration, container: node.declaration.container))
        }
        if firstChild <= upper {
          appendUnits(
            for: node.children, in: firstChild...upper, container: node.declaration.qualifiedName, into: &units)
        }
      }
      cursor = upper + 1
    }
    if cursor <= range.upperBound { units.append(Unit(range: cursor...range.upperBound, declaration: nil, container: container)) }
  }

  /// Units for prose: one per section (the lines before the first heading form their own unit); a section holding
  /// only its heading joins the next one.
  func sectionUnits(_ sections: [Section]) -> [Unit] {
    guard text.lineCount > 0 else { return [] }
    var units: [Unit] = []
    var first = 0
    if let start = sections.first?.headingLine, start > 0 {
      units.append(Unit(range: 0...(start - 1)))
      first = start
    }
    var pendingStart: Int?
    for (index, section) in sections.enumerated() {
      let end = index + 1 < sections.count ? sections[index + 1].headingLine - 1 : text.lineCount - 1
      guard end >= section.headingLine else { continue }
      let start = pendingStart ?? section.headingLine
      let bodyIsEmpty = (section.headingLine...end).allSatisfy { line in
        line == section.headingLine || text.isBlank(line) || isAdornmentLine(line)
      }
      if bodyIsEmpty, index + 1 < sections.count, sections[index + 1].path.starts(with: section.path) {
        pendingStart = start
        continue
      }
      pendingStart = nil
      units.append(Unit(range: start...end, headingPath: section.path, headingKind: true, title: section.title))
    }
    if sections.isEmpty { units.append(Unit(range: first...(text.lineCount - 1))) }
    return units
  }

  private func isAdornmentLine(_ line: Int) -> Bool {
    let value = text.line(line).trimmingSpaces()
    guard let first = value.utf8.first, value.utf8.count >= 2 else { return false }
    return RestructuredTextScanner.adornmentCharacters.contains(first) && value.utf8.allSatisfy { $0 == first }
  }

  // MARK: Chunks

  /// Merges small neighbours, splits long units into windows, and renders the chunks.
  mutating func chunks(from units: [Unit], merging: Bool) -> [Chunk] {
    var groups: [[Unit]] = []
    var groupLines = 0
    var groupBytes = 0
    for unit in units {
      let lines = unit.range.count
      let bytes = byteCount(unit.range)
      if merging, let last = groups.last, let lastUnit = last.last, lastUnit.range.upperBound + 1 == unit.range.lowerBound,
        groupLines < options.minLines || lines < options.minLines,
        groupLines + lines <= options.maxLines, groupBytes + bytes <= options.maxBytes
      {
        groups[groups.count - 1].append(unit)
        groupLines += lines
        groupBytes += bytes
      } else {
        groups.append([unit])
        groupLines = lines
        groupBytes = bytes
      }
    }
    var chunks: [Chunk] = []
    for group in groups {
      guard let first = group.first, let last = group.last else { continue }
      let primary = group.filter { $0.declaration != nil }.max { $0.range.count < $1.range.count } ?? first
      appendWindows(
        first.range.lowerBound...last.range.upperBound, primary: primary, fallbackContainer: first.container,
        into: &chunks)
    }
    return chunks
  }

  private mutating func appendWindows(
    _ range: ClosedRange<Int>, primary: Unit, fallbackContainer: String?, into chunks: inout [Chunk]
  ) {
    var start = range.lowerBound
    while start <= range.upperBound {
      var end = start
      var bytes = lineBytes[start]
      while end + 1 <= range.upperBound, end + 1 - start + 1 <= options.maxLines, bytes + lineBytes[end + 1] <= options.maxBytes {
        end += 1
        bytes += lineBytes[end]
      }
      let declaration = primary.declaration
      chunks.append(
        Chunk(
          lineRange: start...end, symbol: declaration?.name ?? primary.title,
          kind: declaration?.kind ?? (primary.headingKind ? .heading : nil),
          container: declaration?.container ?? primary.container ?? fallbackContainer,
          documentation: declaration?.documentation, headingPath: primary.headingPath, text: render(start...end)))
      if end >= range.upperBound { break }
      start = max(start + 1, end + 1 - options.overlapLines)
    }
  }

  private func byteCount(_ range: ClosedRange<Int>) -> Int {
    var total = 0
    for line in range { total += lineBytes[line] }
    return total
  }

  private mutating func render(_ range: ClosedRange<Int>) -> String {
    let lower = text.byteRange(ofLine: range.lowerBound).lowerBound
    var upper = text.byteRange(ofLine: range.upperBound).upperBound
    if upper - lower > options.maxBytes {
      upper = lower + options.maxBytes
      while upper > lower, upper < text.bytes.count, text.bytes[upper] & 0xC0 == 0x80 { upper -= 1 }
      if diagnostics.count < 20 { diagnostics.append("line \(range.lowerBound + 1) is longer than \(options.maxBytes) bytes; chunk text cut") }
    }
    return text.string(lower..<upper)
  }
}
