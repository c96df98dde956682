public import JSONRPC

/// `workspace/didChangeConfiguration`: new settings, or `null` to say "pull them with `workspace/configuration`".
public struct DidChangeConfigurationNotification: NotificationType, Hashable {
  public static let method = "workspace/didChangeConfiguration"
  public var settings: JSONValue?
  public init(settings: JSONValue?) { self.settings = settings }
}
