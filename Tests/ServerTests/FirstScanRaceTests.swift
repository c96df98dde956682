import Dispatch
import Engine
import Foundation
import JSONRPC
import LSP
import Server
import Synchronization
import Testing
import TestSupport

/// Editor and file events delivered while the first scan of the workspace is held at each of its stages: whatever
/// the interleaving, after `docent/synchronize` the index holds every file, open documents with their editor text.
@Suite struct FirstScanRaceTests {
  /// Holds the first scan at each of `stages` in turn until released; later scans pass.
  final class ScanGate: Sendable {
    let stages: [ScanStage]
    let reached: AsyncStream<ScanStage>
    private let reachedContinuation: AsyncStream<ScanStage>.Continuation
    private let release = DispatchSemaphore(value: 0)
    private let held = Atomic<Int>(0)

    init(_ stages: [ScanStage]) {
      self.stages = stages
      (reached, reachedContinuation) = AsyncStream<ScanStage>.makeStream()
    }

    var options: LanguageServer.Options {
      var options = LanguageServer.Options.withTestRequests
      options.scanObserver = { _, stage in self.observe(stage) }
      return options
    }

    private func observe(_ stage: ScanStage) {
      let next = held.load(ordering: .relaxed)
      guard next < stages.count, stages[next] == stage else { return }
      held.store(next + 1, ordering: .relaxed)  // only the scan thread writes
      reachedContinuation.yield(stage)
      // Bounded, so a failing test cannot leave the scan thread waiting forever.
      _ = release.wait(timeout: .now() + 30)
    }

    /// Waits until the scan stops at `stage`.
    func waitUntilReached(_ stage: ScanStage) async throws {
      let reached = reached
      let stopped = try await withTimeout(.seconds(30), "the first scan to reach \(stage)") {
        var iterator = reached.makeAsyncIterator()
        return await iterator.next()
      }
      #expect(stopped == stage)
    }

    func open() { release.signal() }
  }

  /// What arrives while the scan is held.
  enum Event: String, CaseIterable, Sendable {
    case didOpen, didChange, didClose, didSave, watchedChange, watchedDelete
  }

  static let fixture = """
    //- Sources/Main.swift
    func staleName() -> Int { 1 }
    //- Sources/Helper.swift
    func helper() -> Int { 2 }
    //- Sources/Other.swift
    func otherThing() -> Int { 3 }
    """

