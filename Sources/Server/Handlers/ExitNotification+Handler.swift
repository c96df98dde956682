import Engine
import JSONRPC
import Basics
public import LSP

extension ExitNotification: HandledNotification {
  /// `exit` is intercepted before dispatch so it works in every phase; this conformance only lists it.
  public static func handle(_ notification: ExitNotification, server: isolated LanguageServer) async {}
}
