/// Rust: `fn`, `struct`, `enum`, `union`, `trait`, `impl` (members of `impl Foo for Bar<T>` get container `Bar`),
/// `mod`, `type`, `const`/`static`, and `macro_rules!`. Outer attributes (`#[derive(…)]`) belong to the item;
/// `extern "C" { … }` blocks are scanned as part of their scope. `//!` inner docs never document the next item.
extension BraceScanner {
  func classifyRust(_ statement: ClosedRange<Int>, context: Context) -> Found? {
    let limit = statement.upperBound + 1
    let signatureStart = attributesEnd(from: statement.lowerBound, limit: limit)
    let keyword = skipPrefix(from: statement.lowerBound, limit: limit)
    if view.isPunct(keyword, UInt8(ascii: "{")), (signatureStart..<keyword).contains(where: { view.isWord($0, "extern") }) {
      return Found(
        name: "", kind: .namespace, signatureStart: signatureStart, headerEnd: keyword, body: keyword,
        isTransparent: true)
    }
    guard keyword <= statement.upperBound, view.isIdentifier(keyword) else { return nil }
    switch view.word(keyword) {
    case "fn":
      guard view.isIdentifier(keyword + 1) else { return nil }
      let body = bodyBrace(in: statement, after: keyword + 2, stopAtEquals: false)
      return Found(
        name: view.word(keyword + 1), kind: .function, signatureStart: signatureStart,
        headerEnd: headerEnd(statement, body: body), body: body)
    case "struct", "enum", "trait", "union":
      if view.word(keyword) == "union", !(view.isIdentifier(keyword + 1) && view.isPunct(keyword + 2, in: "{<")) {
        return nil
      }
      let kinds: [String: SymbolKind] = ["struct": .struct, "enum": .enum, "trait": .trait, "union": .union]
      var found = namedDeclaration(
        statement, keywordAt: keyword, signatureStart: signatureStart, kind: kinds[view.word(keyword)] ?? .struct,
        stopAtEquals: false)
      found?.lastToken = statement.upperBound
      return found
    case "impl":
      var cursor = keyword + 1
      if view.isPunct(cursor, UInt8(ascii: "<")) { cursor = view.skipGroup(at: cursor, limit: limit) }
      let body = bodyBrace(in: statement, after: cursor, stopAtEquals: false)
      let headerLimit = body ?? limit
      var target = cursor
      var index = cursor
      while index < headerLimit {
        if view.isWord(index, "for") { target = index + 1 }
        if view.isWord(index, "where") { break }
        index = view.isPunct(index, in: "<(") ? view.skipGroup(at: index, limit: headerLimit) : index + 1
      }
      while target < headerLimit, view.isPunct(target, in: "&*") || view.isWord(target, "mut") || view.isWord(target, "dyn")
        || view.tokens[target].kind == .lifetime
      {
        target += 1
      }
      let path = typePath(at: target, limit: headerLimit, separator: "::")
      guard let name = path.components.last else { return nil }
      return Found(
        name: name, kind: .extension, signatureStart: signatureStart, headerEnd: headerEnd(statement, body: body),
        body: body, memberPath: context.path + [name])
    case "mod":
      return namedDeclaration(statement, keywordAt: keyword, signatureStart: signatureStart, kind: .module)
    case "type":
      return namedDeclaration(
        statement, keywordAt: keyword, signatureStart: signatureStart, kind: .typeAlias, hasBody: false)
    case "const", "static":
      var nameIndex = keyword + 1
      if view.isWord(nameIndex, "mut") { nameIndex += 1 }
      guard view.isIdentifier(nameIndex), !view.isWord(nameIndex, "_") else { return nil }
      return Found(
        name: view.word(nameIndex), kind: .constant, signatureStart: signatureStart,
        headerEnd: firstLineEnd(statement), lastToken: statement.upperBound)
    case "macro_rules":
      guard view.isPunct(keyword + 1, UInt8(ascii: "!")), view.isIdentifier(keyword + 2) else { return nil }
      let body = bodyBrace(in: statement, after: keyword + 3, stopAtEquals: false)
      return Found(
        name: view.word(keyword + 2), kind: .macro, signatureStart: signatureStart,
        headerEnd: headerEnd(statement, body: body), body: body, lastToken: statement.upperBound)
    default:
      return nil
    }
  }
}
