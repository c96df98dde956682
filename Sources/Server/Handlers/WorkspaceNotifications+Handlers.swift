import JSONRPC
import Basics
import Engine
public import LSP

extension DidChangeWorkspaceFoldersNotification: HandledNotification {
  public static func handle(
    _ notification: DidChangeWorkspaceFoldersNotification, server: isolated LanguageServer
  ) async {
    server.engine.removeRoots(notification.event.removed.map { $0.uri.stringValue })
    for error in server.engine.addRoots(notification.event.added.map { $0.uri.stringValue }) {
      server.showMessage(.warning, "Docent ignores a workspace folder: \(error.message)")
    }
  }
}

extension DidChangeWatchedFilesNotification: HandledNotification {
  public static func handle(
    _ notification: DidChangeWatchedFilesNotification, server: isolated LanguageServer
  ) async {
    let changes = notification.changes.map { event -> (uri: String, change: FileChange) in
      let change: FileChange =
        switch event.type {
        case .created: .created
        case .deleted: .deleted
        default: .changed
        }
      return (event.uri.stringValue, change)
    }
    server.engine.applyFileChanges(changes)
  }
}

extension DidChangeConfigurationNotification: HandledNotification {
  public static func handle(
    _ notification: DidChangeConfigurationNotification, server: isolated LanguageServer
  ) async {
    // A payload without Docent settings (often `null`) means "pull them": the LSP 3.17 convention.
    if let settings = notification.settings, ServerSettings.docentSection(of: settings) != nil {
      server.applySettings(settings)
    } else {
      server.pullSettings()
    }
  }
}
