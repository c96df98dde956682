import Foundation
import JSONRPC
import LSP
import Testing
import TestSupport

/// The workspace most end-to-end tests serve: one file, so a follow-up request has an exact answer.
let oneFileFixture = """
  //- Sources/A.swift
  let a = 1
  """

/// The size of `Sources/A.swift` in ``oneFileFixture`` (`let a = 1\n`).
let oneFileByteCount = 10

/// Runs `body` against a launched `docent serve` initialized for a fresh workspace, then checks that the session
/// still ends cleanly (`shutdown`, `exit`, status 0). The workspace is removed, and the process ended, even when
/// `body` throws.
func withInitializedServer(
  arguments: [String] = [], fixture: String = oneFileFixture,
  _ body: (TestClient, TemporaryWorkspace) async throws -> Void
) async throws {
  let workspace = try TemporaryWorkspace(fixture)
  defer { workspace.remove() }
  let client = try TestClient.launch(executable: try DocentExecutable.path(), arguments: arguments)
  do {
    try await client.initialize(workspace: workspace.url)
    try await body(client, workspace)
  } catch {
    _ = try? await client.close()
    throw error
  }
  #expect(try await client.shutdownAndExit() == 0)
}

/// Checks that the server still answers correctly: `docent/synchronize` reports the root and its one file, and
/// `docent/status` describes that file from disk.
func expectStillServing(
  _ client: TestClient, _ workspace: TemporaryWorkspace, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
  let status = try await client.send(SynchronizeRequest())
  #expect(status.ready, sourceLocation: sourceLocation)
  #expect(status.state == "ready", sourceLocation: sourceLocation)
  #expect(status.files == 1, sourceLocation: sourceLocation)
  #expect(status.openDocuments == 0, sourceLocation: sourceLocation)
  #expect(status.roots == [DocumentURI(workspace.uri())], sourceLocation: sourceLocation)
  let file = try await client.send(
    StatusRequest(textDocument: .init(uri: DocumentURI(workspace.uri("Sources/A.swift")))))
  #expect(file.document?.isOpen == false, sourceLocation: sourceLocation)
  #expect(file.document?.byteCount == oneFileByteCount, sourceLocation: sourceLocation)
  #expect(file.document?.lineCount == 2, sourceLocation: sourceLocation)
}

/// A response that answered none of the client's own requests: its id and, for an error, its code.
struct Reply: Hashable, Sendable, CustomStringConvertible {
  var id: RequestID?
  /// `nil` for a successful result.
  var code: ErrorCode?

  init(_ code: ErrorCode?, id: RequestID?) {
    self.code = code
    self.id = id
  }

  init?(_ message: IncomingMessage) {
    guard case .response(let id, let error) = message.kind else { return nil }
    self.init(error?.code, id: id)
  }

  /// From a raw response object read by ``ServerProcess``.
  init?(_ message: JSONValue) {
    guard message["result"] != nil || message["error"] != nil, let rawID = message["id"] else { return nil }
    let id: RequestID? =
      switch rawID {
      case .string(let value): .string(value)
      case .int(let value): .number(value)
      default: nil
      }
    self.init(message["error"]?["code"]?.intValue.map(ErrorCode.init(rawValue:)), id: id)
  }

  var description: String { "\(code.map { "error \($0)" } ?? "result") for id \(id?.description ?? "null")" }
}

extension TestClient {
  /// Every response received so far that answered none of this client's requests.
  func strayReplies() async -> [Reply] {
    await inbox.unmatchedResponses.compactMap(Reply.init)
  }
}

/// A framed JSON text, as a client would send it.
func frame(_ json: String) -> [UInt8] {
  framed(Array(json.utf8))
}

extension Result where Failure == ResponseError {
  /// The error's code, or `nil` for a success.
  var failureCode: ErrorCode? {
    if case .failure(let error) = self { return error.code }
    return nil
  }

  /// The error's `data.reason`, or `nil`.
  var failureReason: String? {
    if case .failure(let error) = self { return error.reason }
    return nil
  }
}
