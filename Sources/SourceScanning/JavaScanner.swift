/// Java: `class`, `interface`, `enum`, `record` and `@interface` types, methods and constructors by shape
/// (`Type name(…) {` or, in interfaces and abstract classes, `…;`). Annotations (`@Override`,
/// `@SuppressWarnings("x")`) belong to the declaration; Javadoc above is its documentation.
extension BraceScanner {
  func classifyJava(_ statement: ClosedRange<Int>, context: Context) -> Found? {
    let limit = statement.upperBound + 1
    let signatureStart = attributesEnd(from: statement.lowerBound, limit: limit)
    let keyword = skipPrefix(from: statement.lowerBound, limit: limit)
    guard keyword <= statement.upperBound else { return nil }
    if view.isPunct(keyword, UInt8(ascii: "@")), view.isWord(keyword + 1, "interface") {
      return namedDeclaration(
        statement, keywordAt: keyword + 1, signatureStart: signatureStart, kind: .interface, stopAtEquals: false)
    }
    let kinds: [String: SymbolKind] = ["class": .class, "interface": .interface, "enum": .enum, "record": .record]
    if let kind = kinds[view.word(keyword)], view.isIdentifier(keyword + 1) {
      return namedDeclaration(statement, keywordAt: keyword, signatureStart: signatureStart, kind: kind, stopAtEquals: false)
    }
    guard context.isInType else { return nil }
    return functionShape(statement, from: keyword, signatureStart: signatureStart, context: context, allowsPrototypes: true)
  }
}
