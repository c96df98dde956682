/// Shell (sh, bash, zsh): functions declared as `name() {`, `function name {` or `function name() {`, with the
/// `#` comments directly above as documentation. Quoting, `$(…)`, `${…}`, backticks and heredocs are skipped by
/// the lexer, so braces inside them never end a body.
struct ShellScanner {
  let view: CodeView
  private(set) var declarations: [Declaration] = []

  init(view: CodeView) {
    self.view = view
  }

  mutating func scan() {
    var index = 0
    while index < view.count {
      guard startsCommand(index), view.isIdentifier(index) else {
        index += 1
        continue
      }
      var nameIndex = index
      var cursor = index + 1
      if view.isWord(index, "function"), view.isIdentifier(index + 1) {
        nameIndex = index + 1
        cursor = index + 2
        if view.isPunct(cursor, UInt8(ascii: "(")), view.isPunct(cursor + 1, UInt8(ascii: ")")) { cursor += 2 }
      } else if view.isPunct(cursor, UInt8(ascii: "(")), view.isPunct(cursor + 1, UInt8(ascii: ")")) {
        cursor += 2
      } else {
        index += 1
        continue
      }
      guard view.isPunct(cursor, UInt8(ascii: "{")) else {
        index = cursor
        continue
      }
      let close = min(view.braceMatch[cursor], view.count - 1)
      let doc = view.documentation(before: index, style: .standard)
      declarations.append(
        Declaration(
          name: view.word(nameIndex), kind: .function, signature: view.signature(from: index, through: cursor - 1),
          documentation: doc?.text, lineRange: view.tokens[index].line...view.tokens[close].endLine,
          documentationLineRange: doc?.lines))
      index = close + 1
    }
  }

  private func startsCommand(_ index: Int) -> Bool {
    guard index > 0 else { return true }
    return view.tokens[index - 1].endLine < view.tokens[index].line || view.isPunct(index - 1, in: ";&|")
  }
}
