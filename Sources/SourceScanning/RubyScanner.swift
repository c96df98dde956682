/// Ruby: `module`, `class` (`class Foo::Bar < Base`), `def` (`def self.name`, operators, setters), closed by
/// `end`. Blocks opened by `do`, `begin`, `case`, and statement-form `if`/`unless`/`while`/`until`/`for` are
/// tracked so their `end`s match; modifier forms (`x if y`) and endless methods (`def f = 1`) open nothing.
/// Documentation is the `#` comments (or `=begin` block) directly above.
struct RubyScanner {
  static let maxDepth = 64
  /// How many tokens a header or its modifiers may span on one line (keeps one-line files linear).
  static let maxLookaround = 64

  private struct Open {
    var declaration: Int?
    var path: [String]
    var isType: Bool
    var loopLine: Int?
  }

  let view: CodeView
  private(set) var declarations: [Declaration] = []

  init(view: CodeView) {
    self.view = view
  }

  mutating func scan() {
    var stack: [Open] = []
    var index = 0
    let count = view.count
    while index < count {
      defer { index += 1 }
      guard view.isIdentifier(index), !isMethodOrKey(index) else { continue }
      let word = view.word(index)
      let path = stack.last?.path ?? []
      switch word {
      case "end":
        if let top = stack.popLast(), let declaration = top.declaration {
          let range = declarations[declaration].lineRange
          declarations[declaration].lineRange = range.lowerBound...max(range.upperBound, view.tokens[index].endLine)
        }
      case "class", "module":
        if view.isPunct(index + 1, UInt8(ascii: "<")) {  // `class << self`
          push(&stack, Open(declaration: nil, path: path, isType: true))
          continue
        }
        var components: [String] = []
        var cursor = index + 1
        while view.isIdentifier(cursor) {
          components.append(view.word(cursor))
          cursor += 1
          guard view.isPunct(cursor, UInt8(ascii: ":")), view.isPunct(cursor + 1, UInt8(ascii: ":")) else { break }
          cursor += 2
        }
        guard let name = components.last, stack.count < RubyScanner.maxDepth else {
          push(&stack, Open(declaration: nil, path: path, isType: true))
          continue
        }
        let qualifier = Array(components.dropLast())
        let container = path + qualifier
        let declaration = add(
          name: name, kind: word == "class" ? .class : .module, container: container, keyword: index,
          headerEnd: lineEnd(from: index))
        push(&stack, Open(declaration: declaration, path: container + [name], isType: true))
      case "def":
        var cursor = index + 1
        var name = ""
        var isSingleton = false
        if view.isWord(cursor, "self"), view.isPunct(cursor + 1, UInt8(ascii: ".")) {
          cursor += 2
          isSingleton = true
        }
        if view.isIdentifier(cursor) {
          name = view.word(cursor)
          cursor += 1
          if view.isPunct(cursor, in: "=?!"), view.areAdjacent(cursor - 1, cursor), view.isPunct(cursor + 1, UInt8(ascii: "(")) || view.word(cursor) != "=" {
            name += view.word(cursor)
            cursor += 1
          }
        } else {
          while cursor < count, view.tokens[cursor].kind == .punctuation, !view.isPunct(cursor, UInt8(ascii: "(")),
            view.tokens[cursor].line == view.tokens[index].line, name.count < 4
          {
            name += view.word(cursor)
            cursor += 1
          }
        }
        guard !name.isEmpty else { continue }
        if view.isPunct(cursor, UInt8(ascii: "(")) { cursor = view.skipGroup(at: cursor, limit: count) }
        let isEndless = view.isPunct(cursor, UInt8(ascii: "=")) && view.tokens[cursor].line == view.tokens[index].line
        let inType = stack.last?.isType ?? false
        let kind: SymbolKind =
          name == "initialize" ? .initializer : (inType || isSingleton) ? .method : .function
        let declaration = add(
          name: name, kind: kind, container: path, keyword: index, headerEnd: isEndless ? cursor - 1 : lineEnd(from: index))
        if isEndless {
          let last = lineEnd(from: index)
          declarations[declaration].lineRange = declarations[declaration].lineRange.lowerBound...view.tokens[last].endLine
        } else {
          push(&stack, Open(declaration: declaration, path: path, isType: false))
        }
      case "do":
        if let top = stack.last, let loopLine = top.loopLine, loopLine == view.tokens[index].line { continue }
        push(&stack, Open(declaration: nil, path: path, isType: false))
      case "begin", "case":
        push(&stack, Open(declaration: nil, path: path, isType: false))
      case "if", "unless", "while", "until", "for":
        guard startsStatement(index) else { continue }
        let isLoop = word == "while" || word == "until" || word == "for"
        push(&stack, Open(declaration: nil, path: path, isType: false, loopLine: isLoop ? view.tokens[index].line : nil))
      default:
        continue
      }
    }
    let lastLine = view.tokens.last?.endLine ?? 0
    for open in stack {
      if let declaration = open.declaration {
        declarations[declaration].lineRange = declarations[declaration].lineRange.lowerBound...lastLine
      }
    }
  }

