public import JSONRPC

/// `initialize`: the first request; negotiates capabilities and names the workspace roots.
public struct InitializeRequest: RequestType, Hashable {
  public static let method = "initialize"
  public typealias Response = InitializeResult

  /// Client name and version.
  public struct ClientInfo: Codable, Hashable, Sendable {
    public var name: String
    public var version: String?
    public init(name: String, version: String? = nil) {
      self.name = name
      self.version = version
    }
  }

  public var processId: Int?
  public var clientInfo: ClientInfo?
  /// Deprecated in favour of `workspaceFolders`; used when those are absent.
  public var rootUri: DocumentURI?
  /// Deprecated in favour of `rootUri`; a plain path.
  public var rootPath: String?
  public var workspaceFolders: [WorkspaceFolder]?
  public var capabilities: ClientCapabilities
  /// Docent settings (see `Protocol/settings.md`), either flat or under a `docent` key.
  public var initializationOptions: JSONValue?

  public init(
    processId: Int? = nil, clientInfo: ClientInfo? = nil, rootUri: DocumentURI? = nil, rootPath: String? = nil,
    workspaceFolders: [WorkspaceFolder]? = nil, capabilities: ClientCapabilities = ClientCapabilities(),
    initializationOptions: JSONValue? = nil
  ) {
    self.processId = processId
    self.clientInfo = clientInfo
    self.rootUri = rootUri
    self.rootPath = rootPath
    self.workspaceFolders = workspaceFolders
    self.capabilities = capabilities
    self.initializationOptions = initializationOptions
  }
}

/// The result of `initialize`.
public struct InitializeResult: Codable, Hashable, Sendable {
  /// Server name and version.
  public struct ServerInfo: Codable, Hashable, Sendable {
    public var name: String
    public var version: String?
    public init(name: String, version: String?) {
      self.name = name
      self.version = version
    }
  }

  public var capabilities: ServerCapabilities
  public var serverInfo: ServerInfo?

  public init(capabilities: ServerCapabilities, serverInfo: ServerInfo?) {
    self.capabilities = capabilities
    self.serverInfo = serverInfo
  }
}
