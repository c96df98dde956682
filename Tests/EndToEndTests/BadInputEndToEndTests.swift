import Foundation
import JSONRPC
import LSP
import Testing
import TestSupport

/// Malformed input to the built `docent serve`: each gets the reply the JSON-RPC 2.0 and LSP specifications require
/// (or none, where they say to ignore it), and the server keeps serving afterwards.
@Suite struct BadInputEndToEndTests {
  /// Bytes sent to an initialized server, and the replies that must come back before the next good request's.
  struct BadInput: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var replies: [Reply]
    var testDescription: String { name }

    /// A well-framed body.
    static func body(_ name: String, _ json: String, _ replies: Reply...) -> BadInput {
      BadInput(name: name, bytes: frame(json), replies: replies)
    }

    /// A well-framed `docent/status` request with `raw` bytes inside one of its strings: -32700, id null.
    static func nonUTF8(_ name: String, _ raw: [UInt8]) -> BadInput {
      let body =
        Array(#"{"jsonrpc":"2.0","id":"utf8","method":"docent/status","params":{"note":"a"#.utf8) + raw
        + Array(#"b"}}"#.utf8)
      return BadInput(name: name, bytes: framed(body), replies: [Reply(.parseError, id: nil)])
    }

    /// Bytes exactly as given, framing included.
    static func raw(_ name: String, _ text: String, _ replies: Reply...) -> BadInput {
      BadInput(name: name, bytes: Array(text.utf8), replies: replies)
    }

    /// Bytes exactly as given, framing included, with `bytes` (not UTF-8) in place of each `%`.
    static func raw(_ name: String, _ text: String, inserting bytes: [UInt8], _ replies: Reply...) -> BadInput {
      let pieces = text.split(separator: "%", omittingEmptySubsequences: false).map { Array($0.utf8) }
      return BadInput(name: name, bytes: Array(pieces.joined(separator: bytes)), replies: replies)
    }
  }

  static let parseErrorWithNullID = Reply(.parseError, id: nil)
  static let invalidRequestWithNullID = Reply(.invalidRequest, id: nil)

  /// Bodies that are not JSON (-32700) or not a JSON-RPC message (-32600); the id is echoed only when it could be
  /// read from a JSON-RPC 2.0 object.
  static let malformedBodies: [BadInput] = [
    .body("truncated JSON", #"{"jsonrpc":"2.0","id":"a","method":"#, parseErrorWithNullID),
    .body("not JSON", "hello", parseErrorWithNullID),
    .body("single-quoted JSON", "{'jsonrpc':'2.0','id':'a','method':'docent/status'}", parseErrorWithNullID),
    .body("JSON followed by garbage", #"{"jsonrpc":"2.0","id":"a","method":"docent/status"} }"#, parseErrorWithNullID),
    .body("empty body", "", parseErrorWithNullID),
    .body("empty array", "[]", invalidRequestWithNullID),
    .body("batch (LSP has none)", #"[{"jsonrpc":"2.0","id":"a","method":"docent/status"}]"#, invalidRequestWithNullID),
    .body("number", "42", invalidRequestWithNullID),
    .body("string", #""x""#, invalidRequestWithNullID),
    .body("null", "null", invalidRequestWithNullID),
    .body("boolean", "true", invalidRequestWithNullID),
    .body("no jsonrpc member", #"{"id":"a","method":"docent/status"}"#, invalidRequestWithNullID),
    .body("jsonrpc 1.0", #"{"jsonrpc":"1.0","id":"a","method":"docent/status"}"#, invalidRequestWithNullID),
    .body("jsonrpc as a number", #"{"jsonrpc":2.0,"id":"a","method":"docent/status"}"#, invalidRequestWithNullID),
    .body("id is an object", #"{"jsonrpc":"2.0","id":{},"method":"docent/status"}"#, invalidRequestWithNullID),
    .body("id is an array", #"{"jsonrpc":"2.0","id":[1],"method":"docent/status"}"#, invalidRequestWithNullID),
    .body("id is fractional", #"{"jsonrpc":"2.0","id":1.5,"method":"docent/status"}"#, invalidRequestWithNullID),
    .body("id is a Boolean", #"{"jsonrpc":"2.0","id":true,"method":"docent/status"}"#, invalidRequestWithNullID),
    .body(
      "request without method", #"{"jsonrpc":"2.0","id":"a","params":{}}"#, Reply(.invalidRequest, id: .string("a"))),
    .body("method is a number", #"{"jsonrpc":"2.0","id":"b","method":7}"#, Reply(.invalidRequest, id: .string("b"))),
    .body(
      "method and result together", #"{"jsonrpc":"2.0","id":"c","method":"docent/status","result":1}"#,
      Reply(.invalidRequest, id: .string("c"))),
    .body("error is a number", #"{"jsonrpc":"2.0","id":"d","error":5}"#, Reply(.invalidRequest, id: .string("d"))),
  ]

  /// Well-formed requests the server cannot serve: unknown methods (-32601) and params of the wrong shape (-32602),
  /// answered under the request's id. (These are answered before the next message is read; errors a handler
  /// throws while running concurrently are checked with typed requests, as in `unknownCommandIsInvalidParams`.)
  static let unservableRequests: [BadInput] = [
    .body(
      "unknown method", #"{"jsonrpc":"2.0","id":"m","method":"docent/noSuchMethod","params":{}}"#,
      Reply(.methodNotFound, id: .string("m"))),
    .body(
      "unknown method with a numeric id", #"{"jsonrpc":"2.0","id":987654,"method":"textDocument/noSuchMethod"}"#,
      Reply(.methodNotFound, id: .number(987_654))),
    .body(
      "unknown method that looks like a notification name", #"{"jsonrpc":"2.0","id":"e","method":"exit"}"#,
      Reply(.methodNotFound, id: .string("e"))),
    .body(
      "status with textDocument 7",
      #"{"jsonrpc":"2.0","id":"p1","method":"docent/status","params":{"textDocument":7}}"#,
      Reply(.invalidParams, id: .string("p1"))),
    .body(
      "status with a numeric uri",
      #"{"jsonrpc":"2.0","id":"p2","method":"docent/status","params":{"textDocument":{"uri":5}}}"#,
      Reply(.invalidParams, id: .string("p2"))),
    .body(
      "status with a textDocument without uri",
      #"{"jsonrpc":"2.0","id":"p3","method":"docent/status","params":{"textDocument":{}}}"#,
      Reply(.invalidParams, id: .string("p3"))),
    .body(
      "status with params 7", #"{"jsonrpc":"2.0","id":"p4","method":"docent/status","params":7}"#,
      Reply(.invalidParams, id: .string("p4"))),
    .body(
      "status with positional params", #"{"jsonrpc":"2.0","id":"p5","method":"docent/status","params":[1]}"#,
      Reply(.invalidParams, id: .string("p5"))),
    .body(
      "synchronize with a string for params",
      #"{"jsonrpc":"2.0","id":"p6","method":"docent/synchronize","params":"x"}"#,
      Reply(.invalidParams, id: .string("p6"))),
    .body(
      "executeCommand without command", #"{"jsonrpc":"2.0","id":"p7","method":"workspace/executeCommand","params":{}}"#,
      Reply(.invalidParams, id: .string("p7"))),
  ]

  /// Bodies that are not UTF-8 (the base protocol's encoding): -32700, id null, even though the JSON is well formed.
  static let nonUTF8Bodies: [BadInput] = [
    .nonUTF8("lone continuation byte", [0x80]),
    .nonUTF8("byte 0xFF", [0xFF]),
    .nonUTF8("Latin-1 e-acute", [0xE9]),
    .nonUTF8("overlong slash", [0xC0, 0xAF]),
    .nonUTF8("UTF-16 surrogate", [0xED, 0xA0, 0x80]),
    .nonUTF8("beyond U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
    .nonUTF8("sequence cut short", [0xE2, 0x82]),
  ]

  /// Notifications and responses: never answered, whatever is wrong with them.
  static let unanswerable: [BadInput] = [
    .body("unknown notification", #"{"jsonrpc":"2.0","method":"docent/noSuchNotification","params":{"x":1}}"#),
    .body("unknown $/ notification", #"{"jsonrpc":"2.0","method":"$/noSuchNotification"}"#),
    .body("notification with id null", #"{"jsonrpc":"2.0","id":null,"method":"docent/noSuchNotification"}"#),
    .body(
      "didOpen with textDocument 7", #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":7}}"#),
    .body(
      "didChange with contentChanges \"x\"",
      #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a","version":2},"contentChanges":"x"}}"#
    ),
    .body(
      "didChange of a document that is not open",
      #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere/a.swift","version":2},"contentChanges":[{"text":"x"}]}}"#
    ),
    .body("didClose without params", #"{"jsonrpc":"2.0","method":"textDocument/didClose"}"#),
    .body("cancel of an unknown request", #"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"nobody"}}"#),
    .body("cancel with an object id", #"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":{}}}"#),
    .body("initialized a second time", #"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
    .body("response to no request", #"{"jsonrpc":"2.0","id":"nobody","result":null}"#),
    .body("error response from the client", #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}}"#),
  ]

  /// Header blocks that cannot be framed: -32700 with id null, then the framer finds the next `Content-Length`
  /// (one odd but well-framed header block is accepted, and its body judged as usual).
  static let badFraming: [BadInput] = [
    .raw(
      "no Content-Length header",
      "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
        + #"{"jsonrpc":"2.0","id":"lost","method":"docent/status"}"#, parseErrorWithNullID),
    .raw("Content-Length not a number", "Content-Length: ten\r\n\r\n{}", parseErrorWithNullID),
    .raw("negative Content-Length", "Content-Length: -2\r\n\r\n{}", parseErrorWithNullID),
    .raw("fractional Content-Length", "Content-Length: 2.0\r\n\r\n{}", parseErrorWithNullID),
    .raw("empty Content-Length", "Content-Length:\r\n\r\n{}", parseErrorWithNullID),
    .raw("header line without a colon", "Content-Length 2\r\n\r\n{}", parseErrorWithNullID),
    .raw("text instead of a header", "hello world\r\n\r\n", parseErrorWithNullID),
    .raw(
      "header block longer than 16 KiB", "X-Padding: " + String(repeating: "a", count: 20_000), parseErrorWithNullID),
    .raw("non-UTF-8 header line", "%\r\n\r\n", inserting: [0xFF, 0xFE], parseErrorWithNullID),
    .raw(
      "non-UTF-8 byte in the Content-Length value", "Content-Length: 2%\r\n\r\n{}", inserting: [0xFF],
      parseErrorWithNullID),
    // An unknown header is tolerated whatever its bytes; the body `{}` is then not a JSON-RPC message.
    .raw(
      "non-UTF-8 unknown header", "X-%: %\r\nContent-Length: 2\r\n\r\n{}", inserting: [0xC0, 0xAF],
      invalidRequestWithNullID),
  ]

  @Test(arguments: malformedBodies)
  func malformedBodyIsRejected(_ input: BadInput) async throws {
    try await check(input)
  }

  @Test(arguments: unservableRequests)
  func unservableRequestIsRejectedUnderItsID(_ input: BadInput) async throws {
    try await check(input)
  }

  @Test(arguments: nonUTF8Bodies)
  func nonUTF8BodyIsAParseError(_ input: BadInput) async throws {
    try await check(input)
  }

  @Test(arguments: unanswerable)
  func notificationOrResponseGetsNoReply(_ input: BadInput) async throws {
    try await check(input)
  }

  @Test(arguments: badFraming)
  func badFramingIsReportedAndTheNextMessageIsAnswered(_ input: BadInput) async throws {
    try await check(input)
  }

  /// Every bad input above in one write: the replies come in order, and the server still serves.
  ///
  /// Bad header blocks without a `Content-Length` are left out: after a framing error everything up to the next
  /// `Content-Length` is skipped, so such a block right after another bad one is part of the first error.
  @Test func allBadInputsInOneBurst() async throws {
    let merging = ["text instead of a header", "header block longer than 16 KiB", "non-UTF-8 header line"]
    let framing = Self.badFraming.filter { !merging.contains($0.name) }
    #expect(framing.count == Self.badFraming.count - merging.count)
    let inputs = Self.malformedBodies + Self.unservableRequests + Self.nonUTF8Bodies + Self.unanswerable + framing
    try await check(
      BadInput(name: "all", bytes: inputs.flatMap(\.bytes), replies: inputs.flatMap(\.replies)))
  }

  /// A body over `--max-message-bytes` is refused with -32600 and id null, its bytes skipped (even when they
  /// arrive in pieces), and the message after it answered.
  @Test(arguments: [1, 3])
  func oversizedMessageIsSkippedAndTheNextOneAnswered(pieces: Int) async throws {
    let body = Array(
      #"{"jsonrpc":"2.0","id":"big","method":"docent/status","params":{"padding":"\#(String(repeating: "x", count: 5000))"}}"#
        .utf8)
    let bytes = framed(body)
    let pieceSize = (bytes.count + pieces - 1) / pieces
    try await withInitializedServer(arguments: ["--max-message-bytes", "1024"]) { client, workspace in
      for start in stride(from: 0, to: bytes.count, by: pieceSize) {
        try client.sendRaw(Array(bytes[start..<min(start + pieceSize, bytes.count)]))
      }
      try await expectStillServing(client, workspace)
      let replies = await client.strayReplies()
      #expect(replies == [Self.invalidRequestWithNullID])
    }
  }

  /// An error thrown by a running handler (not by decoding) reaches the client too.
  @Test func unknownCommandIsInvalidParams() async throws {
    try await withInitializedServer { client, workspace in
      let result = try await client.result(of: ExecuteCommandRequest(command: "docent.noSuchCommand"))
      #expect(throws: ResponseError.self) { try result.get() }
      #expect(result.failureCode == .invalidParams)
      try await expectStillServing(client, workspace)
      let replies = await client.strayReplies()
      #expect(replies.isEmpty)
    }
  }

  /// Sends `input` to an initialized server, then checks the server still answers correctly and that exactly
  /// `input.replies` came back before that answer.
  func check(_ input: BadInput, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    try await withInitializedServer { client, workspace in
      try client.sendRaw(input.bytes)
      try await expectStillServing(client, workspace, sourceLocation: sourceLocation)
      // Errors are written while the bad input is read, so they precede the answers `expectStillServing` awaited.
      let replies = await client.strayReplies()
      #expect(replies == input.replies, sourceLocation: sourceLocation)
    }
  }

  // MARK: Framings that are accepted

  /// A header spelling the server must accept, wrapped around a request.
  struct Framing: Sendable, CustomTestStringConvertible {
    var name: String
    var header: @Sendable (_ length: Int) -> String
    var testDescription: String { name }
  }

  static let acceptedFramings: [Framing] = [
    Framing(name: "LF-only line endings") { "Content-Length: \($0)\n\n" },
    Framing(name: "LF-only with Content-Type") {
      "Content-Length: \($0)\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n"
    },
    Framing(name: "LF then CRLF ending the block") { "Content-Length: \($0)\n\r\n" },
    Framing(name: "Content-Type first") {
      "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: \($0)\r\n\r\n"
    },
    Framing(name: "unknown header") { "X-Editor: test\r\nContent-Length: \($0)\r\n\r\n" },
    Framing(name: "lowercase name without a space") { "content-length:\($0)\r\n\r\n" },
    Framing(name: "value padded with spaces and tabs") { "Content-Length: \t \($0) \t\r\n\r\n" },
    Framing(name: "leading zeros") { "Content-Length: 000\($0)\r\n\r\n" },
    Framing(name: "blank lines before the header") { "\r\n\n\r\nContent-Length: \($0)\r\n\r\n" },
  ]

  /// The framing is accepted: the request in it is answered, no framing error is reported, and the well-framed
  /// request written right after it (same write) is answered too.
  @Test(arguments: acceptedFramings)
  func acceptedFramingIsAnsweredNormally(_ framing: Framing) async throws {
    let workspace = try TemporaryWorkspace(oneFileFixture)
    defer { workspace.remove() }
    let server = try ServerProcess()
    defer { server.stop() }
    try await server.initialize(workspace: workspace)
    let body = #"{"jsonrpc":"2.0","id":"framed","method":"docent/status","params":{}}"#
    try server.write(
      Array((framing.header(body.utf8.count) + body).utf8)
        + frame(
          #"{"jsonrpc":"2.0","id":"next","method":"docent/status","params":{}}"#))
    let framed = try await server.response(id: "framed")
    let next = try await server.response(id: "next")
    #expect(framed["result"]?["roots"] == [.string(workspace.uri())])
    #expect(framed["error"] == nil)
    #expect(next["result"]?["roots"] == [.string(workspace.uri())])
    let errors = server.output.value.messages.filter { $0?["error"] != nil }
    #expect(errors.isEmpty)
    server.closeInput()
    #expect(try await server.waitForExit() == 1)
  }

  // MARK: Sizes and the end of input

  /// A `Content-Length` far beyond the limit (10^12, and 26 digits: beyond `Int.max`) is refused with -32600 and id null
  /// before any body byte is stored: the server skips what follows as it arrives. 80 MiB of body (more than the
  /// 64 MiB limit) leave its resident and peak memory small, and end of input then ends it promptly.
  ///
  /// The bytes after such a header belong to its body, so no later request can be answered on this connection;
  /// `oversizedMessageIsSkippedAndTheNextOneAnswered` shows serving resumes once a skipped body has passed.
  @Test(arguments: ["1000000000000", "99999999999999999999999999"])
  func hugeContentLengthAllocatesNothing(length: String) async throws {
    let server = try ServerProcess()
    defer { server.stop() }
    try await server.initialize()
    try server.write(Array("Content-Length: \(length)\r\n\r\n".utf8))
    let error = try await server.response(id: .null)
    #expect(error["error"]?["code"] == .int(ErrorCode.invalidRequest.rawValue))
    let megabyte = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
    for _ in 0..<80 { try server.write(megabyte) }
    let memory = try server.memory()
    #expect(memory.resident < 200_000_000, "VmRSS \(memory.resident) bytes")
    #expect(memory.peak < 200_000_000, "VmHWM \(memory.peak) bytes")
    server.closeInput()
    #expect(try await server.waitForExit(timeout: .seconds(10)) == 1)
    let replies = try await server.waitForEndOfOutput().messages.compactMap { $0.flatMap(Reply.init) }
    #expect(replies == [Reply(nil, id: .string("initialize")), Self.invalidRequestWithNullID])
  }

  /// Input that ends inside a message, without `shutdown`.
  struct CutShort: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: String
    /// Whether the framer reports the cut (-32700, id null): only a body that was started is reported.
    var reportsTruncation: Bool
    var testDescription: String { name }
  }

  static let cutShort: [CutShort] = [
    CutShort(
      name: "body cut short", bytes: "Content-Length: 100\r\n\r\n" + #"{"jsonrpc":"2.0","id":"x","#,
      reportsTruncation: true),
    CutShort(name: "header without body", bytes: "Content-Length: 52\r\n\r\n", reportsTruncation: true),
    CutShort(name: "header cut short", bytes: "Content-Len", reportsTruncation: false),
    CutShort(name: "header without blank line", bytes: "Content-Length: 52\r\n", reportsTruncation: false),
  ]

  /// The process exits promptly with status 1 (no `shutdown`) instead of waiting for bytes that cannot come.
  @Test(arguments: cutShort)
  func inputEndingInsideAMessageExitsWithStatusOne(_ input: CutShort) async throws {
    let server = try ServerProcess()
    defer { server.stop() }
    try await server.initialize()
    try server.write(Array(input.bytes.utf8))
    server.closeInput()
    #expect(try await server.waitForExit(timeout: .seconds(10)) == 1)
    let output = try await server.waitForEndOfOutput()
    let nullIDErrors = output.messages.compactMap { $0.flatMap(Reply.init) }.filter { $0.id == nil }
    #expect(nullIDErrors == (input.reportsTruncation ? [Self.parseErrorWithNullID] : []))
    #expect(output.framingErrors.isEmpty)
  }
}
