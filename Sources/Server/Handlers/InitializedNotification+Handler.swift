import Engine
import Basics
import JSONRPC
public import LSP

extension InitializedNotification: HandledNotification {
  public static func handle(_ notification: InitializedNotification, server: isolated LanguageServer) async {
    guard server.phase == .initialized else { return }
    server.phase = .running
    server.configureEmbedding()
    server.engine.start()
    server.registerFileWatchers()
    server.pullSettings()
  }
}

extension LanguageServer {
  /// Asks the client to watch every file in the workspace when it supports dynamic registration.
  func registerFileWatchers() {
    guard clientCapabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration == true else { return }
    let connection = connection
    let registration = RegisterCapabilityRequest(registrations: [
      .init(
        id: "docent-watched-files", method: DidChangeWatchedFilesNotification.method,
        registerOptions: ["watchers": [["globPattern": "**/*"]]])
    ])
    startBackground {
      do {
        _ = try await connection.sendRequest(
          method: RegisterCapabilityRequest.method, params: registration, as: VoidResponse.self)
      } catch {
        self.logger.warning("the client refused file watchers: \(error)")
      }
    }
  }
}
