/// What the index keeps of one chunk: enough to score it again and to show it as a result.
public struct ChunkContent: Hashable, Sendable {
  /// The language identifier, such as `"swift"`.
  public var language: String
  /// The chunk's first line, 1-based.
  public var startLine: Int
  /// The chunk's last line, 1-based, inclusive.
  public var endLine: Int
  /// The declared symbol's name, or `""` for a chunk that is not a declaration.
  public var symbol: String
  /// The declaration kind, such as `"func"`, or `""`.
  public var kind: String
  /// The enclosing type or namespace, or `""`.
  public var container: String
  /// The documentation comment's text, without comment markers.
  public var documentation: String
  /// The chunk's source text.
  public var body: String

  /// Creates chunk content.
  public init(
    language: String, startLine: Int, endLine: Int, symbol: String = "", kind: String = "", container: String = "",
    documentation: String = "", body: String
  ) {
    self.language = language
    self.startLine = startLine
    self.endLine = endLine
    self.symbol = symbol
    self.kind = kind
    self.container = container
    self.documentation = documentation
    self.body = body
  }
}

/// An indexed chunk: its id, its file, and its content.
public struct ChunkDocument: Hashable, Sendable {
  /// The stable id.
  public let id: DocumentID
  /// The file's relative path.
  public let path: String
  /// The chunk's text and metadata.
  public let content: ChunkContent

  /// Creates a document.
  public init(id: DocumentID, path: String, content: ChunkContent) {
    self.id = id
    self.path = path
    self.content = content
  }

  /// The fields the lexical index scores: the symbol field joins name and container.
  public var lexicalFields: LexicalIndex.Fields {
    LexicalIndex.Fields(
      symbol: content.container.isEmpty ? content.symbol : content.symbol + " " + content.container,
      documentation: content.documentation, body: content.body, path: path)
  }
}

/// What the index knows about one source file, to decide whether it must be indexed again.
public struct FileRecord: Hashable, Sendable {
  /// The path relative to its workspace root.
  public var relativePath: String
  /// The file's size in bytes when indexed.
  public var byteCount: Int
  /// The modification time when indexed, in nanoseconds since 1970.
  public var modificationTimeNanoseconds: Int64
  /// ``Basics/ContentHash`` of the bytes indexed.
  public var contentHash: UInt64
  /// The ids of the file's chunks, in file order.
  public var documentIDs: [DocumentID]

  /// Creates a file record.
  public init(
    relativePath: String, byteCount: Int, modificationTimeNanoseconds: Int64, contentHash: UInt64,
    documentIDs: [DocumentID] = []
  ) {
    self.relativePath = relativePath
    self.byteCount = byteCount
    self.modificationTimeNanoseconds = modificationTimeNanoseconds
    self.contentHash = contentHash
    self.documentIDs = documentIDs
  }
}
