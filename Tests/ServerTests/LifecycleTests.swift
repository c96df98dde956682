import Foundation
import JSONRPC
import LSP
import Server
import Testing
import TestSupport

@Suite struct LifecycleTests {
  @Test func requestsBeforeInitializeAreRefusedAndNotificationsIgnored() async throws {
    let client = TestClient.inProcess()
    client.send(DidOpenTextDocumentNotification(
      textDocument: .init(uri: "file:///tmp/x.swift", languageId: "swift", version: 1, text: "x")))
    let early = try await client.result(of: StatusRequest())
    #expect(early.failure?.code == .serverNotInitialized)
    try await client.initialize(workspace: nil)
    let status = try await client.send(StatusRequest())
    #expect(status.openDocuments == 0)
    #expect(try await client.shutdownAndExit() == 0)
  }

  @Test func initializeAnswersServerInfoAndOnlyImplementedCapabilities() async throws {
    let client = TestClient.inProcess()
    let result = try await client.initialize(workspace: nil)
    #expect(result.serverInfo?.name == "docent")
    #expect(result.serverInfo?.version == docentVersion)
    #expect(result.capabilities.textDocumentSync?.change == 2)
    #expect(result.capabilities.positionEncoding == .utf16)
    #expect(Set(result.capabilities.executeCommandProvider?.commands ?? []) == Set(DocentCommand.allCases.map(\.rawValue)))
    // Every advertised docent/* request is answered (not -32601).
    for method in result.capabilities.experimental?.docent.requests ?? [] {
      #expect(LanguageServer.builtInRequests.contains { $0.method == method }, "\(method) advertised but not handled")
    }
    try await client.shutdownAndExit()
  }

  @Test func secondInitializeIsAnInvalidRequest() async throws {
    let client = TestClient.inProcess()
    try await client.initialize(workspace: nil)
    let again = try await client.result(of: InitializeRequest())
    #expect(again.failure?.code == .invalidRequest)
    try await client.shutdownAndExit()
  }

  @Test func requestsAfterShutdownAreInvalidAndExitReportsZero() async throws {
    let client = TestClient.inProcess()
    try await client.initialize(workspace: nil)
    try await client.send(ShutdownRequest())
    let late = try await client.result(of: StatusRequest())
    #expect(late.failure?.code == .invalidRequest)
    client.send(ExitNotification())
    #expect(try await client.close() == 0)
    #expect(client.reportedExitStatuses == [0])
  }

  @Test func exitWithoutShutdownReportsOne() async throws {
    let client = TestClient.inProcess()
    try await client.initialize(workspace: nil)
    client.send(ExitNotification())
    #expect(try await client.close() == 1)
    #expect(client.reportedExitStatuses == [1])
  }

  @Test func unknownMethodsAndNotifications() async throws {
    let client = TestClient.inProcess()
    try await client.initialize(workspace: nil)
    let unknown = try await client.result(of: UnknownRequest())
    #expect(unknown.failure?.code == .methodNotFound)
    client.send(UnknownNotification())
    client.send(DollarNotification())
    #expect(try await client.send(StatusRequest()).state != "")
    try await client.shutdownAndExit()
  }

  /// Unknown notifications are logged at debug level, `$/` ones not even there.
  @Test func dollarNotificationsAreIgnoredSilently() async throws {
    let client = TestClient.inProcess()
    try await client.initialize(workspace: nil, initializationOptions: ["logLevel": "trace"])
    client.send(DollarNotification())
    client.send(UnknownNotification())
    _ = try await client.notification(LogMessageNotification.self) { $0.message.contains(UnknownNotification.method) }
    let lines = await client.inbox.messages(method: LogMessageNotification.method)
      .compactMap { try? $0.decodeParams(LogMessageNotification.self).message }
    #expect(!lines.contains { $0.contains(DollarNotification.method) }, "\(lines)")
    try await client.shutdownAndExit()
  }

  /// End of input after `shutdown` (no `exit`) is a clean end too: status 0.
  @Test func endOfInputAfterShutdownReportsZero() async throws {
    let client = TestClient.inProcess()
    try await client.initialize(workspace: nil)
    try await client.send(ShutdownRequest())
    #expect(try await client.close() == 0)
    #expect(client.reportedExitStatuses.isEmpty)
  }

  /// UTF-8 whenever the client offers it, else the client's first supported encoding, else UTF-16.
  @Test(arguments: [
    ([PositionEncodingKind.utf8, .utf16], PositionEncodingKind.utf8), ([.utf16, .utf8], .utf8),
    ([.utf32, .utf16, .utf8], .utf8), ([.utf32, .utf16], .utf32), ([.utf16, .utf32], .utf16), ([.utf32], .utf32),
    ([PositionEncodingKind(rawValue: "utf-7"), .utf8], .utf8), ([PositionEncodingKind(rawValue: "utf-7")], .utf16),
    ([], .utf16),
  ])
  func utf8IsChosenWheneverOfferedElseTheClientsFirstSupportedEncoding(
    offered: [PositionEncodingKind], chosen: PositionEncodingKind
  ) async throws {
    let client = TestClient.inProcess()
    let result = try await client.initialize(
      workspace: nil, capabilities: ClientCapabilities(general: .init(positionEncodings: offered)))
    #expect(result.capabilities.positionEncoding == chosen)
    #expect(try await client.send(StatusRequest()).positionEncoding == chosen)
    try await client.shutdownAndExit()
  }

  @Test func aDuplicateRequestIDIsRefusedWithoutTouchingTheRunningRequest() async throws {
    let client = TestClient.inProcess(options: .withTestRequests)
    try await client.initialize(workspace: nil)
    let waiting = client.start(WaitUntilCancelledRequest())
    _ = try await client.send(StatusRequest())
    guard case .number(let number) = waiting.id else { return }
    try client.sendFramed(#"{"jsonrpc":"2.0","id":\#(number),"method":"docent/status"}"#)
    let refusal = try await client.unmatchedResponse(number: 1)
    #expect(refusal?.code == .invalidRequest)
    client.send(CancelRequestNotification(id: waiting.id))
    #expect(try await waiting.result().failure?.code == .requestCancelled)
    try await client.shutdownAndExit()
  }
}

struct UnknownRequest: RequestType, Hashable {
  static let method = "docent/doesNotExist"
  typealias Response = VoidResponse
}

struct UnknownNotification: NotificationType, Hashable {
  static let method = "custom/whatever"
}

struct DollarNotification: NotificationType, Hashable {
  static let method = "$/somethingNew"
}

extension Result {
  /// The error, if this is a failure.
  var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
