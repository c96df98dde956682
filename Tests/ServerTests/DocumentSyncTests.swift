import JSONRPC
import LSP
import Server
import Testing
import TestSupport

@Suite struct DocumentSyncTests {
  struct Change: Sendable, CustomStringConvertible {
    var range: ((Int, Int), (Int, Int))?
    var text: String
    var description: String { "\(String(describing: range)) \"\(text)\"" }

    var event: TextDocumentContentChangeEvent {
      TextDocumentContentChangeEvent(
        range: range.map {
          Range(start: Position(line: $0.0.0, character: $0.0.1), end: Position(line: $0.1.0, character: $0.1.1))
        }, text: text)
    }
  }

  /// Opens `initial`, applies `changes` (one didChange each) and checks the server's text and status.
  func check(
    _ initial: String, _ changes: [Change], encoding: PositionEncodingKind = .utf16, expected: String
  ) async throws {
    let workspace = try TemporaryWorkspace()
    defer { workspace.remove() }
    let client = TestClient.inProcess(options: .withTestRequests)
    let initialized = try await client.initialize(
      workspace: workspace.url, capabilities: ClientCapabilities(general: .init(positionEncodings: [encoding])))
    #expect(initialized.capabilities.positionEncoding == encoding)
    let uri = DocumentURI(workspace.uri("Sources/Edited.swift"))
    client.send(DidOpenTextDocumentNotification(
      textDocument: .init(uri: uri, languageId: "swift", version: 1, text: initial)))
    for (index, change) in changes.enumerated() {
      client.send(DidChangeTextDocumentNotification(
        textDocument: .init(uri: uri, version: index + 2), contentChanges: [change.event]))
    }
    #expect(try await client.send(DocumentTextRequest(textDocument: .init(uri: uri))) == expected)
    let status = try await client.send(StatusRequest(textDocument: .init(uri: uri)))
    #expect(status.document?.isOpen == true)
    #expect(status.document?.version == changes.count + 1)
    #expect(status.document?.byteCount == expected.utf8.count)
    #expect(status.document?.lineCount == expected.split(separator: "\n", omittingEmptySubsequences: false).count)
    try await client.shutdownAndExit()
  }

  @Test func utf16EditsAroundEmojiAndCJK() async throws {
    try await check(
      "let 😀 = \"漢字\"\nprint(😀)\n",
      [
        Change(range: ((0, 4), (0, 6)), text: "🎉"),  // the emoji is two UTF-16 units
        Change(range: ((0, 10), (0, 12)), text: "中文字"),
        Change(range: ((1, 6), (1, 8)), text: "🎉, 1"),
        Change(range: ((2, 0), (2, 0)), text: "// end"),
      ], expected: "let 🎉 = \"中文字\"\nprint(🎉, 1)\n// end")
  }

  @Test func utf8EditsCountBytes() async throws {
    try await check(
      "let 😀 = \"漢字\"\n",
      [
        Change(range: ((0, 4), (0, 8)), text: "x"),  // the emoji is four UTF-8 bytes
        Change(range: ((0, 9), (0, 12)), text: "名"),  // one CJK character is three bytes
      ], encoding: .utf8, expected: "let x = \"名字\"\n")
  }

  @Test func utf32EditsCountScalars() async throws {
    try await check(
      "let 😀 = \"漢字\"\n",
      [
        Change(range: ((0, 4), (0, 5)), text: "x"),  // the emoji is one scalar
        Change(range: ((0, 9), (0, 10)), text: "名"),
      ], encoding: .utf32, expected: "let x = \"名字\"\n")
  }

  @Test func fullReplacementAndMultiLineEdits() async throws {
    try await check(
      "a\nb\nc\n",
      [
        Change(range: ((0, 1), (2, 0)), text: "-"),
        Change(range: nil, text: "fresh\ntext"),
        Change(range: ((1, 4), (5, 0)), text: "!\nmore"),
      ], expected: "fresh\ntext!\nmore")
  }

  @Test func reversedOrNegativeRangesAreRefusedWithoutChangingTheDocument() async throws {
    let workspace = try TemporaryWorkspace()
    defer { workspace.remove() }
    let client = TestClient.inProcess(options: .withTestRequests)
    try await client.initialize(workspace: workspace.url)
    let uri = DocumentURI(workspace.uri("a.txt"))
    client.send(DidOpenTextDocumentNotification(textDocument: .init(uri: uri, languageId: "text", version: 1, text: "abc\ndef")))
    for range in [
      Range(start: Position(line: 1, character: 2), end: Position(line: 0, character: 1)),
      Range(start: Position(line: 0, character: -3), end: Position(line: 0, character: 1)),
    ] {
      client.send(DidChangeTextDocumentNotification(
        textDocument: .init(uri: uri, version: 2),
        contentChanges: [.init(range: Range(start: Position(line: 0, character: 0), end: Position(line: 0, character: 1)), text: "X"),
                         .init(range: range, text: "boom")]))
    }
    #expect(try await client.send(DocumentTextRequest(textDocument: .init(uri: uri))) == "abc\ndef")
    try await client.shutdownAndExit()
  }

