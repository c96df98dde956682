import Foundation
import JSONRPC
import LSP
import Testing
import TestSupport

/// URIs that name something outside the workspace, or are not `file:` URIs, in every message that carries one: the
/// built `docent serve` refuses them (-32803 with `data.reason`), tracks nothing for them, and keeps serving.
@Suite struct WorkspaceBoundaryEndToEndTests {
  /// A URI written with placeholders, and the `data.reason` it must be refused with.
  struct BadURI: Sendable, CustomTestStringConvertible {
    /// `$WORKSPACE` is the workspace's `file:` URI, `$PATH` its path.
    var template: String
    var reason: String
    var testDescription: String { template }

    func uri(in workspace: TemporaryWorkspace) -> String {
      template.replacingOccurrences(of: "$WORKSPACE", with: workspace.uri())
        .replacingOccurrences(of: "$PATH", with: workspace.url.path)
    }
  }

  static let outside = "outsideWorkspace"
  static let unsupported = "unsupportedURI"

  static let badURIs: [BadURI] = [
    BadURI(template: "file:///etc/passwd", reason: outside),
    BadURI(template: "FILE:///etc/passwd", reason: outside),
    BadURI(template: "file://localhost/etc/passwd", reason: outside),
    BadURI(template: "file:///", reason: outside),
    BadURI(template: "$WORKSPACE/../../etc/passwd", reason: outside),
    BadURI(template: "$WORKSPACE/Sources/../../../etc/passwd", reason: outside),
    BadURI(template: "$WORKSPACE/%2e%2e/%2E%2E/etc/passwd", reason: outside),
    BadURI(template: "$WORKSPACE/..%2F..%2Fetc%2Fpasswd", reason: outside),
    BadURI(template: "$WORKSPACE/..", reason: outside),
    BadURI(template: "$WORKSPACE-sibling/Sources/A.swift", reason: outside),
    BadURI(template: "$WORKSPACE/escape/secret.txt", reason: outside),
    BadURI(template: "$WORKSPACE/escape", reason: outside),
    BadURI(template: "$WORKSPACE/passwd", reason: outside),
    BadURI(template: "$WORKSPACE/Sources/../escape/secret.txt", reason: outside),
    BadURI(template: "http://example.com/Sources/A.swift", reason: unsupported),
    BadURI(template: "https://example.com$PATH/Sources/A.swift", reason: unsupported),
    BadURI(template: "untitled:Untitled-1", reason: unsupported),
    BadURI(template: "vscode-notebook-cell:$PATH/Sources/A.swift#cell1", reason: unsupported),
    BadURI(template: "file://example.com$PATH/Sources/A.swift", reason: unsupported),
    BadURI(template: "file:$PATH/Sources/A.swift", reason: unsupported),
    BadURI(template: "$PATH/Sources/A.swift", reason: unsupported),
    BadURI(template: "Sources/A.swift", reason: unsupported),
    BadURI(template: "", reason: unsupported),
    BadURI(template: "$WORKSPACE/Sources/%zz.swift", reason: unsupported),
    BadURI(template: "$WORKSPACE/Sources/A.swift%00.txt", reason: unsupported),
  ]

