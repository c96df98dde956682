/// The statement-level engine shared by the brace languages (Swift, Go, Rust, JavaScript/TypeScript, Java,
/// Kotlin, C/C++/Objective-C, C#).
///
/// A block is split into statements at `;`, at the end of a braced body and, in newline-terminated languages,
/// at line breaks that do not continue an expression. Each statement is handed to the language's `classify`,
/// which names it (or not); type bodies are scanned recursively with the type's path as container, function
/// bodies are skipped over with the precomputed brace matches. The whole scan is linear in the token count.
struct BraceScanner {
  /// How deeply type bodies are scanned; deeper nesting is treated as opaque (protects the stack).
  static let maxDepth = 48

  /// What one statement declares, as reported by a language's `classify`.
  struct Found {
    var name: String
    var kind: SymbolKind
    /// Token where the signature starts (after attributes).
    var signatureStart: Int
    /// Last token of the header (before the body's `{`, or the statement's last token).
    var headerEnd: Int
    /// The body's `{`, if any.
    var body: Int? = nil
    /// Container components between the enclosing path and the name (Go receivers, `Foo::bar`, Kotlin receivers).
    var qualifier: [String] = []
    /// The path members are scanned under; `nil` means enclosing path + qualifier + name for containers.
    var memberPath: [String]? = nil
    /// Tokens scanned as members when the body is not a brace block (Objective-C `@interface … @end`).
    var memberRange: Range<Int>? = nil
    /// The last token of the whole declaration when it is not the body's `}` or the header end.
    var lastToken: Int? = nil
    /// When `false`, the body is scanned as part of the enclosing scope and nothing is recorded (`extern "C" {`).
    var isTransparent = false
  }

  /// Where a statement sits.
  struct Context {
    var path: [String] = []
    /// The kind of the innermost container, or `nil` at file level.
    var containerKind: SymbolKind? = nil
    var depth = 0
    /// One past the last token of the enclosing block (file-scoped namespaces extend to it).
    var limit = 0
    var typeName: String? { path.last }
    var isTopLevel: Bool { containerKind == nil }
    var isInType: Bool {
      guard let kind = containerKind else { return false }
      return kind != .namespace && kind != .module
    }
  }

  let view: CodeView
  let language: Language
  private(set) var declarations: [Declaration] = []
  /// Indices of Objective-C `@end` tokens, ascending.
  private let objcEnds: [Int]

  init(view: CodeView, language: Language) {
    self.view = view
    self.language = language
    var ends: [Int] = []
    if language == .objectiveC {
      for index in 0..<view.count where view.isPunct(index, UInt8(ascii: "@")) && view.isWord(index + 1, "end") {
        ends.append(index)
      }
    }
    objcEnds = ends
  }

  var isCFamily: Bool { language == .c || language == .cpp || language == .objectiveC }

  var newlineTerminated: Bool {
    switch language {
    case .swift, .kotlin, .go, .javascript, .typescript: return true
    default: return false
    }
  }

  /// Scans the whole file.
  mutating func scan() {
    scanBlock(0..<view.count, context: Context(limit: view.count))
  }

  mutating func scanBlock(_ range: Range<Int>, context: Context) {
    var index = range.lowerBound
    while index < range.upperBound {
      if view.isPunct(index, in: ";}") {
        index += 1
        continue
      }
      let end = statementEnd(from: index, limit: range.upperBound)
      guard let found = classify(index...end, context: context) else {
        index = end + 1
        continue
      }
      var last = found.headerEnd
      if let body = found.body { last = min(view.braceMatch[body], range.upperBound - 1, view.count - 1) }
      if let explicit = found.lastToken { last = max(last, min(explicit, range.upperBound - 1)) }
      last = max(last, found.headerEnd)
      if found.isTransparent {
        if let body = found.body {
          let inner = (body + 1)..<max(body + 1, min(view.braceMatch[body], range.upperBound))
          scanBlock(
            inner,
            context: Context(
              path: context.path, containerKind: context.containerKind, depth: context.depth + 1, limit: inner.upperBound))
        }
        index = max(last, end) + 1
        continue
      }
      record(found, statementStart: index, last: last, context: context)
      if found.kind.isContainer, context.depth < BraceScanner.maxDepth {
        var members: Range<Int>? = found.memberRange
        if members == nil, let body = found.body {
          members = (body + 1)..<max(body + 1, min(view.braceMatch[body], range.upperBound))
        }
        if let members {
          let path = found.memberPath ?? (context.path + found.qualifier + [found.name])
          scanBlock(
            members, context: Context(path: path, containerKind: found.kind, depth: context.depth + 1, limit: members.upperBound))
        }
      }
      index = max(last, found.body == nil ? end : last) + 1
      if view.isPunct(index, UInt8(ascii: ";")) { index += 1 }
    }
  }

