import JSONRPC
import Basics
import Engine
public import LSP

extension DidOpenTextDocumentNotification: HandledNotification {
  public static func handle(_ notification: DidOpenTextDocumentNotification, server: isolated LanguageServer) async {
    let document = notification.textDocument
    do {
      try server.engine.openDocument(
        uri: document.uri.stringValue, languageID: document.languageId, version: document.version,
        text: document.text)
    } catch {
      server.logger.warning("not tracking \(document.uri): \(error.message)")
    }
  }
}

extension DidChangeTextDocumentNotification: HandledNotification {
  public static func handle(
    _ notification: DidChangeTextDocumentNotification, server: isolated LanguageServer
  ) async {
    let uri = notification.textDocument.uri
    server.cancelRequests(about: uri)
    let edits = notification.contentChanges.map { change in
      TextEdit(
        range: change.range.map { TextRange(start: TextPoint($0.start), end: TextPoint($0.end)) }, text: change.text)
    }
    do {
      try server.engine.changeDocument(
        uri: uri.stringValue, version: notification.textDocument.version, edits: edits,
        encoding: ColumnEncoding(server.positionEncoding))
    } catch {
      server.logger.error("could not apply an edit to \(uri): \(error.message)")
    }
  }
}

extension DidCloseTextDocumentNotification: HandledNotification {
  public static func handle(_ notification: DidCloseTextDocumentNotification, server: isolated LanguageServer) async {
    let uri = notification.textDocument.uri
    server.cancelRequests(about: uri)
    do {
      try server.engine.closeDocument(uri: uri.stringValue)
    } catch {
      server.logger.debug("close of untracked \(uri): \(error.message)")
    }
  }
}

extension DidSaveTextDocumentNotification: HandledNotification {
  public static func handle(_ notification: DidSaveTextDocumentNotification, server: isolated LanguageServer) async {
    do {
      try server.engine.saveDocument(uri: notification.textDocument.uri.stringValue)
    } catch {
      server.logger.debug("save of untracked \(notification.textDocument.uri): \(error.message)")
    }
  }
}

extension TextPoint {
  /// The engine point of an LSP position (columns stay in the negotiated encoding).
  init(_ position: Position) {
    self.init(line: position.line, column: position.character)
  }
}

extension ColumnEncoding {
  /// The engine encoding of a negotiated LSP position encoding.
  init(_ kind: PositionEncodingKind) {
    switch kind {
    case .utf8: self = .utf8
    case .utf32: self = .utf32
    default: self = .utf16
    }
  }
}
