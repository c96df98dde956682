/// A window of consecutive lines to index, aligned with declaration boundaries where possible.
public struct Chunk: Sendable, Hashable {
  /// The lines covered, 0-based, inclusive; starts at the doc comment when the chunk starts at a declaration.
  public var lineRange: ClosedRange<Int>
  /// The name of the declaration the chunk covers, or `nil` for code between declarations and for prose.
  public var symbol: String?
  /// The kind of ``symbol``.
  public var kind: SymbolKind?
  /// The container of ``symbol`` (or, for code between members, the enclosing type path).
  public var container: String?
  /// The doc comment of the declaration the chunk covers; `nil` for Markdown and reStructuredText.
  public var documentation: String?
  /// The titles of the enclosing headings, outermost first (Markdown and reStructuredText); empty for code.
  public var headingPath: [String]
  /// The chunk's lines joined with `\n`, invalid UTF-8 replaced; cut at ``ChunkingOptions/maxBytes`` at most.
  public var text: String

  /// Creates a chunk.
  public init(
    lineRange: ClosedRange<Int>, symbol: String? = nil, kind: SymbolKind? = nil, container: String? = nil,
    documentation: String? = nil, headingPath: [String] = [], text: String
  ) {
    self.lineRange = lineRange
    self.symbol = symbol
    self.kind = kind
    self.container = container
    self.documentation = documentation
    self.headingPath = headingPath
    self.text = text
  }
}
