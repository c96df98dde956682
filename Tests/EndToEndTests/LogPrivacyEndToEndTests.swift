import Foundation
import JSONRPC
import LSP
import Testing
import TestSupport

/// With the default `logPrivacy` the built `docent serve` keeps user text out of every log line, on stderr and in
/// `window/logMessage`, even at the most verbose level; `logPrivacy: full` lets it in.
@Suite struct LogPrivacyEndToEndTests {
  /// A marker that occurs only in user text: file contents on disk and in the editor, edits, queries, and bytes
  /// of malformed messages (not in paths and URIs, which logs name).
  static let marker = "PRIVATE-7f3a-marker"

  @Test func userTextNeverReachesTheLogsUnlessPrivacyIsFull() async throws {
    let marker = Self.marker
    let workspace = try TemporaryWorkspace(
      """
      //- Sources/A.swift
      let a = 1
      //- Sources/Secret.swift
      /// \(marker) in a doc comment.
      func \(marker.replacingOccurrences(of: "-", with: "_"))() {}
      """)
    defer { workspace.remove() }
    let standardErrorURL = URL(fileURLWithPath: NSTemporaryDirectory())
      .appendingPathComponent("docent-privacy-\(UUID().uuidString).log")
    #expect(FileManager.default.createFile(atPath: standardErrorURL.path, contents: nil))
    defer { try? FileManager.default.removeItem(at: standardErrorURL) }
    let standardError = try FileHandle(forWritingTo: standardErrorURL)
    defer { try? standardError.close() }

    let client = try TestClient.launch(
      executable: try DocentExecutable.path(), arguments: ["--log-level", "trace"], standardError: standardError)
    try await client.initialize(workspace: workspace.url, initializationOptions: ["logLevel": "trace"])
    #expect(try await client.send(SynchronizeRequest()).files == 2)

    let uri = DocumentURI(workspace.uri("Sources/A.swift"))
    client.send(
      DidOpenTextDocumentNotification(
        textDocument: .init(uri: uri, languageId: "swift", version: 1, text: "let opened = \"\(marker)\"\n")))
    client.send(
      DidChangeTextDocumentNotification(
        textDocument: .init(uri: uri, version: 2),
        contentChanges: [
          .init(range: .init(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0)), text: marker)
        ]))
    // An edit that cannot apply (its range is reversed), and documents the server refuses to track.
    client.send(
      DidChangeTextDocumentNotification(
        textDocument: .init(uri: uri, version: 3),
        contentChanges: [
          .init(range: .init(start: .init(line: 1, character: 0), end: .init(line: 0, character: 0)), text: marker)
        ]))
    for outside in ["file:///etc/hosts", "untitled:Untitled-1"] {
      client.send(
        DidOpenTextDocumentNotification(
          textDocument: .init(uri: DocumentURI(outside), languageId: "text", version: 1, text: marker)))
    }
    _ = try await client.send(SearchRequest(query: marker))
    _ = try await client.send(WorkspaceSymbolRequest(query: marker))
    // Malformed input carrying the marker: bad JSON, bad params, a bad header line.
    try client.sendFramed(#"{"jsonrpc":"2.0","id":"bad","method":"docent/status","params":{"x":"\#(marker)"#)
    try client.sendFramed(
      #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri.stringValue)","version":4},"contentChanges":[{"text":5,"range":"\#(marker)"}]}}"#
    )
    try client.sendRaw(Array("\(marker)\r\n\r\n".utf8))
    _ = try await client.send(SynchronizeRequest())

    let redacted = try await client.send(StatusRequest(textDocument: .init(uri: uri)))
    #expect(redacted.document?.isOpen == true)
    let forwarded = await logLines(client)
    #expect(forwarded.contains { $0.contains("opened") && $0.contains("<redacted") }, "\(forwarded)")
    #expect(!forwarded.contains { $0.contains(marker) }, "\(forwarded.filter { $0.contains(marker) })")

    // The control: with full privacy the next opened document is logged with its text.
    client.send(DidChangeConfigurationNotification(settings: ["docent": ["logPrivacy": "full"]]))
    client.send(
      DidOpenTextDocumentNotification(
        textDocument: .init(
          uri: DocumentURI(workspace.uri("Sources/B.swift")), languageId: "swift", version: 1,
          text: "let full = \"\(marker)-full\"\n")))
    _ = try await client.notification(LogMessageNotification.self) { $0.message.contains("\(marker)-full") }
    #expect(try await client.shutdownAndExit() == 0)

    let logs = try String(contentsOf: standardErrorURL, encoding: .utf8).split(separator: "\n")
    #expect(logs.contains { $0.contains("opened") && $0.contains("<redacted") })
    let leaked = logs.filter { $0.contains(marker) && !$0.contains("\(marker)-full") }
    #expect(leaked.isEmpty, "\(leaked)")
    #expect(logs.contains { $0.contains("\(marker)-full") })
  }

  /// Every `window/logMessage` line received so far.
  func logLines(_ client: TestClient) async -> [String] {
    await client.inbox.messages(method: LogMessageNotification.method)
      .compactMap { try? $0.decodeParams(LogMessageNotification.self).message }
  }
}
