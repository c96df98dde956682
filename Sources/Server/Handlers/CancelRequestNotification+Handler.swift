import Engine
import JSONRPC
import Basics
public import LSP

extension CancelRequestNotification: HandledNotification {
  public static func handle(_ notification: CancelRequestNotification, server: isolated LanguageServer) async {
    server.cancelRequest(notification.id)
  }
}
