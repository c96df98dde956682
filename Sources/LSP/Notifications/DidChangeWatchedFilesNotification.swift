/// `workspace/didChangeWatchedFiles`: files changed on disk outside the editor.
public struct DidChangeWatchedFilesNotification: NotificationType, Hashable {
  public static let method = "workspace/didChangeWatchedFiles"

  /// 1 = created, 2 = changed, 3 = deleted.
  public struct FileChangeType: RawRepresentable, Codable, Hashable, Sendable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let created = FileChangeType(rawValue: 1)
    public static let changed = FileChangeType(rawValue: 2)
    public static let deleted = FileChangeType(rawValue: 3)
  }

  /// One change.
  public struct FileEvent: Codable, Hashable, Sendable {
    public var uri: DocumentURI
    public var type: FileChangeType
    public init(uri: DocumentURI, type: FileChangeType) {
      self.uri = uri
      self.type = type
    }
  }

  public var changes: [FileEvent]
  public init(changes: [FileEvent]) { self.changes = changes }
}
