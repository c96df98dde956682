import Foundation
import JSONRPC
import LSP
import Testing
import TestSupport

/// Volume through the built `docent serve`: many requests at once, and a very large document.
@Suite struct LoadEndToEndTests {
  // MARK: Pipelining

  /// `initialize`, `initialized` and 1000 `docent/status` requests (numeric and string ids) written in one burst
  /// before anything is read: every request is answered exactly once, with a result, under its own id.
  @Test func thousandPipelinedRequestsAreEachAnsweredOnce() async throws {
    let workspace = try TemporaryWorkspace(oneFileFixture)
    defer { workspace.remove() }
    let server = try ServerProcess()
    defer { server.stop() }
    let ids: [JSONValue] = (1...1000).map { $0.isMultiple(of: 2) ? .int($0) : .string("s\($0)") }
    var burst = frame(
      #"{"jsonrpc":"2.0","id":"initialize","method":"initialize","params":{"rootUri":"\#(workspace.uri())","capabilities":{}}}"#
    )
    burst += frame(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
    for id in ids {
      let encodedID = String(decoding: try JSONEncoder().encode(id), as: UTF8.self)
      burst += frame(#"{"jsonrpc":"2.0","id":\#(encodedID),"method":"docent/status","params":{}}"#)
    }
    try server.write(burst)

    let output = try await server.waitForOutput("1001 responses", timeout: .seconds(60)) { output in
      output.messages.count(where: { $0.flatMap(Reply.init) != nil }) >= 1001
    }
    let responses = output.messages.compactMap { $0 }.filter { Reply($0) != nil }
    #expect(responses.count == 1001)
    let answered = responses.compactMap { $0["id"] }
    #expect(Set(answered) == Set(ids + ["initialize"]))
    #expect(answered.count == Set(answered).count, "some id was answered twice")
    let failed = responses.filter { $0["error"] != nil }
    #expect(failed.isEmpty, "\(failed.prefix(3))")
    #expect(responses.allSatisfy { $0["id"] == "initialize" || $0["result"]?["roots"] == [.string(workspace.uri())] })
    #expect(output.framingErrors.isEmpty)

    // Nothing more arrives for those ids: the next request is answered, and still no id has two answers.
    let last = try await server.request("docent/synchronize", id: "last")
    #expect(last["result"]?["files"] == 1)
    let final = server.output.value.messages.compactMap { $0 }.filter { Reply($0) != nil }
    #expect(final.count == 1002)
    server.closeInput()
    #expect(try await server.waitForExit() == 1)
  }

  /// 1000 requests in flight at once through ``TestClient`` (each from its own task): every one gets its own answer,
  /// and no response is left over.
  @Test func thousandConcurrentRequestsThroughTestClient() async throws {
    try await withInitializedServer { client, workspace in
      let uri = DocumentURI(workspace.uri("Sources/A.swift"))
      let byteCounts = try await withThrowingTaskGroup(of: Int?.self) { group in
        for _ in 0..<1000 {
          group.addTask { try await client.send(StatusRequest(textDocument: .init(uri: uri))).document?.byteCount }
        }
        return try await group.reduce(into: [Int?]()) { $0.append($1) }
      }
      #expect(byteCounts.count == 1000)
      #expect(byteCounts.allSatisfy { $0 == oneFileByteCount })
      try await expectStillServing(client, workspace)
      let replies = await client.strayReplies()
      #expect(replies.isEmpty)
    }
  }

  // MARK: A 50 MB document

  /// A 50 MiB document opened, then edited at its end and at its start with UTF-16 positions: `docent/status`
  /// reports each state exactly.
  ///
  /// The first and last lines hold astral-plane characters (two UTF-16 units, four UTF-8 bytes), so the byte
  /// counts after the edits tell UTF-16 columns from UTF-8 or scalar ones.
  @Test func fiftyMegabyteDocumentIsTrackedAndEdited() async throws {
    try await withInitializedServer { client, workspace in
      let filler = String(repeating: "abcdefghij", count: 9) + "012345678\n"  // 100 bytes
      let fillerLines = 50 * 1024 * 1024 / filler.utf8.count
      let first = "😀 first\n"
      let last = "é😀 last"  // UTF-16 columns: é 0, 😀 1..<3, " last" 3..<8
      let text = first + String(repeating: filler, count: fillerLines) + last
      let byteCount = text.utf8.count
      let lineCount = fillerLines + 2
      #expect(byteCount > 50 * 1024 * 1024)
      let uri = DocumentURI(workspace.uri("Big.txt"))
      let status = StatusRequest(textDocument: .init(uri: uri))

      client.send(
        DidOpenTextDocumentNotification(
          textDocument: .init(uri: uri, languageId: "plaintext", version: 1, text: text)))
      let opened = try await client.send(status, timeout: .seconds(120))
      #expect(opened.document?.isOpen == true)
      #expect(opened.document?.version == 1)
      #expect(opened.document?.byteCount == byteCount)
      #expect(opened.document?.lineCount == lineCount)
      #expect(opened.openDocuments == 1)

      // At the end: the emoji of the last line (UTF-16 1..<3) becomes a line break: -4 + 1 bytes, one more line.
      let lastLine = lineCount - 1
      client.send(
        DidChangeTextDocumentNotification(
          textDocument: .init(uri: uri, version: 2),
          contentChanges: [
            .init(
              range: .init(start: .init(line: lastLine, character: 1), end: .init(line: lastLine, character: 3)),
              text: "\n")
          ]))
      let editedAtEnd = try await client.send(status, timeout: .seconds(120))
      #expect(editedAtEnd.document?.version == 2)
      #expect(editedAtEnd.document?.byteCount == byteCount - 3)
      #expect(editedAtEnd.document?.lineCount == lineCount + 1)

      // At the start: the emoji of the first line (UTF-16 0..<2) becomes "start\n": -4 + 6 bytes, one more line;
      // then, in the same notification, "!" after the very last character (" last", now on line lineCount + 1).
      client.send(
        DidChangeTextDocumentNotification(
          textDocument: .init(uri: uri, version: 3),
          contentChanges: [
            .init(
              range: .init(start: .init(line: 0, character: 0), end: .init(line: 0, character: 2)), text: "start\n"),
            .init(
              range: .init(
                start: .init(line: lineCount + 1, character: 5), end: .init(line: lineCount + 1, character: 5)),
              text: "!"),
          ]))
      let editedAtStart = try await client.send(status, timeout: .seconds(120))
      #expect(editedAtStart.document?.version == 3)
      #expect(editedAtStart.document?.byteCount == byteCount - 3 + 2 + 1)
      #expect(editedAtStart.document?.lineCount == lineCount + 2)

      client.send(DidCloseTextDocumentNotification(textDocument: .init(uri: uri)))
      let closed = try await client.send(SynchronizeRequest(), timeout: .seconds(120))
      #expect(closed.openDocuments == 0)
      try await expectStillServing(client, workspace)
    }
  }
}
