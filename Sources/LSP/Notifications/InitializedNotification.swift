/// `initialized`: the client has processed the `initialize` result; background work may start.
public struct InitializedNotification: NotificationType, Hashable {
  public static let method = "initialized"
  public init() {}
}
