/// Something the engine reports to its host (the server turns these into `$/progress` and `window/showMessage`).
public enum EngineEvent: Sendable, Hashable {
  /// Long work started; `id` names it until ``workEnded(id:message:)``.
  case workBegan(id: Int, title: String)
  /// Long work advanced.
  case workReported(id: Int, message: String)
  /// Long work ended (finished or cancelled).
  case workEnded(id: Int, message: String?)
  /// Something the user should be told now.
  case notice(Notice)

  /// A message for the user.
  public struct Notice: Sendable, Hashable {
    /// How serious it is.
    public enum Severity: Sendable, Hashable {
      case error
      case warning
      case info
    }

    public let severity: Severity
    public let message: String
  }
}
