/// `workspace/didChangeWorkspaceFolders`: roots were added or removed.
public struct DidChangeWorkspaceFoldersNotification: NotificationType, Hashable {
  public static let method = "workspace/didChangeWorkspaceFolders"

  /// The folders added and removed.
  public struct Event: Codable, Hashable, Sendable {
    public var added: [WorkspaceFolder]
    public var removed: [WorkspaceFolder]
    public init(added: [WorkspaceFolder], removed: [WorkspaceFolder]) {
      self.added = added
      self.removed = removed
    }
  }

  public var event: Event
  public init(event: Event) { self.event = event }
}
