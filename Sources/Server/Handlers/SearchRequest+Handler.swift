import Engine
import JSONRPC
public import LSP

extension SearchRequest: HandledRequest {
  /// The most results one request may ask for.
  static let maximumLimit = 100

  public static func handle(_ request: SearchRequest, context: RequestContext) async throws -> SearchResponse {
    let limit = request.limit ?? 10
    guard (1...maximumLimit).contains(limit) else {
      throw ResponseError.invalidParams("limit must be between 1 and \(maximumLimit), not \(limit)")
    }
    let options = SearchOptions(
      limit: limit, pathGlobs: request.filters?.paths ?? [], languages: request.filters?.languages ?? [])
    let mode = request.mode.map { mode -> Engine.SearchMode in
      switch mode {
      case .lexical: .lexical
      case .semantic: .semantic
      case .hybrid: .hybrid
      }
    }
    let results = try await context.engine.search(request.query, options: options, mode: mode, in: context.snapshot)
    return SearchResponse(
      results: results.map { result in
        SearchResponse.Result(
          uri: DocumentURI(result.uri), range: .wholeLines(result.startLine, result.endLine), score: result.score,
          snippet: result.snippet, symbol: result.symbol, kind: result.kind, language: result.language)
      })
  }
}

extension WorkspaceSymbolRequest: HandledRequest {
  /// Symbols returned for one query.
  static let resultLimit = 100

  public static func handle(
    _ request: WorkspaceSymbolRequest, context: RequestContext
  ) async throws -> [SymbolInformation] {
    guard !request.query.isEmpty else { return [] }
    let symbols = try await context.engine.symbols(
      matching: request.query, limit: resultLimit, semanticIn: context.snapshot)
    return symbols.map { symbol in
      SymbolInformation(
        name: symbol.name, kind: SymbolKind(docentKind: symbol.kind),
        location: Location(uri: DocumentURI(symbol.uri), range: .wholeLines(symbol.line, symbol.line)),
        containerName: symbol.container)
    }
  }
}

extension Range {
  /// Whole lines `first...last` (0-based): from the start of `first` to the start of the line after `last`.
  static func wholeLines(_ first: Int, _ last: Int) -> Range {
    Range(start: Position(line: first, character: 0), end: Position(line: last + 1, character: 0))
  }
}

extension SymbolKind {
  /// The LSP kind of a scanner's declaration kind.
  init(docentKind: String) {
    switch docentKind {
    case "function", "macro": self = .function
    case "method": self = .method
    case "initializer": self = .constructor
    case "class", "actor", "record", "object": self = .class
    case "struct", "union": self = .struct
    case "enum": self = .enum
    case "protocol", "interface", "trait": self = .interface
    case "extension", "module": self = .module
    case "namespace": self = .namespace
    case "typeAlias": self = .typeParameter
    case "property": self = .property
    case "constant": self = .constant
    case "variable": self = .variable
    case "heading": self = .string
    default: self = .variable
    }
  }
}