  @Test func openDocumentsOutsideTheWorkspaceAreNotTracked() async throws {
    let workspace = try TemporaryWorkspace()
    defer { workspace.remove() }
    let client = TestClient.inProcess()
    try await client.initialize(workspace: workspace.url)
    client.send(DidOpenTextDocumentNotification(
      textDocument: .init(uri: "file:///etc/hosts", languageId: "text", version: 1, text: "x")))
    client.send(DidOpenTextDocumentNotification(
      textDocument: .init(uri: "untitled:Untitled-1", languageId: "text", version: 1, text: "x")))
    let status = try await client.send(StatusRequest())
    #expect(status.openDocuments == 0)
    let outside = try await client.result(of: StatusRequest(textDocument: .init(uri: "file:///etc/hosts")))
    #expect(outside.failure?.code == .requestFailed)
    #expect(outside.failure?.reason == "outsideWorkspace")
    let untitled = try await client.result(of: StatusRequest(textDocument: .init(uri: "untitled:Untitled-1")))
    #expect(untitled.failure?.reason == "unsupportedURI")
    try await client.shutdownAndExit()
  }

  /// `didSave` is accepted, and the open text stays authoritative over what is on disk until the document closes,
  /// however the save interleaves with the indexing of the edit before it (so the scenario runs several times).
  @Test func savingKeepsTheOpenTextAuthoritative() async throws {
    let workspace = try TemporaryWorkspace("""
      //- a.swift
      func diskVersion() {}
      """)
    defer { workspace.remove() }
    let client = TestClient.inProcess(options: .withTestRequests)
    try await client.initialize(workspace: workspace.url)
    let uri = DocumentURI(workspace.uri("a.swift"))
    client.send(DidOpenTextDocumentNotification(
      textDocument: .init(uri: uri, languageId: "swift", version: 1, text: "func diskVersion() {}\n")))
    for round in 1...20 {
      let edited = "editorVersion\(round)"
      client.send(DidChangeTextDocumentNotification(
        textDocument: .init(uri: uri, version: round + 1), contentChanges: [.init(text: "func \(edited)() {}\n")]))
      // The disk holds something else (another program wrote it) when the editor reports a save.
      try workspace.write("func otherWriter\(round)() {}\n", to: "a.swift")
      client.send(DidSaveTextDocumentNotification(textDocument: .init(uri: uri)))
      _ = try await client.send(SynchronizeRequest())
      #expect(try await client.send(DocumentTextRequest(textDocument: .init(uri: uri))) == "func \(edited)() {}\n")
      #expect(try await client.send(StatusRequest(textDocument: .init(uri: uri))).document?.version == round + 1)
      let results = try await client.send(SearchRequest(query: edited)).results
      #expect(results.first?.symbol == edited, "round \(round)")
      let disk = try await client.send(SearchRequest(query: "otherWriter\(round)")).results
      #expect(disk.allSatisfy { $0.symbol != "otherWriter\(round)" }, "round \(round)")
    }

    client.send(DidCloseTextDocumentNotification(textDocument: .init(uri: uri)))
    _ = try await client.send(SynchronizeRequest())
    #expect(try await client.send(SearchRequest(query: "otherWriter20")).results.first?.symbol == "otherWriter20")
    #expect(try await client.send(SearchRequest(query: "editorVersion20")).results.allSatisfy {
      $0.symbol != "editorVersion20"
    })
    try await client.shutdownAndExit()
  }

  @Test func closingReturnsToTheDiskVersion() async throws {
    let workspace = try TemporaryWorkspace("""
      //- a.txt
      one
      two
      """)
    defer { workspace.remove() }
    let client = TestClient.inProcess()
    try await client.initialize(workspace: workspace.url)
    let uri = DocumentURI(workspace.uri("a.txt"))
    client.send(DidOpenTextDocumentNotification(
      textDocument: .init(uri: uri, languageId: "text", version: 7, text: "edited in the editor")))
    let open = try await client.send(StatusRequest(textDocument: .init(uri: uri)))
    #expect(open.document == .init(uri: uri, isOpen: true, version: 7, languageId: "text", lineCount: 1, byteCount: 20))
    client.send(DidCloseTextDocumentNotification(textDocument: .init(uri: uri)))
    let closed = try await client.send(StatusRequest(textDocument: .init(uri: uri)))
    #expect(closed.document == .init(uri: uri, isOpen: false, version: nil, languageId: nil, lineCount: 3, byteCount: 8))
    try await client.shutdownAndExit()
  }
}
