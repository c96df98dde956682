public import Retrieval
import Workspace

/// What the engine is doing.
public enum EngineState: String, Sendable, Hashable {
  /// Roots are known but background work has not been started.
  case starting
  /// Background work is pending.
  case indexing
  /// The lexical index is current; the embedding model is loading or chunks are being embedded.
  case embedding
  /// Nothing is pending.
  case ready
  /// ``DocentEngine/shutDown()`` was called.
  case shuttingDown
}

/// An open document as the engine sees it; copying it shares the text's storage.
public struct OpenDocument: Sendable, Hashable {
  /// The client's URI string, echoed in answers.
  public let uri: String
  /// The canonical path inside the workspace.
  public let path: String
  public let languageID: String
  public let version: Int
  /// The editor's text, which overrides the file on disk.
  let storage: TextDocument

  init(uri: String, path: String, languageID: String, version: Int, storage: TextDocument) {
    self.uri = uri
    self.path = path
    self.languageID = languageID
    self.version = version
    self.storage = storage
  }

  /// The current text.
  ///
  /// - Complexity: O(*n*) in the document's size: it builds a `String`; use ``utf8`` to read bytes instead.
  public var text: String { storage.text }
  /// The current text's UTF-8 bytes (shared, not copied).
  public var utf8: [UInt8] { storage.bytes }
  public var lineCount: Int { storage.lineCount }
  public var byteCount: Int { storage.bytes.count }
}

/// An immutable view of the engine taken at one instant; requests read only from it, so later edits never
/// change what a running request sees. Copying it shares the indexes' storage.
public struct EngineSnapshot: Sendable {
  /// The engine's state when the snapshot was taken.
  public let state: EngineState
  /// Canonical workspace roots.
  public let roots: [String]
  /// Open documents by canonical path.
  public let openDocuments: [String: OpenDocument]
  /// Each root's index, by canonical root path.
  let indexes: [String: IndexState]
  /// Where semantic search stood.
  public internal(set) var embedding = EmbeddingStatus(phase: .disabled)
  /// The embedding model, once loaded.
  public internal(set) var embeddingModel: (any EmbeddingModel)?
  /// Whether search defaults to hybrid: the model is loaded and every chunk had a vector at some point.
  public internal(set) var prefersHybridSearch = false

  init(state: EngineState, roots: [String], openDocuments: [String: OpenDocument], indexes: [String: IndexState]) {
    self.state = state
    self.roots = roots
    self.openDocuments = openDocuments
    self.indexes = indexes
  }

  /// Whether no background work was pending.
  public var isReady: Bool { state == .ready }

  /// Files in the index, over all roots.
  public var fileCount: Int { indexes.values.reduce(0) { $0 + $1.files.count } }

  /// Chunks in the index, over all roots.
  public var chunkCount: Int { indexes.values.reduce(0) { $0 + $1.documents.count } }

  /// Bytes of the indexed files, over all roots.
  public var indexedByteCount: Int {
    indexes.values.reduce(0) { total, index in total + index.files.values.reduce(0) { $0 + $1.byteCount } }
  }

  /// Declared symbols in the index, over all roots.
  public var symbolCount: Int { indexes.values.reduce(0) { $0 + $1.symbols.count } }
}

/// A summary of one document, open or on disk.
public struct DocumentSummary: Sendable, Hashable {
  public let uri: String
  public let isOpen: Bool
  public let version: Int?
  public let languageID: String?
  public let lineCount: Int
  public let byteCount: Int
}
