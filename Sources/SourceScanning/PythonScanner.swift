/// Python: `def`, `async def` and `class` at any indentation outside function bodies, with decorators
/// (`@property`, `@app.route("/")`), docstrings (first statement of the body, indentation removed) or, failing
/// that, the `#` comments directly above. Bodies end where indentation returns to the header's level; lines
/// joined by brackets or backslashes, and multi-line strings, count as one logical line.
struct PythonScanner {
  /// How deeply nested definitions are tracked; deeper ones are part of their parent's body.
  static let maxDepth = 64

  private struct LogicalLine {
    var first: Int
    var last: Int
  }

  private struct Open {
    var indent: Int
    var declaration: Int?  // Index into `declarations`, or nil for a skipped (nested) definition.
    var path: [String]
    var isClass: Bool
    var isFunction: Bool
    var endLine: Int
  }

  let view: CodeView
  private(set) var declarations: [Declaration] = []

  init(view: CodeView) {
    self.view = view
  }

  mutating func scan() {
    let lines = logicalLines()
    var stack: [Open] = []
    var decoratorStart: Int?
    for (lineIndex, line) in lines.enumerated() {
      let firstToken = view.tokens[line.first]
      let indent = view.text.indentation(ofLine: firstToken.line).width
      while let top = stack.last, top.indent >= indent { close(&stack) }
      if var top = stack.popLast() {
        top.endLine = max(top.endLine, view.tokens[line.last].endLine)
        stack.append(top)
      }
      if view.isPunct(line.first, UInt8(ascii: "@")) {
        if decoratorStart == nil { decoratorStart = line.first }
        continue
      }
      defer { decoratorStart = nil }
      var keyword = line.first
      if view.isWord(keyword, "async") { keyword += 1 }
      // The name must be on the same logical line: `async def` ending a line must not take the next line's word
      // (the header range below would then be empty and reversed).
      guard view.isWord(keyword, "def") || view.isWord(keyword, "class"), view.isIdentifier(keyword + 1),
        keyword + 1 <= line.last
      else { continue }
      let isClass = view.isWord(keyword, "class")
      let name = view.word(keyword + 1)
      let parent = stack.last
      let start = decoratorStart ?? line.first
      let colon = view.firstTopLevel(UInt8(ascii: ":"), in: (keyword + 2)..<(line.last + 1))
      let headerEnd = colon ?? line.last
      var open = Open(
        indent: indent, declaration: nil, path: (parent?.path ?? []) + [name], isClass: isClass, isFunction: !isClass,
        endLine: view.tokens[line.last].endLine)
      let insideFunction = parent.map { $0.isFunction || $0.declaration == nil } ?? false
      if !insideFunction, stack.count < PythonScanner.maxDepth {
        var documentation: (text: String, lines: ClosedRange<Int>)?
        if let colon, colon < line.last, view.tokens[colon + 1].kind == .string {
          documentation = docstring(at: colon + 1)
        } else if lineIndex + 1 < lines.count, view.tokens[lines[lineIndex + 1].first].kind == .string,
          lines[lineIndex + 1].first == lines[lineIndex + 1].last,
          view.text.indentation(ofLine: view.tokens[lines[lineIndex + 1].first].line).width > indent
        {
          documentation = docstring(at: lines[lineIndex + 1].first)
        }
        documentation = documentation ?? view.documentation(before: start, style: .standard)
        let kind: SymbolKind =
          isClass ? .class : parent?.isClass == true ? (name == "__init__" ? .initializer : .method) : .function
        let path = parent?.path ?? []
        declarations.append(
          Declaration(
            name: name, kind: kind, container: path.isEmpty ? nil : path.joined(separator: "."),
            signature: view.signature(from: line.first, through: headerEnd), documentation: documentation?.text,
            lineRange: view.tokens[start].line...view.tokens[line.last].endLine,
            documentationLineRange: documentation?.lines))
        open.declaration = declarations.count - 1
      }
      stack.append(open)
    }
    while !stack.isEmpty { close(&stack) }
  }

  private mutating func close(_ stack: inout [Open]) {
    guard let top = stack.popLast() else { return }
    if let index = top.declaration {
      let range = declarations[index].lineRange
      declarations[index].lineRange = range.lowerBound...max(range.upperBound, top.endLine)
    }
    if var parent = stack.popLast() {
      parent.endLine = max(parent.endLine, top.endLine)
      stack.append(parent)
    }
  }

  private func docstring(at index: Int) -> (text: String, lines: ClosedRange<Int>)? {
    let token = view.tokens[index]
    let text = DocumentationStyle.cleanDocstring(view.text.string(token.start..<token.end))
    return text.isEmpty ? nil : (text, token.line...token.endLine)
  }

  /// Groups tokens into logical lines: brackets and trailing backslashes join physical lines.
  private func logicalLines() -> [LogicalLine] {
    var lines: [LogicalLine] = []
    var depth = 0
    var first = 0
    for index in view.tokens.indices {
      if index > first {
        let previous = view.tokens[index - 1]
        if depth == 0, view.tokens[index].line > previous.endLine, !view.isPunct(index - 1, UInt8(ascii: "\\")) {
          lines.append(LogicalLine(first: first, last: index - 1))
          first = index
        }
      }
      if view.isPunct(index, in: "([{") { depth += 1 }
      if view.isPunct(index, in: ")]}") { depth = max(0, depth - 1) }
    }
    if first < view.tokens.count { lines.append(LogicalLine(first: first, last: view.tokens.count - 1)) }
    return lines
  }
}
