import Foundation
import JSONRPC
import LSP
import Server
import Testing
import TestSupport

/// After a seeded random sequence of file creations, changes, deletions and editor edits, the incrementally
/// updated index must answer exactly like an index built from scratch on the final files.
@Suite struct IncrementalIndexTests {
  static let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]

  static func source(_ seed: Int) -> String {
    var text = ""
    for line in 0..<(seed % 5 + 3) {
      let a = words[(seed + line) % words.count], b = words[(seed * 7 + line * 3) % words.count]
      text += "/// Returns the \(a) of the \(b).\nfunc \(a)\(b.capitalized)\(seed)x\(line)() {}\n"
    }
    return text
  }

  /// The answers that must agree: paths, ranges and symbols of several queries (scores are compared rounded,
  /// since term statistics are exact in both).
  func answers(_ client: TestClient, workspace: TemporaryWorkspace) async throws -> [String] {
    var lines: [String] = []
    for query in Self.words + ["returns the alpha", "bravo delta", "golf hotel india"] {
      for result in try await client.send(SearchRequest(query: query, limit: 20)).results {
        let path = result.uri.stringValue.replacingOccurrences(of: workspace.uri(), with: "")
        lines.append("\(query) \(path) \(result.range) \(result.symbol ?? "-") \((result.score * 1000).rounded())")
      }
    }
    return lines
  }

  @Test func incrementalUpdatesEqualAFullRebuild() async throws {
    let workspace = try TemporaryWorkspace()
    defer { workspace.remove() }
    for index in 0..<12 { try workspace.write(Self.source(index), to: "f\(index).swift") }
    let client = TestClient.inProcess(options: .withTestRequests)
    try await client.initialize(workspace: workspace.url)
    _ = try await client.send(SynchronizeRequest())

    var state: UInt64 = 42
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    var open: Set<Int> = []
    for step in 0..<60 {
      let file = next(16)
      let name = "f\(file).swift"
      let uri = DocumentURI(workspace.uri(name))
      let exists = FileManager.default.fileExists(atPath: workspace.url.appendingPathComponent(name).path)
      switch next(4) {
      case 0:  // write on disk (create or change)
        try workspace.write(Self.source(step * 31 + file), to: name)
        client.send(DidChangeWatchedFilesNotification(changes: [.init(uri: uri, type: exists ? .changed : .created)]))
      case 1 where exists && !open.contains(file):  // delete on disk
        try FileManager.default.removeItem(at: workspace.url.appendingPathComponent(name))
        client.send(DidChangeWatchedFilesNotification(changes: [.init(uri: uri, type: .deleted)]))
      case 2 where exists:  // edit in the editor, then save to disk and close
        client.send(DidOpenTextDocumentNotification(
          textDocument: .init(uri: uri, languageId: "swift", version: 1, text: try String(
            contentsOf: workspace.url.appendingPathComponent(name), encoding: .utf8))))
        open.insert(file)
        let text = Self.source(step * 17 + file)
        client.send(DidChangeTextDocumentNotification(
          textDocument: .init(uri: uri, version: 2), contentChanges: [.init(text: text)]))
        if next(2) == 0 {
          try workspace.write(text, to: name)
          client.send(DidSaveTextDocumentNotification(textDocument: .init(uri: uri)))
          client.send(DidCloseTextDocumentNotification(textDocument: .init(uri: uri)))
          open.remove(file)
        }
      default:
        if step % 9 == 0 { _ = try await client.send(SynchronizeRequest()) }
      }
    }
    // Bring the disk in line with what is still open, then close everything.
    for file in open {
      let uri = DocumentURI(workspace.uri("f\(file).swift"))
      let text = try #require(try await client.send(DocumentTextRequest(textDocument: .init(uri: uri))))
      try workspace.write(text, to: "f\(file).swift")
      client.send(DidSaveTextDocumentNotification(textDocument: .init(uri: uri)))
      client.send(DidCloseTextDocumentNotification(textDocument: .init(uri: uri)))
    }
    _ = try await client.send(SynchronizeRequest())
    let incremental = try await answers(client, workspace: workspace)
    let incrementalStatus = try await client.send(StatusRequest())
    try await client.shutdownAndExit()

    // A fresh server with the stored index removed builds everything from the files.
    try FileManager.default.removeItem(at: workspace.url.appendingPathComponent(".docent"))
    let fresh = TestClient.inProcess()
    try await fresh.initialize(workspace: workspace.url)
    _ = try await fresh.send(SynchronizeRequest())
    let rebuilt = try await answers(fresh, workspace: workspace)
    let rebuiltStatus = try await fresh.send(StatusRequest())
    try await fresh.shutdownAndExit()

    #expect(incrementalStatus.files == rebuiltStatus.files)
    #expect(incrementalStatus.chunks == rebuiltStatus.chunks)
    #expect(incrementalStatus.symbols == rebuiltStatus.symbols)
    #expect(incremental == rebuilt)
  }
}
