/// The parts of the client's capabilities that Docent reads; everything else the client sends is ignored.
public struct ClientCapabilities: Codable, Hashable, Sendable {
  /// `general` capabilities.
  public struct General: Codable, Hashable, Sendable {
    /// Encodings the client can use, most preferred first (LSP 3.17).
    public var positionEncodings: [PositionEncodingKind]?
    public init(positionEncodings: [PositionEncodingKind]? = nil) { self.positionEncodings = positionEncodings }
  }

  /// `window` capabilities.
  public struct Window: Codable, Hashable, Sendable {
    /// Whether the client accepts `window/workDoneProgress/create` and `$/progress`.
    public var workDoneProgress: Bool?
    public init(workDoneProgress: Bool? = nil) { self.workDoneProgress = workDoneProgress }
  }

  /// A capability that may be registered dynamically.
  public struct DynamicRegistration: Codable, Hashable, Sendable {
    public var dynamicRegistration: Bool?
    public init(dynamicRegistration: Bool? = nil) { self.dynamicRegistration = dynamicRegistration }
  }

  /// `workspace` capabilities.
  public struct Workspace: Codable, Hashable, Sendable {
    /// Whether the client supports workspace folders.
    public var workspaceFolders: Bool?
    /// Whether the client answers `workspace/configuration`.
    public var configuration: Bool?
    /// Whether file watchers may be registered with `client/registerCapability`.
    public var didChangeWatchedFiles: DynamicRegistration?
    public init(
      workspaceFolders: Bool? = nil, configuration: Bool? = nil, didChangeWatchedFiles: DynamicRegistration? = nil
    ) {
      self.workspaceFolders = workspaceFolders
      self.configuration = configuration
      self.didChangeWatchedFiles = didChangeWatchedFiles
    }
  }

  public var general: General?
  public var window: Window?
  public var workspace: Workspace?

  public init(general: General? = nil, window: Window? = nil, workspace: Workspace? = nil) {
    self.general = general
    self.window = window
    self.workspace = workspace
  }
}
