/// `workspace/symbol`: declarations across the workspace whose names match the query.
public struct WorkspaceSymbolRequest: RequestType, Hashable {
  public static let method = "workspace/symbol"
  public typealias Response = [SymbolInformation]

  public var query: String
  public init(query: String) { self.query = query }
}

/// A declaration found by `workspace/symbol`.
public struct SymbolInformation: Codable, Hashable, Sendable {
  public var name: String
  public var kind: SymbolKind
  public var location: Location
  public var containerName: String?

  public init(name: String, kind: SymbolKind, location: Location, containerName: String?) {
    self.name = name
    self.kind = kind
    self.location = location
    self.containerName = containerName
  }
}

/// A range in a document.
public struct Location: Codable, Hashable, Sendable {
  public var uri: DocumentURI
  public var range: Range
  public init(uri: DocumentURI, range: Range) {
    self.uri = uri
    self.range = range
  }
}

/// The LSP symbol kinds.
public struct SymbolKind: RawRepresentable, Codable, Hashable, Sendable {
  public var rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }

  public static let file = SymbolKind(rawValue: 1)
  public static let module = SymbolKind(rawValue: 2)
  public static let namespace = SymbolKind(rawValue: 3)
  public static let package = SymbolKind(rawValue: 4)
  public static let `class` = SymbolKind(rawValue: 5)
  public static let method = SymbolKind(rawValue: 6)
  public static let property = SymbolKind(rawValue: 7)
  public static let field = SymbolKind(rawValue: 8)
  public static let constructor = SymbolKind(rawValue: 9)
  public static let `enum` = SymbolKind(rawValue: 10)
  public static let interface = SymbolKind(rawValue: 11)
  public static let function = SymbolKind(rawValue: 12)
  public static let variable = SymbolKind(rawValue: 13)
  public static let constant = SymbolKind(rawValue: 14)
  public static let string = SymbolKind(rawValue: 15)
  public static let `struct` = SymbolKind(rawValue: 23)
  public static let typeParameter = SymbolKind(rawValue: 26)
}