  private mutating func push(_ stack: inout [Open], _ open: Open) {
    if stack.count < RubyScanner.maxDepth {
      stack.append(open)
    } else if let top = stack.popLast() {
      // Keep the count of `end`s right without growing: fold into the innermost open block.
      stack.append(top)
    }
  }

  private mutating func add(name: String, kind: SymbolKind, container: [String], keyword: Int, headerEnd: Int) -> Int {
    var start = keyword
    while start > 0, keyword - start < RubyScanner.maxLookaround, view.tokens[start - 1].line == view.tokens[keyword].line,
      !view.isPunct(start - 1, UInt8(ascii: ";"))
    {
      start -= 1  // `private def foo`, `protected def bar`.
    }
    let doc = view.documentation(before: start, style: .standard)
    declarations.append(
      Declaration(
        name: name, kind: kind, container: container.isEmpty ? nil : container.joined(separator: "."),
        signature: view.signature(from: keyword, through: headerEnd), documentation: doc?.text,
        lineRange: view.tokens[start].line...view.tokens[headerEnd].endLine, documentationLineRange: doc?.lines))
    return declarations.count - 1
  }

  /// The last token on the same line as `index` (stopping at `;`).
  private func lineEnd(from index: Int) -> Int {
    var cursor = index
    while cursor + 1 < view.count, cursor - index < RubyScanner.maxLookaround,
      view.tokens[cursor + 1].line == view.tokens[index].endLine,
      !view.isPunct(cursor + 1, UInt8(ascii: ";"))
    {
      cursor += 1
    }
    return cursor
  }

  /// `foo.end`, `:end`, `end:` and `obj.class` are not keywords.
  private func isMethodOrKey(_ index: Int) -> Bool {
    if view.isPunct(index - 1, UInt8(ascii: ".")), !view.isPunct(index - 2, UInt8(ascii: ".")) { return true }
    if view.isPunct(index - 1, UInt8(ascii: ":")), view.areAdjacent(index - 1, index), !view.isPunct(index - 2, UInt8(ascii: ":")) {
      return true
    }
    if view.isPunct(index + 1, UInt8(ascii: ":")), view.areAdjacent(index, index + 1), !view.isPunct(index + 2, UInt8(ascii: ":")) {
      return true
    }
    return false
  }

  /// Whether `if`/`while`… at `index` begins a statement (so it opens a block) rather than modifying one.
  private func startsStatement(_ index: Int) -> Bool {
    guard index > 0 else { return true }
    let previous = view.tokens[index - 1]
    if previous.endLine < view.tokens[index].line { return !view.isPunct(index - 1, UInt8(ascii: "\\")) }
    if previous.kind == .punctuation { return !view.isPunct(index - 1, in: ")]}") }
    return ["then", "do", "else", "begin"].contains(view.word(index - 1))
  }
}
