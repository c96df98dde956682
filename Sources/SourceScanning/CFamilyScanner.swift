/// C, C++ and Objective-C: function definitions by shape (file-level prototypes are skipped; member prototypes in
/// class bodies are kept), `struct`/`class`/`union`/`enum` (with bodies), `namespace`, `typedef`, `using X = …`,
/// `#define` macros, out-of-class definitions (`void Foo::bar()` has container `Foo`), constructors and
/// destructors, `extern "C" { … }`, and Objective-C `@interface`/`@implementation`/`@protocol … @end` with
/// `- (void)do:(int)x with:(int)y` methods (named by selector, `do:with:`) and `@property`.
extension BraceScanner {
  func classifyCFamily(_ statement: ClosedRange<Int>, context: Context) -> Found? {
    let limit = statement.upperBound + 1
    let start = statement.lowerBound
    if view.tokens[start].kind == .directive { return defineMacro(at: start) }
    if language == .objectiveC, let found = classifyObjectiveC(statement, context: context) { return found }
    let signatureStart = attributesEnd(from: start, limit: limit)
    var keyword = signatureStart
    // Leading access labels (`public:`) and storage words do not change what is declared.
    while keyword + 1 <= statement.upperBound, view.isIdentifier(keyword), view.isPunct(keyword + 1, UInt8(ascii: ":")),
      !view.isPunct(keyword + 2, UInt8(ascii: ":")),
      ["public", "private", "protected", "signals", "slots"].contains(view.word(keyword))
    {
      keyword += 2
    }
    keyword = attributesEnd(from: keyword, limit: limit)
    guard keyword <= statement.upperBound else { return nil }
    let signatureFrom = keyword
    if view.isWord(keyword, "extern"), view.tokens[min(keyword + 1, view.count - 1)].kind == .string,
      view.isPunct(keyword + 2, UInt8(ascii: "{"))
    {
      return Found(
        name: "", kind: .namespace, signatureStart: keyword, headerEnd: keyword + 1, body: keyword + 2,
        isTransparent: true)
    }
    switch view.word(keyword) {
    case "namespace":
      let path = typePath(at: keyword + 1, limit: limit, separator: "::")
      guard let body = bodyBrace(in: statement, after: path.next) else { return nil }
      if path.components.isEmpty {
        return Found(
          name: "", kind: .namespace, signatureStart: keyword, headerEnd: body - 1, body: body, isTransparent: true)
      }
      return Found(
        name: path.components.joined(separator: "."), kind: .namespace, signatureStart: signatureFrom,
        headerEnd: body - 1, body: body, memberPath: context.path + path.components)
    case "typedef":
      return typedefDeclaration(statement, at: keyword)
    case "using":
      guard view.isIdentifier(keyword + 1), view.isPunct(keyword + 2, UInt8(ascii: "=")) else { return nil }
      return Found(
        name: view.word(keyword + 1), kind: .typeAlias, signatureStart: signatureFrom,
        headerEnd: headerEnd(statement, body: nil))
    default:
      break
    }
    // Skip storage and qualifier words before a type keyword (`static struct`, `export class`).
    var typeKeyword = keyword
    while ["static", "extern", "inline", "export", "typename", "const", "volatile"].contains(view.word(typeKeyword)) {
      typeKeyword += 1
    }
    let kinds: [String: SymbolKind] = ["struct": .struct, "class": .class, "union": .union, "enum": .enum]
    if let kind = kinds[view.word(typeKeyword)] {
      var nameIndex = typeKeyword + 1
      if kind == .enum, view.isWord(nameIndex, "class") || view.isWord(nameIndex, "struct") { nameIndex += 1 }
      nameIndex = attributesEnd(from: nameIndex, limit: limit)
      let path = typePath(at: nameIndex, limit: limit, separator: "::")
      var after = path.next
      if view.isWord(after, "final") { after += 1 }
      if let name = path.components.last, view.isPunct(after, in: "{:") {
        let body = bodyBrace(in: statement, after: after, stopAtEquals: false)
        guard body != nil else { return nil }
        return Found(
          name: name, kind: kind, signatureStart: signatureFrom, headerEnd: headerEnd(statement, body: body),
          body: body, qualifier: Array(path.components.dropLast()), lastToken: statement.upperBound)
      }
      if path.components.isEmpty, view.isPunct(after, UInt8(ascii: "{")) {
        // An anonymous type: nothing to name.
        return nil
      }
    }
    return functionShape(
      statement, from: keyword, signatureStart: signatureFrom, context: context, allowsPrototypes: context.isInType)
  }

