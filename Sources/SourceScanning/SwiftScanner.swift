/// Swift: `func`, `init`, `deinit`, `subscript`, types (`class`, `struct`, `enum`, `protocol`, `actor`),
/// `extension` (members get the extended type's path), `typealias`/`associatedtype`, `macro`, and `var`/`let`
/// (properties in types, constants and variables at file level). Attributes such as `@objc` and
/// `@available(…)` and modifiers such as `public` or `class` (before `func`) are part of the declaration.
extension BraceScanner {
  func classifySwift(_ statement: ClosedRange<Int>, context: Context) -> Found? {
    let limit = statement.upperBound + 1
    let signatureStart = attributesEnd(from: statement.lowerBound, limit: limit)
    let keyword = skipPrefix(from: statement.lowerBound, limit: limit)
    guard keyword <= statement.upperBound, view.isIdentifier(keyword) else { return nil }
    switch view.word(keyword) {
    case "func":
      var name = view.isIdentifier(keyword + 1) ? view.name(keyword + 1) : ""
      var cursor = keyword + 1
      while name.isEmpty || cursor > keyword + 1, cursor <= statement.upperBound,
        view.tokens[cursor].kind == .punctuation, !view.isPunct(cursor, in: "(<{")
      {
        name += view.word(cursor)  // operator functions: `static func == (…)`
        cursor += 1
      }
      guard !name.isEmpty else { return nil }
      let body = bodyBrace(in: statement, after: keyword + 1, stopAtEquals: false)
      return Found(
        name: name, kind: .function, signatureStart: signatureStart, headerEnd: headerEnd(statement, body: body),
        body: body)
    case "init", "deinit", "subscript":
      let body = bodyBrace(in: statement, after: keyword + 1, stopAtEquals: false)
      let kind: SymbolKind = view.word(keyword) == "init" ? .initializer : .method
      return Found(
        name: view.word(keyword), kind: kind, signatureStart: signatureStart,
        headerEnd: headerEnd(statement, body: body), body: body)
    case "class", "struct", "enum", "protocol", "actor":
      let kinds: [String: SymbolKind] = [
        "class": .class, "struct": .struct, "enum": .enum, "protocol": .protocol, "actor": .actor,
      ]
      return namedDeclaration(
        statement, keywordAt: keyword, signatureStart: signatureStart, kind: kinds[view.word(keyword)] ?? .class,
        stopAtEquals: false)
    case "extension":
      let path = typePath(at: keyword + 1, limit: limit)
      guard !path.components.isEmpty else { return nil }
      let body = bodyBrace(in: statement, after: path.next, stopAtEquals: false)
      return Found(
        name: path.components.joined(separator: "."), kind: .extension, signatureStart: signatureStart,
        headerEnd: headerEnd(statement, body: body), body: body, memberPath: context.path + path.components)
    case "typealias", "associatedtype":
      return namedDeclaration(
        statement, keywordAt: keyword, signatureStart: signatureStart, kind: .typeAlias, hasBody: false)
    case "macro":
      return namedDeclaration(statement, keywordAt: keyword, signatureStart: signatureStart, kind: .macro, hasBody: false)
    case "var", "let":
      guard view.isIdentifier(keyword + 1) else { return nil }
      let kind: SymbolKind =
        context.isInType ? .property : (view.word(keyword) == "let" ? .constant : .variable)
      var found = namedDeclaration(statement, keywordAt: keyword, signatureStart: signatureStart, kind: kind)
      found?.lastToken = statement.upperBound
      if found?.body == nil { found?.headerEnd = firstLineEnd(statement) }
      return found
    default:
      return nil
    }
  }

  /// The last token of the statement that is on the statement's first line (a short header for long initializers).
  func firstLineEnd(_ statement: ClosedRange<Int>) -> Int {
    let line = view.tokens[statement.lowerBound].line
    var index = statement.lowerBound
    while index < statement.upperBound, view.tokens[index + 1].line == line, !view.isPunct(index + 1, UInt8(ascii: ";")) {
      index += 1
    }
    return index
  }
}
