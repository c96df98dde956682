/// `docent/status`: what the server knows and whether background work is done. Never waits.
///
/// See `Protocol/methods/docent-status.md`.
public struct StatusRequest: RequestType, Hashable {
  public static let method = "docent/status"
  public typealias Response = StatusResponse

  /// Also report on this document (open or on disk).
  public var textDocument: TextDocumentIdentifier?

  public init(textDocument: TextDocumentIdentifier? = nil) { self.textDocument = textDocument }
}

/// The result of `docent/status` and `docent/synchronize`.
public struct StatusResponse: Codable, Hashable, Sendable {
  /// What a document looks like to the server.
  public struct DocumentStatus: Codable, Hashable, Sendable {
    public var uri: DocumentURI
    /// Whether the editor has it open (its text then overrides the file).
    public var isOpen: Bool
    /// The editor's version when open.
    public var version: Int?
    public var languageId: String?
    public var lineCount: Int
    public var byteCount: Int

    public init(uri: DocumentURI, isOpen: Bool, version: Int?, languageId: String?, lineCount: Int, byteCount: Int) {
      self.uri = uri
      self.isOpen = isOpen
      self.version = version
      self.languageId = languageId
      self.lineCount = lineCount
      self.byteCount = byteCount
    }
  }

  /// `true` once no background work is pending (embedding included).
  public var ready: Bool
  /// `starting` (before `initialized`), `indexing`, `embedding` (lexical index current, vectors not yet), `ready`
  /// or `shuttingDown`.
  public var state: String
  /// Files in the index (found under the roots, not ignored, not skipped as too large, binary or secret).
  public var files: Int
  /// Chunks in the index.
  public var chunks: Int
  /// Declarations in the symbol table.
  public var symbols: Int
  /// Documents the editor has open.
  public var openDocuments: Int
  /// Workspace roots.
  public var roots: [DocumentURI]
  /// The negotiated position encoding.
  public var positionEncoding: PositionEncodingKind
  /// The server version.
  public var version: String
  /// The requested document, when `textDocument` was given.
  public var document: DocumentStatus?
  /// Semantic search: `disabled`, `loading`, `unavailable` (the model could not be loaded), `embedding` or
  /// `ready` (every chunk has a vector).
  public var embeddingState: String?
  /// Chunks with an embedding vector.
  public var embeddedChunks: Int?

  public init(
    ready: Bool, state: String, files: Int, chunks: Int, symbols: Int, openDocuments: Int, roots: [DocumentURI],
    positionEncoding: PositionEncodingKind, version: String, document: DocumentStatus? = nil,
    embeddingState: String? = nil, embeddedChunks: Int? = nil
  ) {
    self.embeddingState = embeddingState
    self.embeddedChunks = embeddedChunks
    self.ready = ready
    self.state = state
    self.files = files
    self.chunks = chunks
    self.symbols = symbols
    self.openDocuments = openDocuments
    self.roots = roots
    self.positionEncoding = positionEncoding
    self.version = version
    self.document = document
  }
}
