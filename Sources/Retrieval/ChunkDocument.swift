/// One chunk as the scanner produced it, with its whole text: what ``IndexState/updateFile(relativePath:byteCount:modificationTimeNanoseconds:contentHash:chunks:symbols:)`` indexes.
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

/// An indexed chunk as the index keeps it: where it is and what to show, but not its text.
///
/// The text was analyzed into the lexical index when the chunk was added and lives on in the file itself; only
/// the ``snippet`` (its first lines) is kept, so the index costs a fraction of the corpus in memory and on disk.
public struct ChunkDocument: Hashable, Sendable {
  /// Lines of a chunk kept as its snippet at most.
  public static let snippetLineCount = 6
  /// Characters of a snippet at most (then cut, with `…` appended).
  public static let snippetCharacterLimit = 400

  /// The stable id.
  public let id: DocumentID
  /// The file's relative path.
  public let path: String
  /// The language identifier, such as `"swift"`.
  public let language: String
  /// The chunk's first line, 1-based.
  public let startLine: Int
  /// The chunk's last line, 1-based, inclusive.
  public let endLine: Int
  /// The declared symbol's name, or `""`.
  public let symbol: String
  /// The declaration kind, such as `"func"`, or `""`.
  public let kind: String
  /// The enclosing type or namespace, or `""`.
  public let container: String
  /// The chunk's first lines, trimmed; see ``snippet(of:)``.
  public let snippet: String

  /// Creates a document from its stored parts.
  public init(
    id: DocumentID, path: String, language: String, startLine: Int, endLine: Int, symbol: String = "",
    kind: String = "", container: String = "", snippet: String
  ) {
    self.id = id
    self.path = path
    self.language = language
    self.startLine = startLine
    self.endLine = endLine
    self.symbol = symbol
    self.kind = kind
    self.container = container
    self.snippet = snippet
  }

  /// Creates the stored document of a chunk: its text is reduced to the snippet.
  public init(id: DocumentID, path: String, content: ChunkContent) {
    self.init(
      id: id, path: path, language: content.language, startLine: content.startLine, endLine: content.endLine,
      symbol: content.symbol, kind: content.kind, container: content.container,
      snippet: Self.snippet(of: content.body))
  }

  /// The same document under another id and path (for content re-used by hash).
  func moved(to id: DocumentID, path: String) -> ChunkDocument {
    ChunkDocument(
      id: id, path: path, language: language, startLine: startLine, endLine: endLine, symbol: symbol, kind: kind,
      container: container, snippet: snippet)
  }

  /// The first ``snippetLineCount`` lines of `body` after any leading blank lines, cut at
  /// ``snippetCharacterLimit`` characters.
  ///
  /// - Complexity: O(*n*) in the snippet's length, not the body's.
  public static func snippet(of body: String) -> String {
    var lines: [Substring] = []
    var rest = body[...]
    while lines.count < snippetLineCount {
      let end = rest.firstIndex(of: "\n") ?? rest.endIndex
      let line = rest[..<end]
      if !(lines.isEmpty && line.allSatisfy({ $0 == " " || $0 == "\t" })) { lines.append(line) }
      guard end < rest.endIndex else { break }
      rest = rest[rest.index(after: end)...]
    }
    let text = lines.joined(separator: "\n")
    return text.count > snippetCharacterLimit ? String(text.prefix(snippetCharacterLimit)) + "…" : text
  }
}

extension ChunkContent {
  /// The fields the lexical index scores: the symbol field joins name and container.
  public func lexicalFields(path: String) -> LexicalIndex.Fields {
    LexicalIndex.Fields(
      symbol: container.isEmpty ? symbol : symbol + " " + container, documentation: documentation, body: body,
      path: path)
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
