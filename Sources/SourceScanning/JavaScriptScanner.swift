/// JavaScript and TypeScript: `function` (also `async`, generators, `export default`), `class` with its methods,
/// accessors, constructors and arrow-function fields, `const`/`let`/`var` bound to arrow functions or function
/// expressions, other file-level `const`s, and TypeScript `interface`, `type`, `enum` and `namespace`/`module`.
/// Decorators (`@Component({…})`) belong to the declaration.
extension BraceScanner {
  func classifyScript(_ statement: ClosedRange<Int>, context: Context) -> Found? {
    let limit = statement.upperBound + 1
    let signatureStart = attributesEnd(from: statement.lowerBound, limit: limit)
    let keyword = skipPrefix(from: statement.lowerBound, limit: limit)
    guard keyword <= statement.upperBound else { return nil }
    if context.containerKind == .class || context.containerKind == .interface {
      return classifyScriptMember(statement, at: keyword, signatureStart: signatureStart)
    }
    guard view.isIdentifier(keyword) else { return nil }
    switch view.word(keyword) {
    case "function":
      var cursor = keyword + 1
      if view.isPunct(cursor, UInt8(ascii: "*")) { cursor += 1 }
      let name = view.isIdentifier(cursor) ? view.word(cursor) : "default"
      let body = bodyBrace(in: statement, after: cursor, stopAtEquals: false)
      return Found(
        name: name, kind: .function, signatureStart: signatureStart, headerEnd: headerEnd(statement, body: body),
        body: body)
    case "class", "interface":
      let kind: SymbolKind = view.word(keyword) == "class" ? .class : .interface
      let name = view.isIdentifier(keyword + 1) && !view.isWord(keyword + 1, "extends") ? view.word(keyword + 1) : "default"
      let body = bodyBrace(in: statement, after: keyword + 1, stopAtEquals: false)
      return Found(
        name: name, kind: kind, signatureStart: signatureStart, headerEnd: headerEnd(statement, body: body), body: body)
    case "enum":
      return namedDeclaration(statement, keywordAt: keyword, signatureStart: signatureStart, kind: .enum)
    case "namespace", "module":
      guard view.isIdentifier(keyword + 1) || view.tokens[min(keyword + 1, view.count - 1)].kind == .string else {
        return nil
      }
      let path = typePath(at: keyword + 1, limit: limit)
      let name =
        path.components.isEmpty
        ? String(view.word(keyword + 1).dropFirst().dropLast()) : path.components.joined(separator: ".")
      let body = bodyBrace(in: statement, after: keyword + 1)
      return Found(
        name: name, kind: .namespace, signatureStart: signatureStart, headerEnd: headerEnd(statement, body: body),
        body: body, memberPath: context.path + (path.components.isEmpty ? [name] : path.components))
    case "type":
      guard view.isIdentifier(keyword + 1), view.isPunct(keyword + 2, in: "=<") else { return nil }
      return Found(
        name: view.word(keyword + 1), kind: .typeAlias, signatureStart: signatureStart,
        headerEnd: firstLineEnd(statement), lastToken: statement.upperBound)
    case "const", "let", "var":
      return classifyScriptBinding(statement, at: keyword, signatureStart: signatureStart, context: context)
    default:
      return nil
    }
  }

