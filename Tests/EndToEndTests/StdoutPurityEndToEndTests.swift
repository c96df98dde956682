import Foundation
import JSONRPC
import LSP
import Testing
import TestSupport

/// `docent serve`'s stdout carries protocol frames and nothing else: logs go to stderr and `window/logMessage`.
@Suite struct StdoutPurityEndToEndTests {
  /// A whole session at the most verbose log level, with user text that looks like framing and with bad input, read
  /// to the end of stdout: the bytes are back-to-back `Content-Length: N\r\n\r\n` frames, `MessageFramer` splits them
  /// without a framing error, and every body is a JSON-RPC 2.0 message. Meanwhile stderr did receive the logs.
  @Test func stdoutCarriesOnlyWellFormedFrames() async throws {
    let workspace = try TemporaryWorkspace(oneFileFixture)
    defer { workspace.remove() }
    let standardErrorURL = URL(fileURLWithPath: NSTemporaryDirectory())
      .appendingPathComponent("docent-stderr-\(UUID().uuidString).log")
    #expect(FileManager.default.createFile(atPath: standardErrorURL.path, contents: nil))
    defer { try? FileManager.default.removeItem(at: standardErrorURL) }
    let standardError = try FileHandle(forWritingTo: standardErrorURL)
    defer { try? standardError.close() }

    let server = try ServerProcess(arguments: ["--log-level", "trace"], standardError: standardError)
    defer { server.stop() }
    let uri = workspace.uri("Sources/A.swift")
    // Text that would corrupt the stream if a log line carrying it reached stdout.
    let trickyText = #"Content-Length: 5\r\n\r\n{}\nlet é = \"😀\"\n"#

    let initialize = try await server.request(
      "initialize", id: "initialize",
      params: #"""
        {"rootUri":"\#(workspace.uri())","capabilities":{"workspace":{"configuration":true}},
         "initializationOptions":{"logLevel":"trace","logPrivacy":"full"}}
        """#)
    #expect(initialize["result"]?["serverInfo"]?["name"] == "docent")
    try server.send(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
    // The server asks for its settings; answer as an editor would.
    let output = try await server.waitForOutput("workspace/configuration") { output in
      output.messages.contains { $0?["method"] == "workspace/configuration" }
    }
    let configurationID = output.messages.compactMap { $0 }.first { $0["method"] == "workspace/configuration" }?["id"]
    let encodedID = try String(decoding: JSONEncoder().encode(configurationID), as: UTF8.self)
    try server.send(#"{"jsonrpc":"2.0","id":\#(encodedID),"result":[{"logLevel":"trace","logPrivacy":"full"}]}"#)

    try server.send(
      #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","languageId":"swift","version":1,"text":"\#(trickyText)"}}}"#
    )
    try server.send(
      #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"// \r\n"}]}}"#
    )
    try await server.request("docent/status", id: "status", params: #"{"textDocument":{"uri":"\#(uri)"}}"#)
    try await server.request("docent/synchronize", id: "synchronize")
    try await server.request("workspace/executeCommand", id: "command", params: #"{"command":"docent.status"}"#)

    // Bad input of every kind that leaves the stream in step.
    try server.write(frame("{not json"))
    try server.write(Array("Content-Type: text/plain\r\n\r\nno length here".utf8))
    try server.write(
      framed(
        Array(#"{"jsonrpc":"2.0","id":"bytes","method":"docent/status","params":{"x":""#.utf8) + [0xFF, 0xFE]
          + Array(#""}}"#.utf8)))
    try server.send(#"{"jsonrpc":"2.0","id":"unknown","method":"docent/noSuchMethod"}"#)
    try server.send(#"{"jsonrpc":"2.0","method":"docent/noSuchNotification"}"#)
    try await server.request("docent/status", id: "wrongParams", params: #"{"textDocument":7}"#)
    try await server.request("docent/status", id: "outside", params: #"{"textDocument":{"uri":"file:///etc/passwd"}}"#)
    try await server.request("docent/status", id: "http", params: #"{"textDocument":{"uri":"http://example.com/a"}}"#)

    try await server.request("shutdown", id: "shutdown", params: "null")
    try server.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
    #expect(try await server.waitForExit() == 0)
    let stdout = try await server.waitForEndOfOutput().bytes

    // 1. Back-to-back frames with exactly the header the server writes, covering every byte.
    let bodies = try Self.strictFrames(stdout)
    // 2. MessageFramer agrees, with no framing error and nothing left over.
    var framer = MessageFramer()
    framer.append(stdout)
    var framed: [[UInt8]] = []
    while let event = framer.next() {
      switch event {
      case .message(let body): framed.append(body)
      case .error(let error): Issue.record("framing error in stdout: \(error)")
      }
    }
    #expect(framer.finish() == nil)
    #expect(framed == bodies)
    // 3. Every body is a JSON-RPC 2.0 message.
    var responseIDs: [RequestID?] = []
    var methods: [String] = []
    for body in bodies {
      let message: IncomingMessage
      do {
        message = try IncomingMessage(body: Data(body))
      } catch {
        Issue.record("stdout body is not a JSON-RPC message (\(error.error)): \(String(decoding: body, as: UTF8.self))")
        continue
      }
      switch message.kind {
      case .response(let id, _): responseIDs.append(id)
      case .request(_, let method), .notification(let method): methods.append(method)
      }
    }
    // One answer per request (three errors with id null for the bad frames), in any order.
    let expectedIDs = [
      "initialize", "status", "synchronize", "command", "null", "null", "null", "unknown", "wrongParams", "outside",
      "http", "shutdown",
    ]
    #expect(
      responseIDs.map { $0.map { "\($0)".trimmingCharacters(in: ["\""]) } ?? "null" }.sorted() == expectedIDs.sorted())
    #expect(methods.contains(LogMessageNotification.method), "logs are also forwarded to the client")

    let logs = try String(contentsOf: standardErrorURL, encoding: .utf8)
    #expect(logs.contains("docent[info]:"))
    #expect(logs.contains("docent[debug]:"))
  }

  /// Splits `bytes` into bodies, requiring each frame to be exactly `Content-Length: N\r\n\r\n` and N bytes.
  static func strictFrames(_ bytes: [UInt8]) throws -> [[UInt8]] {
    let prefix = Array("Content-Length: ".utf8)
    let separator = Array("\r\n\r\n".utf8)
    var bodies: [[UInt8]] = []
    var index = 0
    while index < bytes.count {
      guard bytes[index...].starts(with: prefix) else {
        throw UnexpectedOutput(
          description: "stdout byte \(index) does not start a frame: \(Self.excerpt(bytes, at: index))")
      }
      var cursor = index + prefix.count
      var length = 0
      let digitsStart = cursor
      while cursor < bytes.count, let digit = bytes[cursor].asciiDigit {
        length = length * 10 + digit
        cursor += 1
      }
      guard cursor > digitsStart, bytes[cursor...].starts(with: separator) else {
        throw UnexpectedOutput(
          description: "malformed header at stdout byte \(index): \(Self.excerpt(bytes, at: index))")
      }
      let bodyStart = cursor + separator.count
      guard bodyStart + length <= bytes.count else {
        throw UnexpectedOutput(description: "stdout ends inside the frame at byte \(index)")
      }
      bodies.append(Array(bytes[bodyStart..<(bodyStart + length)]))
      index = bodyStart + length
    }
    return bodies
  }

  static func excerpt(_ bytes: [UInt8], at index: Int) -> String {
    String(decoding: bytes[index..<min(bytes.count, index + 80)], as: UTF8.self).debugDescription
  }
}

extension UInt8 {
  /// The value of an ASCII decimal digit.
  fileprivate var asciiDigit: Int? {
    self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") ? Int(self - UInt8(ascii: "0")) : nil
  }
}