  private mutating func record(_ found: Found, statementStart: Int, last: Int, context: Context) {
    let startToken = startOfDeclaration(statementStart, signatureStart: found.signatureStart)
    let first = view.tokens[startToken].line
    let lastLine = max(first, view.tokens[min(max(last, 0), view.count - 1)].endLine)
    let doc = view.documentation(before: startToken, style: .standard)
    let containerPath = context.path + found.qualifier
    var kind = found.kind
    if kind == .function, context.isInType || !found.qualifier.isEmpty { kind = .method }
    let headerEnd = max(found.signatureStart, min(found.headerEnd, view.count - 1))
    declarations.append(
      Declaration(
        name: found.name.isEmpty ? "_" : found.name, kind: kind,
        container: containerPath.isEmpty ? nil : containerPath.joined(separator: "."),
        signature: view.signature(from: found.signatureStart, through: headerEnd), documentation: doc?.text,
        lineRange: first...lastLine, documentationLineRange: doc?.lines))
  }

  /// Skips C++ access labels (`public:`) so a declaration starts on its own line.
  private func startOfDeclaration(_ start: Int, signatureStart: Int) -> Int {
    var index = start
    while index + 1 < signatureStart, view.isIdentifier(index), view.isPunct(index + 1, UInt8(ascii: ":")),
      !view.isPunct(index + 2, UInt8(ascii: ":")),
      ["public", "private", "protected", "signals", "slots", "internal"].contains(view.word(index))
    {
      index += 2
    }
    while index < signatureStart, view.tokens[index].kind == .directive { index += 1 }
    return index
  }

  // MARK: Statements

  /// The last token of the statement starting at `start` (at least `start`, below `limit`).
  func statementEnd(from start: Int, limit: Int) -> Int {
    if view.tokens[start].kind == .directive { return start }
    if language == .objectiveC, view.isPunct(start, UInt8(ascii: "@")),
      ["interface", "implementation", "protocol"].contains(view.word(start + 1)),
      !view.isPunct(start + 3, in: ";,")
    {
      return objcEnd(after: start, limit: limit)
    }
    var index = start
    var depth = 0
    var sawEquals = false
    let prefixEnd = skipPrefix(from: start, limit: limit)
    while index < limit {
      let token = view.tokens[index]
      if index > start {
        if token.kind == .directive { return index - 1 }
        if newlineTerminated, depth == 0, token.line > view.tokens[index - 1].endLine, index > prefixEnd,
          !continuesLine(previous: index - 1, next: index)
        {
          return index - 1
        }
      }
      if token.kind == .punctuation {
        switch view.text.bytes[token.start] {
        case UInt8(ascii: "("), UInt8(ascii: "["): depth += 1
        case UInt8(ascii: ")"), UInt8(ascii: "]"): depth = max(0, depth - 1)
        case UInt8(ascii: ";") where depth == 0: return index
        case UInt8(ascii: "="): if depth == 0 { sawEquals = true }
        case UInt8(ascii: "}"): return max(start, index - 1)
        case UInt8(ascii: "{"):
          let close = view.braceMatch[index]
          if close >= limit { return limit - 1 }
          index = close
          if depth == 0, !newlineTerminated {
            let next = index + 1
            guard next < limit else { return index }
            if view.isPunct(next, UInt8(ascii: ";")) { return next }
            let continues =
              sawEquals || view.isPunct(next, in: ",).{") || view.isWord(next, "else") || view.isWord(next, "catch")
              || view.isWord(next, "finally") || view.isWord(next, "while")
              || (isCFamily && (view.isIdentifier(next) || view.isPunct(next, UInt8(ascii: "*")))
                && view.tokens[next].line == view.tokens[index].endLine)
            if !continues { return index }
          }
        default: break
        }
      }
      index += 1
    }
    return limit - 1
  }

  private func objcEnd(after start: Int, limit: Int) -> Int {
    var low = 0
    var high = objcEnds.count
    while low < high {
      let mid = (low + high) / 2
      if objcEnds[mid] <= start { low = mid + 1 } else { high = mid }
    }
    guard low < objcEnds.count, objcEnds[low] + 1 < limit else { return limit - 1 }
    return objcEnds[low] + 1
  }

  /// Whether a line break between two tokens continues the statement (newline-terminated languages).
  private func continuesLine(previous: Int, next: Int) -> Bool {
    if view.isPunct(previous, in: ".,=+-*/%&|^<>!?:([{\\") { return true }
    if view.isPunct(next, in: ".,=+-*/%&|^<>?:{)]") { return true }
    let continuationWords = ["where", "throws", "rethrows", "extends", "implements", "else", "catch", "finally", "as", "is", "in"]
    if view.tokens[next].kind == .identifier, continuationWords.contains(view.word(next)) { return true }
    return false
  }

