/// `window/logMessage` (server to client): a log line for the client's log.
public struct LogMessageNotification: NotificationType, Hashable {
  public static let method = "window/logMessage"
  public var type: MessageKind
  public var message: String
  public init(type: MessageKind, message: String) {
    self.type = type
    self.message = message
  }
}
