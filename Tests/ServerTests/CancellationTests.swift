import JSONRPC
import LSP
import Server
import Testing
import TestSupport

@Suite struct CancellationTests {
  /// Starts a request that only ends through cancellation.
  func startWaiting(_ client: TestClient, on document: String? = nil) -> PendingRequest<WaitUntilCancelledRequest> {
    client.start(WaitUntilCancelledRequest(textDocument: document.map { .init(uri: DocumentURI($0)) }))
  }

  @Test func cancelRequestAnswersRequestCancelledWhileOtherRequestsKeepFlowing() async throws {
    let client = TestClient.inProcess(options: .withTestRequests)
    try await client.initialize(workspace: nil)
    let waiting = startWaiting(client)
    // A slow request never blocks status.
    for _ in 0..<20 { _ = try await client.send(StatusRequest()) }
    client.send(CancelRequestNotification(id: waiting.id))
    let result = try await waiting.result()
    #expect(result.failure?.code == .requestCancelled)
    try await client.shutdownAndExit()
  }

  @Test func editingTheDocumentCancelsRequestsAboutItWithContentModified() async throws {
    let workspace = try TemporaryWorkspace("""
      //- a.swift
      let a = 1
      //- b.swift
      let b = 2
      """)
    defer { workspace.remove() }
    let client = TestClient.inProcess(options: .withTestRequests)
    try await client.initialize(workspace: workspace.url)
    for name in ["a.swift", "b.swift"] {
      client.send(DidOpenTextDocumentNotification(
        textDocument: .init(uri: DocumentURI(workspace.uri(name)), languageId: "swift", version: 1, text: "let x = 0\n")))
    }
    let onA = startWaiting(client, on: workspace.uri("a.swift"))
    let onB = startWaiting(client, on: workspace.uri("b.swift"))
    _ = try await client.send(StatusRequest())  // both waiting requests have arrived
    client.send(DidChangeTextDocumentNotification(
      textDocument: .init(uri: DocumentURI(workspace.uri("a.swift")), version: 2),
      contentChanges: [.init(text: "let y = 1\n")]))
    let resultA = try await onA.result()
    #expect(resultA.failure?.code == .contentModified)

    client.send(DidCloseTextDocumentNotification(textDocument: .init(uri: DocumentURI(workspace.uri("b.swift")))))
    let resultB = try await onB.result()
    #expect(resultB.failure?.code == .contentModified)
    try await client.shutdownAndExit()
  }

  /// Completion is excepted from -32801 on edits: edits and closing leave it running; the next completion request
  /// about the same document supersedes it (-32801), one about another document does not. A request cancelled by
  /// the client answers -32800, so each answer tells which cancellation came first.
  @Test func completionLikeRequestsSurviveEditsAndAreSupersededByTheNextOne() async throws {
    let workspace = try TemporaryWorkspace()
    defer { workspace.remove() }
    let client = TestClient.inProcess(options: .withTestRequests)
    try await client.initialize(workspace: workspace.url)
    let a = DocumentURI(workspace.uri("a.swift"))
    let b = DocumentURI(workspace.uri("b.swift"))
    for uri in [a, b] {
      client.send(DidOpenTextDocumentNotification(
        textDocument: .init(uri: uri, languageId: "swift", version: 1, text: "let x = 0\n")))
    }
    let first = client.start(WaitLikeCompletionRequest(textDocument: .init(uri: a)))
    let onB = client.start(WaitLikeCompletionRequest(textDocument: .init(uri: b)))
    let cancelledByEdits = startWaiting(client, on: a.stringValue)
    _ = try await client.send(StatusRequest())
    client.send(DidChangeTextDocumentNotification(
      textDocument: .init(uri: a, version: 2), contentChanges: [.init(text: "let y = 1\n")]))
    #expect(try await cancelledByEdits.result().failure?.code == .contentModified)

    // The edit was applied before this status was read: had it cancelled `first`, its reason would be -32801.
    _ = try await client.send(StatusRequest())
    let second = client.start(WaitLikeCompletionRequest(textDocument: .init(uri: a)))
    #expect(try await first.result().failure?.code == .contentModified)

    client.send(DidCloseTextDocumentNotification(textDocument: .init(uri: a)))
    _ = try await client.send(StatusRequest())
    client.send(CancelRequestNotification(id: second.id))
    #expect(try await second.result().failure?.code == .requestCancelled, "closing did not cancel it with -32801")
    client.send(CancelRequestNotification(id: onB.id))
    #expect(try await onB.result().failure?.code == .requestCancelled, "a request about a.swift does not supersede it")
    try await client.shutdownAndExit()
  }

  @Test func aFailingRequestIsAnsweredWithAnErrorAndTheServerKeepsServing() async throws {
    let client = TestClient.inProcess(options: .withTestRequests)
    try await client.initialize(workspace: nil)
    let failure = try await client.result(of: FailingRequest())
    #expect(failure.failure?.code == .internalError)
    #expect(try await client.send(StatusRequest()).version == docentVersion)
    try await client.shutdownAndExit()
  }

  @Test func endOfInputCancelsRunningRequests() async throws {
    let client = TestClient.inProcess(options: .withTestRequests)
    try await client.initialize(workspace: nil)
    let waiting = startWaiting(client)
    _ = try await client.send(StatusRequest())
    #expect(try await client.close() == 1)  // returns only once the server has stopped
    // Answered before the server stopped, never after.
    #expect(try await waiting.result().failure?.code == .requestCancelled)
  }

  @Test func thousandConcurrentRequestsAreAllAnsweredOnce() async throws {
    let client = TestClient.inProcess()
    try await client.initialize(workspace: nil)
    try await withThrowingTaskGroup(of: String.self) { group in
      for _ in 0..<1000 {
        group.addTask { try await client.send(StatusRequest()).version }
      }
      var count = 0
      for try await version in group {
        #expect(version == docentVersion)
        count += 1
      }
      #expect(count == 1000)
    }
    try await client.shutdownAndExit()
  }
}