  // MARK: Prefixes

  /// The first token after attributes and modifiers, starting at `start`.
  func skipPrefix(from start: Int, limit: Int) -> Int {
    var index = start
    var steps = 0
    while index < limit, steps < 256 {
      steps += 1
      if let next = skipAttribute(at: index, limit: limit) {
        index = next
        continue
      }
      if view.isIdentifier(index), isModifier(at: index) {
        index += 1
        if view.isPunct(index, UInt8(ascii: "(")), view.areAdjacent(index - 1, index) || language == .rust {
          index = view.skipGroup(at: index, limit: limit)  // `private(set)`, `pub(crate)`
        } else if language == .rust, view.isWord(index - 1, "extern"), index < view.tokens.count,
          view.tokens[index].kind == .string
        {
          index += 1  // `extern "C"`
        }
        continue
      }
      break
    }
    return index
  }

  /// The index after an attribute starting at `index`, or `nil` when none starts there.
  func skipAttribute(at index: Int, limit: Int) -> Int? {
    switch language {
    case .rust:
      guard view.isPunct(index, UInt8(ascii: "#")) else { return nil }
      var next = index + 1
      if view.isPunct(next, UInt8(ascii: "!")) { next += 1 }
      guard view.isPunct(next, UInt8(ascii: "[")) else { return nil }
      return view.skipGroup(at: next, limit: limit)
    case .csharp, .cpp, .c, .objectiveC:
      if view.isPunct(index, UInt8(ascii: "[")), language == .csharp || view.isPunct(index + 1, UInt8(ascii: "[")) {
        return view.skipGroup(at: index, limit: limit)
      }
      if language != .csharp, view.isWord(index, "__attribute__") || view.isWord(index, "__declspec")
        || view.isWord(index, "alignas")
      {
        return view.isPunct(index + 1, UInt8(ascii: "(")) ? view.skipGroup(at: index + 1, limit: limit) : index + 1
      }
      if language == .cpp, view.isWord(index, "template"), view.isPunct(index + 1, UInt8(ascii: "<")) {
        return view.skipGroup(at: index + 1, limit: limit)
      }
      return nil
    default:
      guard view.isPunct(index, UInt8(ascii: "@")), view.isIdentifier(index + 1), !view.isWord(index + 1, "interface")
      else { return nil }
      var next = index + 2
      // Qualified names and Kotlin use-site targets: `@objc.name`, `@file:JvmName`.
      while (view.isPunct(next, UInt8(ascii: ".")) || view.isPunct(next, UInt8(ascii: ":"))) && view.isIdentifier(next + 1)
        && view.areAdjacent(next - 1, next)
      {
        next += 2
      }
      if view.isPunct(next, UInt8(ascii: "(")), view.areAdjacent(next - 1, next) || language == .java {
        next = view.skipGroup(at: next, limit: limit)
      }
      return next
    }
  }

  private func isModifier(at index: Int) -> Bool {
    let word = view.word(index)
    switch language {
    case .swift:
      if word == "class" {
        return ["func", "var", "let", "subscript", "init", "static", "final", "override", "public", "private"]
          .contains(view.word(index + 1))
      }
      return BraceScanner.swiftModifiers.contains(word)
    case .kotlin: return BraceScanner.kotlinModifiers.contains(word)
    case .java: return BraceScanner.javaModifiers.contains(word)
    case .csharp: return BraceScanner.csharpModifiers.contains(word)
    case .rust:
      if word == "const" || word == "static" {
        return ["fn", "unsafe", "async", "extern"].contains(view.word(index + 1))
      }
      return ["pub", "async", "unsafe", "extern", "default"].contains(word)
    case .javascript, .typescript:
      if word == "get" || word == "set" || word == "static" || word == "async" {
        // `get(…)` is a method named get; `get x()` is an accessor.
        // A last token is no modifier: nothing follows for it to modify.
        guard index + 1 < view.tokens.count else { return false }
        return !view.isPunct(index + 1, in: "(=:<;") && !(view.tokens[index + 1].line > view.tokens[index].endLine)
      }
      return BraceScanner.scriptModifiers.contains(word)
    default: return false
    }
  }