  private func defineMacro(at index: Int) -> Found? {
    let token = view.tokens[index]
    let bytes = view.text.bytes
    var cursor = token.start + 1
    func skipSpaces() { while cursor < token.end, Lexer.isSpace(bytes[cursor]) { cursor += 1 } }
    skipSpaces()
    guard bytes[cursor..<token.end].starts(with: "define".utf8) else { return nil }
    cursor += 6
    skipSpaces()
    let nameStart = cursor
    while cursor < token.end, Lexer.isIdentifierContinue(bytes[cursor]) { cursor += 1 }
    guard cursor > nameStart else { return nil }
    return Found(
      name: view.text.string(nameStart..<cursor), kind: .macro, signatureStart: index, headerEnd: index)
  }

  private func typedefDeclaration(_ statement: ClosedRange<Int>, at keyword: Int) -> Found? {
    let limit = statement.upperBound + 1
    let body = bodyBrace(in: statement, after: keyword + 1, stopAtEquals: false)
    var kind = SymbolKind.typeAlias
    if body != nil {
      kind = ["struct": .struct, "union": .union, "enum": .enum, "class": .class][view.word(keyword + 1)] ?? .typeAlias
    }
    var nameIndex: Int?
    var index = body.map { view.braceMatch[$0] + 1 } ?? keyword + 1
    while index < limit {
      if view.isIdentifier(index) { nameIndex = index }
      if view.isPunct(index, UInt8(ascii: "(")), view.isPunct(index + 1, UInt8(ascii: "*")), view.isIdentifier(index + 2) {
        nameIndex = index + 2  // Function pointer: `typedef int (*handler)(int);`
        break
      }
      if view.isPunct(index, in: ";,[(") { break }
      index += 1
    }
    guard let nameIndex else { return nil }
    return Found(
      name: view.word(nameIndex), kind: kind, signatureStart: keyword, headerEnd: headerEnd(statement, body: body),
      body: body, lastToken: statement.upperBound)
  }

