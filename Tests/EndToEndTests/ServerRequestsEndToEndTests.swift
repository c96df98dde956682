import Foundation
import JSONRPC
import LSP
import Testing
import TestSupport

/// The built `docent serve` sends requests of its own (`client/registerCapability`, `workspace/configuration`,
/// `window/workDoneProgress/create`) to a client that offers the capabilities, and matches each answer to its
/// request by id, whatever order the answers come in.
@Suite struct ServerRequestsEndToEndTests {
  /// The three requests of `initialized` are answered in the reverse order of their arrival, each with an answer
  /// only its own request can use: an error refuses the watchers, the settings carry one bad key (so applying them
  /// shows a warning), and `null` accepts the progress token. Each effect shows the answer reached its request.
  @Test func answersInReverseOrderReachTheirOwnRequests() async throws {
    let workspace = try TemporaryWorkspace(oneFileFixture)
    defer { workspace.remove() }
    let server = try ServerProcess()
    defer { server.stop() }
    let initialize = try await server.request(
      "initialize", id: "initialize",
      params: #"""
        {"rootUri":"\#(workspace.uri())","capabilities":{"window":{"workDoneProgress":true},
         "workspace":{"configuration":true,"didChangeWatchedFiles":{"dynamicRegistration":true}}},
         "initializationOptions":{"progressDelayMilliseconds":0,"indexLocation":"workspace"}}
        """#)
    #expect(initialize["result"]?["serverInfo"]?["name"] == "docent")
    try server.send(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)

    let methods = [
      RegisterCapabilityRequest.method, ConfigurationRequest.method, WorkDoneProgressCreateRequest.method,
    ]
    let output = try await server.waitForOutput("the server's three requests") { output in
      methods.allSatisfy { method in output.messages.contains { $0?["method"] == .string(method) } }
    }
    let requests = output.messages.compactMap { $0 }.filter { $0["id"] != nil && $0["method"] != nil }
    #expect(requests.count == 3)
    let ids = requests.compactMap { $0["id"] }
    #expect(Set(ids).count == 3, "the server's request ids are distinct: \(ids)")

    for request in requests.reversed() {
      let id = try String(decoding: JSONEncoder().encode(request["id"]), as: UTF8.self)
      switch request["method"] {
      case .string(RegisterCapabilityRequest.method)?:
        try server.send(
          #"{"jsonrpc":"2.0","id":\#(id),"error":{"code":-32603,"message":"watchers refused by the test"}}"#)
      case .string(ConfigurationRequest.method)?:
        try server.send(
          #"{"jsonrpc":"2.0","id":\#(id),"result":[{"logLevel":"debug","logPrivacy":"full","progressDelayMilliseconds":"soon"}]}"#
        )
      default:
        try server.send(#"{"jsonrpc":"2.0","id":\#(id),"result":null}"#)
      }
    }

    // The settings answer was applied (its bad key is reported) ...
    try await server.waitForNotification(ShowMessageNotification.method, containing: "progressDelayMilliseconds")
    // ... the error reached the registration ...
    try await server.waitForNotification(LogMessageNotification.method, containing: "watchers refused by the test")
    // ... and the progress token was accepted: `begin` and `end` follow, with the token the server asked for.
    let create = requests.first { $0["method"] == .string(WorkDoneProgressCreateRequest.method) }
    let token = try #require(create?["params"]?["token"])
    let progress = try await server.waitForOutput("progress begin and end") { output in
      let kinds = output.messages.compactMap { $0 }.filter { $0["method"] == "$/progress" && $0["params"]?["token"] == token }
        .compactMap { $0["params"]?["value"]?["kind"] }
      return kinds.contains("begin") && kinds.contains("end")
    }
    #expect(progress.messages.compactMap { $0 }.filter { $0["method"] == "$/progress" }.allSatisfy {
      $0["params"]?["token"] == token
    })

    // The settings are in force: debug level and full privacy show an opened document's text.
    let uri = workspace.uri("Sources/A.swift")
    try server.send(
      #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","languageId":"swift","version":1,"text":"let visibleMarker = 1\n"}}}"#
    )
    try await server.waitForNotification(LogMessageNotification.method, containing: "visibleMarker")

    let shutdown = try await server.request("shutdown", id: "shutdown", params: "null")
    #expect(shutdown["error"] == nil)
    try server.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
    #expect(try await server.waitForExit() == 0)
    // No answer went astray: the server answered only the client's requests, each once.
    let replies = try await server.waitForEndOfOutput().messages.compactMap { $0.flatMap(Reply.init) }
    #expect(replies.map(\.id) == [.string("initialize"), .string("shutdown")])
  }
}

extension ServerProcess {
  /// Waits for a notification with `method` whose `params.message` contains `text`.
  func waitForNotification(_ method: String, containing text: String) async throws {
    _ = try await waitForOutput("\(method) containing '\(text)'") { output in
      output.messages.contains { message in
        guard message?["method"] == .string(method), case .string(let line)? = message?["params"]?["message"] else {
          return false
        }
        return line.contains(text)
      }
    }
  }
}
