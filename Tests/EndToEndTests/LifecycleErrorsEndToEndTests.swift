import Foundation
import JSONRPC
import LSP
import Testing
import TestSupport

/// Messages out of lifecycle order to the built `docent serve`: refused with the LSP's codes, and `exit` ends the
/// process with the status the specification prescribes, while its input is still open.
@Suite struct LifecycleErrorsEndToEndTests {
  /// A request sent out of lifecycle order.
  struct Request: Sendable, CustomTestStringConvertible {
    var method: String
    var params: String
    var testDescription: String { method }
  }

  /// Requests of every kind (known, unknown, lifecycle) sent in a given phase.
  static let requests: [Request] = [
    Request(method: "docent/status", params: "{}"),
    Request(method: "docent/synchronize", params: "{}"),
    Request(method: "workspace/executeCommand", params: #"{"command":"docent.status"}"#),
    Request(method: "docent/noSuchMethod", params: "{}"),
    Request(method: "shutdown", params: "null"),
  ]

  /// Before `initialize` every request is refused with -32002 (under its id); notifications other than `exit` are
  /// dropped. `initialize` then works and the server serves.
  @Test(arguments: requests)
  func requestBeforeInitializeIsServerNotInitialized(_ request: Request) async throws {
    let workspace = try TemporaryWorkspace(oneFileFixture)
    defer { workspace.remove() }
    let server = try ServerProcess()
    defer { server.stop() }
    let refused = try await server.request(request.method, id: "early", params: request.params)
    #expect(refused["error"]?["code"] == .int(ErrorCode.serverNotInitialized.rawValue))
    #expect(refused["result"] == nil)

    let uri = workspace.uri("Sources/A.swift")
    try server.send(
      #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","languageId":"swift","version":1,"text":"early\n"}}}"#
    )
    try await server.initialize(workspace: workspace)
    let status = try await server.request("docent/synchronize", id: "after")
    #expect(status["result"]?["files"] == 1)
    #expect(status["result"]?["openDocuments"] == 0)
    let document = try await server.request(
      "docent/status", id: "document", params: #"{"textDocument":{"uri":"\#(uri)"}}"#)
    #expect(document["result"]?["document"]?["isOpen"] == false)
    #expect(document["result"]?["document"]?["byteCount"] == .int(oneFileByteCount))
    try await expectShutdownAndExitWithStatusZero(server)
  }

  /// A second `initialize` is refused with -32600 and changes nothing: the first workspace is still served.
  @Test func secondInitializeIsInvalidRequest() async throws {
    let second = try TemporaryWorkspace(
      """
      //- B.swift
      let b = 2
      //- C.swift
      let c = 3
      """)
    defer { second.remove() }
    try await withInitializedServer { client, workspace in
      let again = try await client.result(
        of: InitializeRequest(rootUri: DocumentURI(second.uri()), capabilities: .editor))
      #expect(again.failureCode == .invalidRequest)
      try await expectStillServing(client, workspace)
    }
  }

  /// After `shutdown` every request, `initialize` and `shutdown` included, is refused with -32600; then `exit`
  /// ends the process with status 0 while its input is still open.
  @Test(arguments: requests + [Request(method: "initialize", params: #"{"capabilities":{}}"#)])
  func requestAfterShutdownIsInvalidRequest(_ request: Request) async throws {
    let server = try ServerProcess()
    defer { server.stop() }
    try await server.initialize()
    let shutdown = try await server.request("shutdown", id: "shutdown", params: "null")
    #expect(shutdown["result"] == .null)
    #expect(shutdown["error"] == nil)
    let refused = try await server.request(request.method, id: "late", params: request.params)
    #expect(refused["error"]?["code"] == .int(ErrorCode.invalidRequest.rawValue))
    try server.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
    #expect(try await server.waitForExit() == 0)
  }

  /// A session up to `exit`, and the status `exit` must end the process with.
  struct ExitCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// Requests (string ids, answered before the next is sent) and notifications, as `(method, id?)`.
    var steps: [(method: String, id: String?)]
    var status: Int32
    var testDescription: String { name }
  }

  static let exitCases: [ExitCase] = [
    ExitCase(name: "initialize, shutdown, exit", steps: [("initialize", "i"), ("shutdown", "s")], status: 0),
    ExitCase(
      name: "initialize, initialized, shutdown, exit",
      steps: [("initialize", "i"), ("initialized", nil), ("shutdown", "s")],
      status: 0),
    ExitCase(name: "initialize, exit", steps: [("initialize", "i")], status: 1),
    ExitCase(name: "initialize, initialized, exit", steps: [("initialize", "i"), ("initialized", nil)], status: 1),
    ExitCase(name: "exit alone", steps: [], status: 1),
    ExitCase(name: "refused shutdown before initialize, exit", steps: [("shutdown", "s")], status: 1),
  ]

  /// `exit` ends the process by itself (stdin stays open) with 0 after `shutdown` and 1 otherwise; stdout then
  /// ends, and nothing sent after `exit` is answered.
  @Test(arguments: exitCases)
  func exitEndsTheProcessWithTheSpecifiedStatus(_ exitCase: ExitCase) async throws {
    let server = try ServerProcess()
    defer { server.stop() }
    for step in exitCase.steps {
      let params = step.method == "initialize" ? #"{"capabilities":{}}"# : "null"
      if let id = step.id {
        try await server.request(step.method, id: id, params: params)
      } else {
        try server.send(#"{"jsonrpc":"2.0","method":"\#(step.method)","params":\#(params)}"#)
      }
    }
    try server.write(
      frame(#"{"jsonrpc":"2.0","method":"exit"}"#)
        + frame(#"{"jsonrpc":"2.0","id":"afterExit","method":"docent/status"}"#))
    #expect(try await server.waitForExit() == exitCase.status)
    let output = try await server.waitForEndOfOutput()
    #expect(!output.messages.contains { $0?["id"] == "afterExit" })
    #expect(output.framingErrors.isEmpty)
  }

  /// Sends `shutdown` and `exit` and checks the process ends with status 0 on its own.
  func expectShutdownAndExitWithStatusZero(
    _ server: ServerProcess, sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    let shutdown = try await server.request("shutdown", id: "final-shutdown", params: "null")
    #expect(shutdown["error"] == nil, sourceLocation: sourceLocation)
    try server.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
    #expect(try await server.waitForExit() == 0, sourceLocation: sourceLocation)
  }
}