  private func classifyObjectiveC(_ statement: ClosedRange<Int>, context: Context) -> Found? {
    let start = statement.lowerBound
    let limit = statement.upperBound + 1
    if view.isPunct(start, UInt8(ascii: "@")) {
      let word = view.word(start + 1)
      if ["interface", "implementation", "protocol"].contains(word) {
        guard view.isIdentifier(start + 2), !view.isPunct(start + 3, in: ";,") else { return nil }
        let isCategory = view.isPunct(start + 3, UInt8(ascii: "("))
        let kind: SymbolKind = word == "protocol" ? .protocol : isCategory ? .extension : .class
        let line = view.tokens[start].line
        var headerEnd = start + 2
        while headerEnd + 1 < limit, view.tokens[headerEnd + 1].line == line, !view.isPunct(headerEnd + 1, UInt8(ascii: "{")) {
          headerEnd += 1
        }
        var membersStart = headerEnd + 1
        if view.isPunct(membersStart, UInt8(ascii: "{")) { membersStart = min(limit, view.braceMatch[membersStart] + 1) }
        let endsWithEnd = view.isWord(statement.upperBound, "end") && view.isPunct(statement.upperBound - 1, UInt8(ascii: "@"))
        let membersEnd = max(membersStart, endsWithEnd ? statement.upperBound - 1 : limit)
        let name = view.word(start + 2)
        return Found(
          name: name, kind: kind, signatureStart: start, headerEnd: headerEnd,
          memberPath: context.path + [name], memberRange: membersStart..<membersEnd, lastToken: statement.upperBound)
      }
      if word == "property" {
        var nameIndex: Int?
        var index = start + 2
        while index <= statement.upperBound, !view.isPunct(index, UInt8(ascii: ";")) {
          if view.isPunct(index, UInt8(ascii: "(")) {
            index = view.skipGroup(at: index, limit: limit)
            continue
          }
          if view.isIdentifier(index) { nameIndex = index }
          index += 1
        }
        guard let nameIndex else { return nil }
        return Found(
          name: view.word(nameIndex), kind: .property, signatureStart: start, headerEnd: headerEnd(statement, body: nil))
      }
      return nil
    }
    guard view.isPunct(start, in: "-+"), view.isPunct(start + 1, UInt8(ascii: "(")) || view.isIdentifier(start + 1) else {
      return nil
    }
    var index = view.isPunct(start + 1, UInt8(ascii: "(")) ? view.skipGroup(at: start + 1, limit: limit) : start + 1
    var selector = ""
    var hasArguments = false
    while index < limit, view.isIdentifier(index) {
      if view.isPunct(index + 1, UInt8(ascii: ":")) {
        selector += view.word(index) + ":"
        hasArguments = true
        index += 2
        if view.isPunct(index, UInt8(ascii: "(")) { index = view.skipGroup(at: index, limit: limit) }
        if view.isIdentifier(index) { index += 1 }  // The parameter name.
      } else {
        if !hasArguments { selector = view.word(index) }
        break
      }
    }
    guard !selector.isEmpty else { return nil }
    let body = bodyBrace(in: statement, after: start + 1, stopAtEquals: false)
    return Found(
      name: selector, kind: .method, signatureStart: start, headerEnd: headerEnd(statement, body: body), body: body)
  }

  /// Words that start statements which are never declarations.
  static let controlWords: Set<String> = [
    "if", "for", "while", "switch", "return", "else", "do", "case", "catch", "try", "sizeof", "new", "delete", "throw",
    "goto", "using", "static_assert", "co_return", "co_yield", "co_await", "synchronized", "foreach", "lock", "yield",
    "assert", "await", "import", "package", "typedef",
  ]

