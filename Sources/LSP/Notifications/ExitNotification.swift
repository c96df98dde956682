/// `exit`: the server process ends, with status 0 after `shutdown` and 1 otherwise.
public struct ExitNotification: NotificationType, Hashable {
  public static let method = "exit"
  public init() {}
}
