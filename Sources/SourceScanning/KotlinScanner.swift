/// Kotlin: `fun` (extension functions `fun Foo.bar()` get container `Foo`), `class`/`interface`/`object`
/// (including `data`, `sealed`, `enum`, `annotation` and `companion` forms), `constructor`, `typealias`, and
/// `val`/`var` properties. Annotations (`@JvmStatic`, `@file:JvmName(…)`) belong to the declaration.
extension BraceScanner {
  func classifyKotlin(_ statement: ClosedRange<Int>, context: Context) -> Found? {
    let limit = statement.upperBound + 1
    let signatureStart = attributesEnd(from: statement.lowerBound, limit: limit)
    var keyword = skipPrefix(from: statement.lowerBound, limit: limit)
    guard keyword <= statement.upperBound, view.isIdentifier(keyword) else { return nil }
    let isEnum = (signatureStart..<keyword).contains { view.isWord($0, "enum") }
    let isCompanion = (signatureStart..<keyword).contains { view.isWord($0, "companion") }
    if view.isWord(keyword, "fun"), view.isWord(keyword + 1, "interface") { keyword += 1 }
    switch view.word(keyword) {
    case "fun":
      var cursor = keyword + 1
      if view.isPunct(cursor, UInt8(ascii: "<")) { cursor = view.skipGroup(at: cursor, limit: limit) }
      let path = typePath(at: cursor, limit: limit)
      guard let name = path.components.last else { return nil }
      let body = bodyBrace(in: statement, after: path.next)
      return Found(
        name: name, kind: .function, signatureStart: signatureStart, headerEnd: headerEnd(statement, body: body),
        body: body, qualifier: Array(path.components.dropLast()), lastToken: statement.upperBound)
    case "class", "interface", "object":
      let kind: SymbolKind =
        switch view.word(keyword) {
        case "interface": .interface
        case "object": .object
        default: isEnum ? .enum : .class
        }
      if !view.isIdentifier(keyword + 1) || view.isWord(keyword + 1, "by") {
        guard isCompanion || kind == .object else { return nil }
        let body = bodyBrace(in: statement, after: keyword + 1, stopAtEquals: false)
        return Found(
          name: "Companion", kind: .object, signatureStart: signatureStart,
          headerEnd: headerEnd(statement, body: body), body: body)
      }
      var found = namedDeclaration(
        statement, keywordAt: keyword, signatureStart: signatureStart, kind: kind, stopAtEquals: false)
      found?.lastToken = statement.upperBound
      return found
    case "constructor":
      let body = bodyBrace(in: statement, after: keyword + 1, stopAtEquals: false)
      return Found(
        name: "constructor", kind: .initializer, signatureStart: signatureStart,
        headerEnd: headerEnd(statement, body: body), body: body)
    case "typealias":
      return namedDeclaration(
        statement, keywordAt: keyword, signatureStart: signatureStart, kind: .typeAlias, hasBody: false)
    case "val", "var":
      var cursor = keyword + 1
      if view.isPunct(cursor, UInt8(ascii: "<")) { cursor = view.skipGroup(at: cursor, limit: limit) }
      let path = typePath(at: cursor, limit: limit)
      guard let name = path.components.last else { return nil }
      let isConst = (signatureStart..<keyword).contains { view.isWord($0, "const") }
      let kind: SymbolKind =
        context.isInType ? .property : (isConst || view.word(keyword) == "val" ? .constant : .variable)
      return Found(
        name: name, kind: kind, signatureStart: signatureStart, headerEnd: firstLineEnd(statement),
        qualifier: Array(path.components.dropLast()), lastToken: statement.upperBound)
    default:
      return nil
    }
  }
}