  /// A function or method recognised by its shape: `… name(…) … {` or, if allowed, `… name(…) … ;`.
  func functionShape(
    _ statement: ClosedRange<Int>, from start: Int, signatureStart: Int, context: Context, allowsPrototypes: Bool
  ) -> Found? {
    let limit = statement.upperBound + 1
    guard start < limit, !BraceScanner.controlWords.contains(view.word(start)) else { return nil }
    let angles = language != .c && language != .objectiveC
    var index = start
    var paren: Int?
    var fallback: Int?
    var operatorName: String?
    while index < limit {
      if view.isWord(index, "operator") {
        var name = "operator"
        var cursor = index + 1
        if view.isPunct(cursor, UInt8(ascii: "(")), view.isPunct(cursor + 1, UInt8(ascii: ")")) {
          name += "()"
          cursor += 2
        }
        while cursor < limit, !view.isPunct(cursor, UInt8(ascii: "(")), cursor - index < 6 {
          name += view.word(cursor)
          cursor += 1
        }
        guard view.isPunct(cursor, UInt8(ascii: "(")) else { return nil }
        operatorName = name
        paren = cursor
        break
      }
      if view.isPunct(index, in: "{;") { break }
      if view.isPunct(index, UInt8(ascii: "=")) { return nil }  // An initialized variable, not a function.
      if view.isPunct(index, UInt8(ascii: "(")) {
        if view.isIdentifier(index - 1), index - 1 >= start, !view.isPunct(index - 2, UInt8(ascii: "@")) {
          let word = view.word(index - 1)
          let isMacroLike = word.count > 1 && word.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) }
          if !isMacroLike, !["__attribute__", "__declspec", "alignas", "decltype", "throw", "noexcept"].contains(word) {
            paren = index
            break
          }
          if isMacroLike, fallback == nil { fallback = index }
        }
        index = view.skipGroup(at: index, limit: limit)
        continue
      }
      if angles, view.isPunct(index, UInt8(ascii: "<")), view.isIdentifier(index - 1) {
        index = view.skipGroup(at: index, limit: limit)
        continue
      }
      if view.isPunct(index, UInt8(ascii: "[")) {
        index = view.skipGroup(at: index, limit: limit)
        continue
      }
      index += 1
    }
    guard let paren = paren ?? fallback else { return nil }
    var nameIndex = paren - 1
    var name = operatorName ?? view.word(nameIndex)
    if operatorName != nil {
      nameIndex = paren - 1
      while nameIndex > start, !view.isWord(nameIndex, "operator") { nameIndex -= 1 }
    } else {
      guard view.isIdentifier(nameIndex) else { return nil }
    }
    if view.isPunct(nameIndex - 1, in: ".") || (view.isPunct(nameIndex - 1, UInt8(ascii: ">")) && view.isPunct(nameIndex - 2, UInt8(ascii: "-"))) {
      return nil  // A call on an object (`a.b(…)`, `a->b(…)`).
    }
    if view.isPunct(nameIndex - 1, UInt8(ascii: "~")) {
      name = "~" + name
      nameIndex -= 1
    }
    var qualifier: [String] = []
    var cursor = nameIndex
    while cursor - 3 >= start - 1, view.isPunct(cursor - 1, UInt8(ascii: ":")), view.isPunct(cursor - 2, UInt8(ascii: ":")) {
      var owner = cursor - 3
      if view.isPunct(owner, UInt8(ascii: ">")) {
        var depth = 0
        while owner > start {
          if view.isPunct(owner, UInt8(ascii: ">")) { depth += 1 }
          if view.isPunct(owner, UInt8(ascii: "<")) { depth -= 1 }
          owner -= 1
          if depth == 0 { break }
        }
      }
      guard owner >= start, view.isIdentifier(owner) else { break }
      qualifier.insert(view.word(owner), at: 0)
      cursor = owner
    }
    let hasReturnType = cursor > start
    let parameterEnd = view.skipGroup(at: paren, limit: limit)
    var bodySearch = parameterEnd
    if language == .cpp, view.isPunct(bodySearch, UInt8(ascii: ":")), !view.isPunct(bodySearch + 1, UInt8(ascii: ":")) {
      // Constructor initializer list: `: a(1), b{2}` before the body.
      bodySearch += 1
      var steps = 0
      while bodySearch < limit, steps < 4096 {
        steps += 1
        while bodySearch < limit, view.isIdentifier(bodySearch) || view.isPunct(bodySearch, UInt8(ascii: ":")) {
          bodySearch += 1
        }
        if view.isPunct(bodySearch, UInt8(ascii: "<")) { bodySearch = view.skipGroup(at: bodySearch, limit: limit) }
        guard view.isPunct(bodySearch, in: "({") else { break }
        bodySearch = view.skipGroup(at: bodySearch, limit: limit)
        if view.isPunct(bodySearch, UInt8(ascii: ",")) {
          bodySearch += 1
        } else {
          break
        }
      }
    }
    let body = bodyBrace(in: statement, after: bodySearch)
    if body == nil {
      guard allowsPrototypes, hasReturnType || name == context.typeName || name == "~" + (context.typeName ?? "")
      else { return nil }
      guard view.isPunct(statement.upperBound, UInt8(ascii: ";")) || statement.upperBound + 1 >= view.count
        || view.isPunct(statement.upperBound + 1, UInt8(ascii: "}")) || language == .csharp
      else { return nil }
    } else if !hasReturnType, qualifier.isEmpty, name != context.typeName, !context.isInType,
      !(fallback == paren)
    {
      return nil  // `foo(x) {` without a return type is not a C definition.
    }
    let owner = qualifier.last ?? context.typeName
    let isConstructor = owner == name && (language != .java && language != .csharp ? true : context.isInType)
    var lastToken: Int? = nil
    if body == nil { lastToken = statement.upperBound }
    return Found(
      name: name, kind: isConstructor ? .initializer : .function, signatureStart: signatureStart,
      headerEnd: headerEnd(statement, body: body), body: body, qualifier: qualifier, lastToken: lastToken)
  }
}