  /// The workspace holds one file, `escape` (a link to a folder outside it) and `passwd` (a link to `/etc/passwd`).
  /// The URI is refused by `docent/status`; `didOpen`, `didChange`, `didSave`, `didClose` and watched-file events
  /// naming it change nothing (no document is tracked, no file counted, nothing answered); a later status on it is
  /// still refused (not reported open), and the server still serves the workspace.
  @Test(arguments: badURIs)
  func uriIsRefusedAndNeverTracked(_ badURI: BadURI) async throws {
    let outside = try TemporaryWorkspace(
      """
      //- secret.txt
      secret
      """)
    defer { outside.remove() }
    try await withInitializedServer { client, workspace in
      try FileManager.default.createSymbolicLink(
        at: workspace.url.appendingPathComponent("escape"), withDestinationURL: outside.url)
      try FileManager.default.createSymbolicLink(
        at: workspace.url.appendingPathComponent("passwd"), withDestinationURL: URL(fileURLWithPath: "/etc/passwd"))
      // Only the sibling case needs this folder; it exists so that being refused is about the path, not absence.
      let sibling = URL(fileURLWithPath: workspace.url.path + "-sibling/Sources")
      try FileManager.default.createDirectory(at: sibling, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: sibling.deletingLastPathComponent()) }
      try Data("let b = 2\n".utf8).write(to: sibling.appendingPathComponent("A.swift"))

      let uri = DocumentURI(badURI.uri(in: workspace))
      let before = try await client.result(of: StatusRequest(textDocument: .init(uri: uri)))
      #expect(before.failureCode == .requestFailed)
      #expect(before.failureReason == badURI.reason)

      client.send(
        DidOpenTextDocumentNotification(
          textDocument: .init(uri: uri, languageId: "plaintext", version: 1, text: "leaked\n")))
      client.send(
        DidChangeTextDocumentNotification(
          textDocument: .init(uri: uri, version: 2), contentChanges: [.init(text: "changed\n")]))
      client.send(DidSaveTextDocumentNotification(textDocument: .init(uri: uri)))
      client.send(
        DidChangeWatchedFilesNotification(changes: [
          .init(uri: uri, type: .created), .init(uri: uri, type: .changed),
        ]))
      let after = try await client.result(of: StatusRequest(textDocument: .init(uri: uri)))
      #expect(after.failureCode == .requestFailed)
      #expect(after.failureReason == badURI.reason)
      #expect((try? after.get())?.document?.isOpen != true)

      client.send(DidCloseTextDocumentNotification(textDocument: .init(uri: uri)))
      client.send(DidChangeWatchedFilesNotification(changes: [.init(uri: uri, type: .deleted)]))
      try await expectStillServing(client, workspace)
      let replies = await client.strayReplies()
      #expect(replies.isEmpty)
    }
  }

  /// The control: `..` and links that stay inside the workspace are accepted.
  @Test(arguments: [
    "$WORKSPACE/Sources/../Sources/A.swift", "$WORKSPACE/Sources/%2e%2e/Sources/A.swift", "$WORKSPACE/inside/A.swift",
  ])
  func uriThatStaysInsideIsAccepted(_ template: String) async throws {
    try await withInitializedServer { client, workspace in
      try FileManager.default.createSymbolicLink(
        at: workspace.url.appendingPathComponent("inside"),
        withDestinationURL: workspace.url.appendingPathComponent("Sources"))
      let uri = DocumentURI(BadURI(template: template, reason: "").uri(in: workspace))
      let onDisk = try await client.send(StatusRequest(textDocument: .init(uri: uri)))
      #expect(onDisk.document?.isOpen == false)
      #expect(onDisk.document?.byteCount == oneFileByteCount)
      client.send(
        DidOpenTextDocumentNotification(
          textDocument: .init(uri: uri, languageId: "swift", version: 7, text: "let a = 100\n")))
      let open = try await client.send(StatusRequest(textDocument: .init(uri: uri)))
      #expect(open.document?.isOpen == true)
      #expect(open.document?.version == 7)
      #expect(open.document?.byteCount == 12)
      #expect(open.openDocuments == 1)
    }
  }

  /// Workspace folders that are not `file:` URIs are refused with a `window/showMessage` warning (sent before the
  /// answer that follows), in `initialize` and in `workspace/didChangeWorkspaceFolders`; the server serves on.
  @Test(arguments: [
    "http://example.com/project", "untitled:folder", "file://example.com/project", "file:///no/such/folder",
  ])
  func nonFileWorkspaceFolderIsRefusedWithAWarning(_ folder: String) async throws {
    let client = try TestClient.launch(executable: try DocentExecutable.path())
    let result = try await client.send(
      InitializeRequest(rootUri: DocumentURI(folder), capabilities: .editor))
    #expect(result.serverInfo?.name == "docent")
    client.send(InitializedNotification())
    let status = try await client.send(SynchronizeRequest())
    #expect(status.roots.isEmpty)
    #expect(try await folderWarnings(client) == 1)

    client.send(
      DidChangeWorkspaceFoldersNotification(
        event: .init(added: [WorkspaceFolder(uri: DocumentURI(folder), name: "bad")], removed: [])))
    let afterChange = try await client.send(SynchronizeRequest())
    #expect(afterChange.roots.isEmpty)
    #expect(afterChange.ready)
    #expect(try await folderWarnings(client) == 2)
    let outsideStatus = try await client.result(
      of: StatusRequest(textDocument: .init(uri: "file:///etc/passwd")))
    #expect(outsideStatus.failureReason == "outsideWorkspace")
    #expect(try await client.shutdownAndExit() == 0)
  }

  /// The `window/showMessage` warnings about refused workspace folders received so far.
  func folderWarnings(_ client: TestClient) async throws -> Int {
    try await client.inbox.messages(method: ShowMessageNotification.method)
      .map { try $0.decodeParams(ShowMessageNotification.self) }
      .count { $0.type == .warning && $0.message.contains("workspace folder") }
  }
}
