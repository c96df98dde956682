/// `window/showMessage` (server to client): a message the user should see now.
public struct ShowMessageNotification: NotificationType, Hashable {
  public static let method = "window/showMessage"
  public var type: MessageKind
  public var message: String
  public init(type: MessageKind, message: String) {
    self.type = type
    self.message = message
  }
}
