/// `$/progress` (server to client): one step of a work-done progress stream.
public struct ProgressNotification: NotificationType, Hashable {
  public static let method = "$/progress"
  public var token: ProgressToken
  public var value: WorkDoneProgress
  public init(token: ProgressToken, value: WorkDoneProgress) {
    self.token = token
    self.value = value
  }
}
