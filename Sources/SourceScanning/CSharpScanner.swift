/// C#: `namespace` (block and file-scoped), `class`, `struct`, `interface`, `enum`, `record` (also
/// `record struct`), `delegate`, methods and constructors by shape, expression-bodied members, and properties
/// (`int X { get; set; }`, `int X => …;`). Attributes (`[Obsolete("…")]`) belong to the declaration; `///` XML
/// docs above are its documentation (tags are kept as written).
extension BraceScanner {
  func classifyCSharp(_ statement: ClosedRange<Int>, context: Context) -> Found? {
    let limit = statement.upperBound + 1
    let signatureStart = attributesEnd(from: statement.lowerBound, limit: limit)
    let keyword = skipPrefix(from: statement.lowerBound, limit: limit)
    guard keyword <= statement.upperBound else { return nil }
    switch view.word(keyword) {
    case "namespace":
      let path = typePath(at: keyword + 1, limit: limit)
      guard !path.components.isEmpty else { return nil }
      let name = path.components.joined(separator: ".")
      if let body = bodyBrace(in: statement, after: path.next) {
        return Found(
          name: name, kind: .namespace, signatureStart: signatureStart, headerEnd: body - 1, body: body,
          memberPath: context.path + path.components)
      }
      // File-scoped: everything after the `;` up to the end of the enclosing block.
      let members = limit..<max(limit, context.limit)
      return Found(
        name: name, kind: .namespace, signatureStart: signatureStart, headerEnd: headerEnd(statement, body: nil),
        memberPath: context.path + path.components, memberRange: members, lastToken: max(statement.upperBound, context.limit - 1))
    case "class", "struct", "interface", "enum", "record":
      var nameKeyword = keyword
      var kind: SymbolKind = [
        "class": .class, "struct": .struct, "interface": .interface, "enum": .enum, "record": .record,
      ][view.word(keyword)] ?? .class
      if kind == .record, view.isWord(keyword + 1, "struct") || view.isWord(keyword + 1, "class") {
        nameKeyword += 1
        if view.isWord(nameKeyword, "struct") { kind = .struct }
      }
      return namedDeclaration(
        statement, keywordAt: nameKeyword, signatureStart: signatureStart, kind: kind, stopAtEquals: false)
    case "delegate":
      guard let paren = view.firstTopLevel(UInt8(ascii: "("), in: keyword..<limit, angles: true),
        view.isIdentifier(paren - 1)
      else { return nil }
      return Found(
        name: view.word(paren - 1), kind: .typeAlias, signatureStart: signatureStart,
        headerEnd: headerEnd(statement, body: nil))
    case "event", "using", "return", "if", "for", "foreach", "while", "switch", "lock", "fixed":
      return nil
    default:
      break
    }
    guard context.isInType else { return nil }
    if let function = functionShape(
      statement, from: keyword, signatureStart: signatureStart, context: context, allowsPrototypes: true)
    {
      return function
    }
    // Properties: `Type Name { get; set; }` or `Type Name => expression;`.
    var index = keyword
    while index <= statement.upperBound {
      if view.isPunct(index, UInt8(ascii: "{")), view.isIdentifier(index - 1), index - 1 > keyword {
        return Found(
          name: view.word(index - 1), kind: .property, signatureStart: signatureStart, headerEnd: index - 1,
          body: index, lastToken: statement.upperBound)
      }
      if view.isPunct(index, UInt8(ascii: "=")) {
        if view.isPunct(index + 1, UInt8(ascii: ">")), view.isIdentifier(index - 1), index - 1 > keyword {
          return Found(
            name: view.word(index - 1), kind: .property, signatureStart: signatureStart, headerEnd: index - 1,
            lastToken: statement.upperBound)
        }
        return nil
      }
      if view.isPunct(index, in: ";(") { return nil }
      index = view.isPunct(index, in: "<[") ? view.skipGroup(at: index, limit: limit) : index + 1
    }
    return nil
  }
}
