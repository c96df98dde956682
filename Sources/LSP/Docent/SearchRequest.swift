/// `docent/search`: ranked chunks of the workspace for a query (words, identifiers or a sentence).
///
/// See `Protocol/methods/docent-search.md`.
public struct SearchRequest: RequestType, Hashable {
  public static let method = "docent/search"
  public typealias Response = SearchResponse

  /// Restrictions on what is searched.
  public struct Filters: Codable, Hashable, Sendable {
    /// Gitignore-style globs relative to a workspace root (`Sources/**`, `*.py`); a result must match one.
    public var paths: [String]?
    /// Language names (`swift`, `python`, `markdown`, …); a result must be in one.
    public var languages: [String]?

    public init(paths: [String]? = nil, languages: [String]? = nil) {
      self.paths = paths
      self.languages = languages
    }
  }

  /// How results are ranked.
  public enum Mode: String, Codable, Hashable, Sendable, CaseIterable {
    /// BM25 over names, documentation, paths and text.
    case lexical
    /// Cosine similarity of sentence embeddings; fails with `modelUnavailable` without the model.
    case semantic
    /// Both rankings fused by reciprocal rank; fails with `modelUnavailable` without the model.
    case hybrid
  }

  /// The query text.
  public var query: String
  /// The most results to return (default 10, at most 100).
  public var limit: Int?
  public var filters: Filters?
  /// The ranking; absent means `hybrid` once every chunk has a vector, `lexical` before (or without a model).
  public var mode: Mode?

  public init(query: String, limit: Int? = nil, filters: Filters? = nil, mode: Mode? = nil) {
    self.query = query
    self.limit = limit
    self.filters = filters
    self.mode = mode
  }
}

/// The result of `docent/search`.
public struct SearchResponse: Codable, Hashable, Sendable {
  /// One ranked chunk.
  public struct Result: Codable, Hashable, Sendable {
    public var uri: DocumentURI
    /// Whole lines: from the start of the first line to the start of the line after the last.
    public var range: Range
    public var score: Double
    /// The first lines of the chunk.
    public var snippet: String
    /// The declaration the chunk covers, as `Container.name` when nested.
    public var symbol: String?
    /// The declaration's kind (`function`, `method`, `class`, …) or `heading` for documents.
    public var kind: String?
    public var language: String

    public init(
      uri: DocumentURI, range: Range, score: Double, snippet: String, symbol: String?, kind: String?, language: String
    ) {
      self.uri = uri
      self.range = range
      self.score = score
      self.snippet = snippet
      self.symbol = symbol
      self.kind = kind
      self.language = language
    }
  }

  public var results: [Result]
  public init(results: [Result]) { self.results = results }
}
