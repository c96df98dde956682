/// What the server implements, as declared in the `initialize` result. Only implemented features appear.
public struct ServerCapabilities: Codable, Hashable, Sendable {
  /// Text synchronization options.
  public struct TextDocumentSyncOptions: Codable, Hashable, Sendable {
    /// Whether `didOpen`/`didClose` are wanted.
    public var openClose: Bool
    /// 1 = full, 2 = incremental.
    public var change: Int
    /// `didSave` options.
    public var save: SaveOptions?

    public init(openClose: Bool, change: Int, save: SaveOptions?) {
      self.openClose = openClose
      self.change = change
      self.save = save
    }
  }

  /// `didSave` options.
  public struct SaveOptions: Codable, Hashable, Sendable {
    public var includeText: Bool
    public init(includeText: Bool) { self.includeText = includeText }
  }

  /// Workspace-folder support.
  public struct WorkspaceFoldersServerCapabilities: Codable, Hashable, Sendable {
    public var supported: Bool
    public var changeNotifications: Bool
    public init(supported: Bool, changeNotifications: Bool) {
      self.supported = supported
      self.changeNotifications = changeNotifications
    }
  }

  /// `workspace` server capabilities.
  public struct WorkspaceServerCapabilities: Codable, Hashable, Sendable {
    public var workspaceFolders: WorkspaceFoldersServerCapabilities?
    public init(workspaceFolders: WorkspaceFoldersServerCapabilities?) { self.workspaceFolders = workspaceFolders }
  }

  /// `workspace/executeCommand` options.
  public struct ExecuteCommandOptions: Codable, Hashable, Sendable {
    public var commands: [String]
    public init(commands: [String]) { self.commands = commands }
  }

  /// Docent's own extensions, under `experimental.docent`.
  public struct DocentCapabilities: Codable, Hashable, Sendable {
    /// The `docent/*` requests the server answers.
    public var requests: [String]
    /// The `Protocol/` version these follow.
    public var protocolVersion: Int
    public init(requests: [String], protocolVersion: Int) {
      self.requests = requests
      self.protocolVersion = protocolVersion
    }
  }

  /// `experimental` capabilities.
  public struct Experimental: Codable, Hashable, Sendable {
    public var docent: DocentCapabilities
    public init(docent: DocentCapabilities) { self.docent = docent }
  }

  public var positionEncoding: PositionEncodingKind?
  public var textDocumentSync: TextDocumentSyncOptions?
  public var workspace: WorkspaceServerCapabilities?
  public var executeCommandProvider: ExecuteCommandOptions?
  /// Whether `workspace/symbol` is answered.
  public var workspaceSymbolProvider: Bool?
  public var experimental: Experimental?

  public init(
    positionEncoding: PositionEncodingKind? = nil, textDocumentSync: TextDocumentSyncOptions? = nil,
    workspace: WorkspaceServerCapabilities? = nil, executeCommandProvider: ExecuteCommandOptions? = nil,
    workspaceSymbolProvider: Bool? = nil, experimental: Experimental? = nil
  ) {
    self.workspaceSymbolProvider = workspaceSymbolProvider
    self.positionEncoding = positionEncoding
    self.textDocumentSync = textDocumentSync
    self.workspace = workspace
    self.executeCommandProvider = executeCommandProvider
    self.experimental = experimental
  }
}