  static let swiftModifiers: Set<String> = [
    "public", "private", "fileprivate", "internal", "open", "package", "static", "final", "override", "mutating",
    "nonmutating", "lazy", "weak", "unowned", "dynamic", "optional", "required", "convenience", "indirect",
    "nonisolated", "isolated", "prefix", "postfix", "infix", "distributed", "consuming", "borrowing", "__consuming",
  ]
  static let kotlinModifiers: Set<String> = [
    "public", "private", "protected", "internal", "open", "abstract", "final", "override", "data", "sealed", "inner",
    "enum", "annotation", "companion", "inline", "suspend", "operator", "infix", "tailrec", "external", "lateinit",
    "const", "value", "expect", "actual", "vararg", "noinline", "crossinline", "reified",
  ]
  static let javaModifiers: Set<String> = [
    "public", "private", "protected", "static", "final", "abstract", "synchronized", "native", "transient",
    "volatile", "strictfp", "default", "sealed", "non", "-", "permits",
  ]
  static let csharpModifiers: Set<String> = [
    "public", "private", "protected", "internal", "static", "readonly", "sealed", "abstract", "virtual", "override",
    "async", "extern", "unsafe", "partial", "new", "volatile", "required", "file", "const", "implicit", "explicit",
  ]
  static let scriptModifiers: Set<String> = [
    "export", "default", "declare", "public", "private", "protected", "readonly", "abstract", "override", "accessor",
  ]

  // MARK: Dispatch

  private func classify(_ statement: ClosedRange<Int>, context: Context) -> Found? {
    switch language {
    case .swift: return classifySwift(statement, context: context)
    case .kotlin: return classifyKotlin(statement, context: context)
    case .go: return classifyGo(statement, context: context)
    case .rust: return classifyRust(statement, context: context)
    case .javascript, .typescript: return classifyScript(statement, context: context)
    case .java: return classifyJava(statement, context: context)
    case .csharp: return classifyCSharp(statement, context: context)
    case .c, .cpp, .objectiveC: return classifyCFamily(statement, context: context)
    default: return nil
    }
  }

  // MARK: Shared helpers for classifiers

  /// The first token after attributes only (modifiers stay part of the signature).
  func attributesEnd(from start: Int, limit: Int) -> Int {
    var index = start
    var steps = 0
    while steps < 256, let next = skipAttribute(at: index, limit: limit), next > index {
      index = next
      steps += 1
    }
    return index
  }

  /// The first `{` at depth 0 in the statement after `from`, if the header is not an initializer (`=` first).
  func bodyBrace(in statement: ClosedRange<Int>, after from: Int, stopAtEquals: Bool = true) -> Int? {
    var index = from
    while index <= statement.upperBound {
      if view.isPunct(index, UInt8(ascii: "{")) { return index }
      if stopAtEquals, view.isPunct(index, UInt8(ascii: "=")), !view.isPunct(index + 1, UInt8(ascii: ">")) { return nil }
      if view.isPunct(index, in: "([") {
        index = view.skipGroup(at: index, limit: statement.upperBound + 1)
      } else {
        index += 1
      }
    }
    return nil
  }

  /// The header's last token: just before `body`, or the statement's last token (without a trailing `;`).
  func headerEnd(_ statement: ClosedRange<Int>, body: Int?) -> Int {
    if let body { return max(statement.lowerBound, body - 1) }
    var end = statement.upperBound
    if end > statement.lowerBound, view.isPunct(end, UInt8(ascii: ";")) { end -= 1 }
    return end
  }

  /// A dotted type path starting at `index` (`Foo.Bar`), skipping generic arguments; returns the components.
  func typePath(at index: Int, limit: Int, separator: String = ".") -> (components: [String], next: Int) {
    var components: [String] = []
    var cursor = index
    while cursor < limit, view.isIdentifier(cursor) {
      components.append(view.name(cursor))
      cursor += 1
      if view.isPunct(cursor, UInt8(ascii: "<")) { cursor = view.skipGroup(at: cursor, limit: limit) }
      if separator == "::", view.isPunct(cursor, UInt8(ascii: ":")), view.isPunct(cursor + 1, UInt8(ascii: ":")) {
        cursor += 2
      } else if separator == ".", view.isPunct(cursor, UInt8(ascii: ".")) {
        cursor += 1
      } else {
        break
      }
    }
    return (components, cursor)
  }

  /// A simple named declaration `keyword Name … {` or `… ;`, the shape most type declarations share.
  func namedDeclaration(
    _ statement: ClosedRange<Int>, keywordAt keyword: Int, signatureStart: Int, kind: SymbolKind,
    hasBody: Bool = true, stopAtEquals: Bool = true
  ) -> Found? {
    guard view.isIdentifier(keyword + 1) else { return nil }
    let body = hasBody ? bodyBrace(in: statement, after: keyword + 1, stopAtEquals: stopAtEquals) : nil
    return Found(
      name: view.name(keyword + 1), kind: kind, signatureStart: signatureStart,
      headerEnd: headerEnd(statement, body: body), body: body)
  }
}
