/// `textDocument/didSave`: the open document was written to disk.
public struct DidSaveTextDocumentNotification: NotificationType, Hashable {
  public static let method = "textDocument/didSave"
  public var textDocument: TextDocumentIdentifier
  /// Present only when the client includes it; Docent does not ask for it.
  public var text: String?
  public init(textDocument: TextDocumentIdentifier, text: String? = nil) {
    self.textDocument = textDocument
    self.text = text
  }
}
