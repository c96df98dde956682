/// Every message type of the protocol, so the server, the spec test and clients derive their lists from one place.
public enum MessageRegistry {
  /// Requests the client sends to the server.
  public static let clientRequests: [any RequestType.Type] = [
    InitializeRequest.self,
    ShutdownRequest.self,
    ExecuteCommandRequest.self,
    StatusRequest.self,
    SynchronizeRequest.self,
    SearchRequest.self,
    WorkspaceSymbolRequest.self,
  ]

  /// Notifications the client sends to the server.
  public static let clientNotifications: [any NotificationType.Type] = [
    InitializedNotification.self,
    ExitNotification.self,
    CancelRequestNotification.self,
    DidOpenTextDocumentNotification.self,
    DidChangeTextDocumentNotification.self,
    DidCloseTextDocumentNotification.self,
    DidSaveTextDocumentNotification.self,
    DidChangeWorkspaceFoldersNotification.self,
    DidChangeWatchedFilesNotification.self,
    DidChangeConfigurationNotification.self,
  ]

  /// Requests the server sends to the client.
  public static let serverRequests: [any RequestType.Type] = [
    WorkDoneProgressCreateRequest.self,
    RegisterCapabilityRequest.self,
    ConfigurationRequest.self,
  ]

  /// Notifications the server sends to the client.
  public static let serverNotifications: [any NotificationType.Type] = [
    LogMessageNotification.self,
    ShowMessageNotification.self,
    ProgressNotification.self,
  ]

  /// The `docent/*` requests, as advertised under `experimental.docent.requests`.
  public static var docentRequests: [String] {
    clientRequests.map { $0.method }.filter { $0.hasPrefix("docent/") }
  }
}