  @Test(arguments: ScanStage.allCases, Event.allCases)
  func eventDuringTheFirstScanIsIndexed(stage: ScanStage, event: Event) async throws {
    let workspace = try TemporaryWorkspace(Self.fixture)
    defer { workspace.remove() }
    // Events other than didOpen are about a document opened before the scan reads any file.
    let preopens = event != .didOpen
    let gate = ScanGate(preopens && stage != .listed ? [.listed, stage] : [stage])
    defer { gate.open() }
    let client = TestClient.inProcess(options: gate.options)
    let main = DocumentURI(workspace.uri("Sources/Main.swift"))
    let other = DocumentURI(workspace.uri("Sources/Other.swift"))
    try await client.initialize(workspace: workspace.url)
    if preopens {
      try await gate.waitUntilReached(.listed)
      client.send(DidOpenTextDocumentNotification(
        textDocument: .init(uri: main, languageId: "swift", version: 1, text: "func openedName() -> Int { 4 }\n")))
      if stage != .listed {
        _ = try await client.send(StatusRequest())
        gate.open()
      }
    }
    if !preopens || stage != .listed { try await gate.waitUntilReached(stage) }

    switch event {
    case .didOpen:
      client.send(DidOpenTextDocumentNotification(
        textDocument: .init(uri: main, languageId: "swift", version: 1, text: "func total() -> Int { 5 }\n")))
    case .didChange:
      client.send(DidChangeTextDocumentNotification(
        textDocument: .init(uri: main, version: 2), contentChanges: [.init(text: "func total() -> Int { 5 }\n")]))
    case .didClose:
      try workspace.write("func total() -> Int { 5 }\n", to: "Sources/Main.swift")
      client.send(DidCloseTextDocumentNotification(textDocument: .init(uri: main)))
    case .didSave:
      client.send(DidChangeTextDocumentNotification(
        textDocument: .init(uri: main, version: 2), contentChanges: [.init(text: "func total() -> Int { 5 }\n")]))
      try workspace.write("func total() -> Int { 5 }\n", to: "Sources/Main.swift")
      client.send(DidSaveTextDocumentNotification(textDocument: .init(uri: main)))
    case .watchedChange:
      // The document stays open with its own text, so the new disk content must not show.
      try workspace.write("func diskEdit() -> Int { 6 }\n", to: "Sources/Main.swift")
      try workspace.write("func total() -> Int { 7 }\n", to: "Sources/Other.swift")
      client.send(DidChangeWatchedFilesNotification(changes: [
        .init(uri: main, type: .changed), .init(uri: other, type: .changed),
      ]))
    case .watchedDelete:
      try FileManager.default.removeItem(at: workspace.url.appendingPathComponent("Sources/Other.swift"))
      client.send(DidChangeWatchedFilesNotification(changes: [.init(uri: other, type: .deleted)]))
    }
    // Answered only after the notifications before it were applied, so they all arrived while the scan was held.
    _ = try await client.send(StatusRequest())
    gate.open()

    let status = try await client.send(SynchronizeRequest())
    #expect(status.ready)
    #expect(status.files == (event == .watchedDelete ? 2 : 3), "\(event) at \(stage)")
    func names(_ query: String) async throws -> [String] {
      try await client.send(WorkspaceSymbolRequest(query: query)).map(\.name)
    }
    let expected: [String: Bool] =
      switch event {
      case .didOpen, .didChange, .didSave: ["total": true, "staleName": false, "openedName": false]
      case .didClose: ["total": true, "staleName": false, "openedName": false]
      case .watchedChange: ["total": true, "openedName": true, "staleName": false, "diskEdit": false]
      case .watchedDelete: ["openedName": true, "otherThing": false, "staleName": false, "helper": true]
      }
    for (name, isIndexed) in expected.sorted(by: { $0.key < $1.key }) {
      #expect(try await names(name).contains(name) == isIndexed, "\(name) after \(event) at \(stage)")
    }
    // A second synchronize changes nothing: the missing file does not arrive late.
    #expect(try await client.send(SynchronizeRequest()).files == status.files)
    try await client.shutdownAndExit()
  }
}

/// Closing a document whose file no scan admitted (a secret, an ignored file) must not let it into the index.
@Suite struct ClosedUnadmittedFileTests {
  @Test func closingASecretFileKeepsItOut() async throws {
    let workspace = try TemporaryWorkspace("""
      //- Sources/Main.swift
      func total() -> Int { 1 }
      //- .env
      API_TOKEN=closed-secret-value
      """)
    defer { workspace.remove() }
    let client = TestClient.inProcess(options: .withTestRequests)
    try await client.initialize(workspace: workspace.url)
    #expect(try await client.send(SynchronizeRequest()).files == 1)
    let secret = DocumentURI(workspace.uri(".env"))
    client.send(DidOpenTextDocumentNotification(
      textDocument: .init(uri: secret, languageId: "properties", version: 1, text: "API_TOKEN=closed-secret-value\n")))
    #expect(try await client.send(SynchronizeRequest()).files == 1)
    client.send(DidCloseTextDocumentNotification(textDocument: .init(uri: secret)))
    #expect(try await client.send(SynchronizeRequest()).files == 1)
    let results = try await client.send(SearchRequest(query: "API_TOKEN closed secret value", limit: 20)).results
    let uris = results.map(\.uri)
    #expect(!uris.contains { $0.stringValue.hasSuffix(".env") })
    try await client.shutdownAndExit()
  }
}
