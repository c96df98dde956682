/// Names a document by URI.
public struct TextDocumentIdentifier: Codable, Hashable, Sendable {
  public var uri: DocumentURI
  public init(uri: DocumentURI) { self.uri = uri }
}

/// Names a document by URI at a version.
public struct VersionedTextDocumentIdentifier: Codable, Hashable, Sendable {
  public var uri: DocumentURI
  public var version: Int
  public init(uri: DocumentURI, version: Int) {
    self.uri = uri
    self.version = version
  }
}

/// A document as opened by the client, with its full text.
public struct TextDocumentItem: Codable, Hashable, Sendable {
  public var uri: DocumentURI
  public var languageId: String
  public var version: Int
  public var text: String

  public init(uri: DocumentURI, languageId: String, version: Int, text: String) {
    self.uri = uri
    self.languageId = languageId
    self.version = version
    self.text = text
  }
}

/// One change to a document: a range replaced by text, or (without a range) the whole new text.
public struct TextDocumentContentChangeEvent: Codable, Hashable, Sendable {
  /// The replaced range; `nil` means `text` is the whole document.
  public var range: Range?
  /// Deprecated by LSP and ignored: the range is authoritative.
  public var rangeLength: Int?
  /// The new text of the range.
  public var text: String

  public init(range: Range? = nil, rangeLength: Int? = nil, text: String) {
    self.range = range
    self.rangeLength = rangeLength
    self.text = text
  }
}

/// A workspace folder: a root the server may read below.
public struct WorkspaceFolder: Codable, Hashable, Sendable {
  public var uri: DocumentURI
  public var name: String
  public init(uri: DocumentURI, name: String) {
    self.uri = uri
    self.name = name
  }
}
