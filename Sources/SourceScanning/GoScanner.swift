/// Go: `func` (methods take their receiver's type as container: `func (s *Server[T]) Run()` is `Server.Run`),
/// `type` (struct, interface, aliases and named types), interface methods, and single `const`/`var` declarations
/// at file level. Doc comments are the `//` lines directly above, as `go doc` reads them.
extension BraceScanner {
  func classifyGo(_ statement: ClosedRange<Int>, context: Context) -> Found? {
    let limit = statement.upperBound + 1
    let start = statement.lowerBound
    if context.containerKind == .interface {
      guard view.isIdentifier(start), view.isPunct(start + 1, UInt8(ascii: "(")) else { return nil }
      return Found(name: view.word(start), kind: .method, signatureStart: start, headerEnd: headerEnd(statement, body: nil))
    }
    guard context.isTopLevel, view.isIdentifier(start) else { return nil }
    switch view.word(start) {
    case "func":
      var cursor = start + 1
      var receiver: [String] = []
      if view.isPunct(cursor, UInt8(ascii: "(")) {
        let close = view.skipGroup(at: cursor, limit: limit)
        var index = cursor + 1
        var typeName: String?
        while index < close - 1 {
          if view.isPunct(index, UInt8(ascii: "[")) {
            index = view.skipGroup(at: index, limit: close)
            continue
          }
          if view.isIdentifier(index) { typeName = view.word(index) }
          index += 1
        }
        if let typeName { receiver = [typeName] }
        cursor = close
      }
      guard view.isIdentifier(cursor) else { return nil }
      let body = bodyBrace(in: statement, after: cursor + 1, stopAtEquals: false)
      return Found(
        name: view.word(cursor), kind: receiver.isEmpty ? .function : .method, signatureStart: start,
        headerEnd: headerEnd(statement, body: body), body: body, qualifier: receiver)
    case "type":
      guard view.isIdentifier(start + 1) else { return nil }
      var cursor = start + 2
      if view.isPunct(cursor, UInt8(ascii: "[")), view.isIdentifier(cursor + 1), !view.isPunct(cursor + 2, UInt8(ascii: "]")) {
        cursor = view.skipGroup(at: cursor, limit: limit)
      }
      let kind: SymbolKind =
        view.isWord(cursor, "struct") ? .struct : view.isWord(cursor, "interface") ? .interface : .typeAlias
      let body = kind == .typeAlias ? nil : bodyBrace(in: statement, after: cursor, stopAtEquals: false)
      return Found(
        name: view.word(start + 1), kind: kind, signatureStart: start, headerEnd: headerEnd(statement, body: body),
        body: body, lastToken: statement.upperBound)
    case "const", "var":
      guard view.isIdentifier(start + 1) else { return nil }
      return Found(
        name: view.word(start + 1), kind: view.word(start) == "const" ? .constant : .variable, signatureStart: start,
        headerEnd: firstLineEnd(statement), lastToken: statement.upperBound)
    default:
      return nil
    }
  }
}