  /// `const name = (…) => {…}`, `const name = function (…) {…}`, or a file-level constant.
  private func classifyScriptBinding(
    _ statement: ClosedRange<Int>, at keyword: Int, signatureStart: Int, context: Context
  ) -> Found? {
    // The name must lie in the statement (a `const` ending it would otherwise give a reversed range below).
    guard view.isIdentifier(keyword + 1), keyword + 1 <= statement.upperBound else { return nil }
    let limit = statement.upperBound + 1
    guard let equals = view.firstTopLevel(UInt8(ascii: "="), in: (keyword + 2)..<limit), !view.isPunct(equals + 1, UInt8(ascii: "=")) else {
      return nil
    }
    let name = view.word(keyword + 1)
    var value = equals + 1
    if view.isWord(value, "async") { value += 1 }
    if view.isWord(value, "function") {
      let body = bodyBrace(in: statement, after: value + 1, stopAtEquals: false)
      return Found(
        name: name, kind: .function, signatureStart: signatureStart, headerEnd: headerEnd(statement, body: body),
        body: body, lastToken: statement.upperBound)
    }
    if let arrow = arrowIndex(in: value..<limit) {
      let body = view.isPunct(arrow + 2, UInt8(ascii: "{")) ? arrow + 2 : nil
      return Found(
        name: name, kind: .function, signatureStart: signatureStart, headerEnd: body.map { $0 - 1 } ?? arrow + 1,
        body: body, lastToken: statement.upperBound)
    }
    guard context.isTopLevel, view.isWord(keyword, "const"), !view.isWord(value, "require"), !view.isWord(value, "await")
    else { return nil }
    return Found(
      name: name, kind: .constant, signatureStart: signatureStart, headerEnd: firstLineEnd(statement),
      lastToken: statement.upperBound)
  }

  /// The `=` of the first top-level `=>` in `range`, if the range starts like an arrow function.
  private func arrowIndex(in range: Range<Int>) -> Int? {
    var index = range.lowerBound
    guard view.isPunct(index, in: "(<") || view.isIdentifier(index) else { return nil }
    var steps = 0
    while index < range.upperBound, steps < 4 {
      if view.isPunct(index, UInt8(ascii: "=")), view.isPunct(index + 1, UInt8(ascii: ">")), view.areAdjacent(index, index + 1) {
        return index
      }
      if view.isPunct(index, in: "(<") {
        index = view.skipGroup(at: index, limit: range.upperBound)
      } else if view.isPunct(index, UInt8(ascii: ":")) {
        // A return type annotation: skip to the arrow.
        index += 1
        while index < range.upperBound, !(view.isPunct(index, UInt8(ascii: "=")) && view.isPunct(index + 1, UInt8(ascii: ">"))),
          !view.isPunct(index, in: "{;")
        {
          index = view.isPunct(index, in: "(<[") ? view.skipGroup(at: index, limit: range.upperBound) : index + 1
        }
      } else {
        index += 1
      }
      steps += 1
    }
    return nil
  }

  /// A class or interface member: method, accessor, constructor, or a field holding an arrow function.
  private func classifyScriptMember(_ statement: ClosedRange<Int>, at start: Int, signatureStart: Int) -> Found? {
    var nameIndex = start
    if view.isPunct(nameIndex, UInt8(ascii: "*")) { nameIndex += 1 }
    // A generator star ending the file (or the statement) names nothing.
    guard nameIndex <= statement.upperBound, nameIndex < view.tokens.count else { return nil }
    var name = view.word(nameIndex)
    if view.isPunct(nameIndex, UInt8(ascii: "#")), view.isIdentifier(nameIndex + 1) {
      nameIndex += 1
      name = "#" + view.word(nameIndex)
    } else if view.tokens[nameIndex].kind == .string {
      name = String(name.dropFirst().dropLast())
    } else if !view.isIdentifier(nameIndex) {
      return nil
    }
    var next = nameIndex + 1
    if view.isPunct(next, in: "?!") { next += 1 }
    if view.isPunct(next, in: "(<") {
      let body = bodyBrace(in: statement, after: next, stopAtEquals: false)
      return Found(
        name: name, kind: name == "constructor" ? .initializer : .method, signatureStart: signatureStart,
        headerEnd: headerEnd(statement, body: body), body: body)
    }
    if view.isPunct(next, in: "=:"), next <= statement.upperBound,
      let equals = view.firstTopLevel(UInt8(ascii: "="), in: next..<(statement.upperBound + 1))
    {
      var value = equals + 1
      if view.isWord(value, "async") { value += 1 }
      if let arrow = arrowIndex(in: value..<(statement.upperBound + 1)) {
        let body = view.isPunct(arrow + 2, UInt8(ascii: "{")) ? arrow + 2 : nil
        return Found(
          name: name, kind: .method, signatureStart: signatureStart, headerEnd: body.map { $0 - 1 } ?? arrow + 1,
          body: body, lastToken: statement.upperBound)
      }
    }
    return nil
  }
}
