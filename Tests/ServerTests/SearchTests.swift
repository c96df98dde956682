import Foundation
import JSONRPC
import LSP
import Server
import Testing
import TestSupport

@Suite struct SearchTests {
  static let fixture = """
    //- Sources/Geometry/Circle.swift
    /// Computes the area enclosed by a circle of the given radius.
    func circleArea(radius: Double) -> Double {
      precondition(radius >= 0)
      let squared = radius * radius
      let area = Double.pi * squared
      assert(area.isFinite)
      return area
    }

    struct Polygon {
      var name: String
      var corners: Int

      /// Sums the lengths of every side of the polygon.
      func perimeter(of sides: [Double]) -> Double {
        var total = 0.0
        for side in sides {
          total += side
        }
        return total
      }
    }
    //- Sources/Parsing/parse_config.py
    def parse_config_file(path):
        \"\"\"Reads the settings file and returns a dictionary of options.\"\"\"
        with open(path) as handle:
            return dict(line.split("=", 1) for line in handle)
    //- README.md
    # Geometry kit
    ## Installation
    Run the installer script, then restart the shell.
    //- .gitignore
    build/
    *.log
    //- build/generated.swift
    func circleAreaGenerated() {}
    //- debug.log
    circle area computed
    //- .env
    API_TOKEN=circle-area-secret
    //- Sources/Keys.swift
    let apiToken = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"
    """

  func start(_ fixture: String = SearchTests.fixture) async throws -> (TestClient, TemporaryWorkspace) {
    let workspace = try TemporaryWorkspace(fixture)
    let client = TestClient.inProcess()
    try await client.initialize(workspace: workspace.url)
    _ = try await client.send(SynchronizeRequest())
    return (client, workspace)
  }

  /// Whether a result covers `expected` (`path:line`, 1-based).
  func covers(_ result: SearchResponse.Result, _ expected: String, in workspace: TemporaryWorkspace) -> Bool {
    let path = result.uri.stringValue.replacingOccurrences(of: workspace.uri() + "/", with: "")
    guard let colon = expected.lastIndex(of: ":"), let line = Int(expected[expected.index(after: colon)...]) else {
      return false
    }
    return path == expected[..<colon] && result.range.start.line < line && result.range.end.line >= line
  }

  @Test(arguments: [
    ("area enclosed by a circle", "Sources/Geometry/Circle.swift:1"),
    ("circleArea", "Sources/Geometry/Circle.swift:1"),
    ("circle area radius", "Sources/Geometry/Circle.swift:1"),
    ("perimeter of polygon sides", "Sources/Geometry/Circle.swift:15"),
    ("reads the settings file", "Sources/Parsing/parse_config.py:1"),
    ("parse config", "Sources/Parsing/parse_config.py:1"),
    ("installer script", "README.md:1"),
  ])
  func theRightChunkRanksFirst(query: String, expected: String) async throws {
    let (client, workspace) = try await start()
    defer { workspace.remove() }
    let response = try await client.send(SearchRequest(query: query, limit: 5))
    let top = try #require(response.results.first)
    #expect(covers(top, expected, in: workspace), "\(query): \(top.uri) \(top.range)")
    try await client.shutdownAndExit()
  }

  @Test func resultsCarrySymbolKindLanguageAndWholeLineRanges() async throws {
    let (client, workspace) = try await start()
    defer { workspace.remove() }
    let top = try #require(try await client.send(SearchRequest(query: "perimeter", limit: 1)).results.first)
    // Small neighbouring declarations share a chunk, named after its largest declaration.
    #expect(top.symbol == "Polygon")
    #expect(top.kind == "struct")
    #expect(top.language == "swift")
    #expect(top.range.start.character == 0 && top.range.end.character == 0)
    #expect(top.snippet.hasPrefix("/// Computes the area"))
    try await client.shutdownAndExit()
  }

  @Test func ignoredAndSecretFilesNeverAppearAndSecretsAreRedacted() async throws {
    let (client, workspace) = try await start()
    defer { workspace.remove() }
    for query in ["circleAreaGenerated", "circle area computed", "circle-area-secret", "API_TOKEN"] {
      let uris = try await client.send(SearchRequest(query: query, limit: 20)).results.map(\.uri.stringValue)
      #expect(!uris.contains { $0.hasSuffix("build/generated.swift") || $0.hasSuffix(".log") || $0.hasSuffix(".env") })
    }
    let keys = try await client.send(SearchRequest(query: "apiToken", limit: 5)).results
    #expect(keys.allSatisfy { !$0.snippet.contains("ghp_") })
    let status = try await client.send(StatusRequest())
    #expect(status.files == 5)  // Circle.swift, parse_config.py, README.md, .gitignore, Keys.swift
    try await client.shutdownAndExit()
  }

  @Test func filtersRestrictPathsAndLanguages() async throws {
    let (client, workspace) = try await start()
    defer { workspace.remove() }
    let python = try await client.send(SearchRequest(query: "settings file circle", filters: .init(languages: ["python"])))
    #expect(!python.results.isEmpty && python.results.allSatisfy { $0.language == "python" })
    let docs = try await client.send(SearchRequest(query: "circle installer", filters: .init(paths: ["*.md"])))
    #expect(!docs.results.isEmpty && docs.results.allSatisfy { $0.uri.stringValue.hasSuffix("README.md") })
    let bad = try await client.result(of: SearchRequest(query: "x", limit: 0))
    #expect(bad.failure?.code == .invalidParams)
    try await client.shutdownAndExit()
  }

  @Test func editsAreSearchableAtOnceAndOpenTextWinsOverDisk() async throws {
    let (client, workspace) = try await start()
    defer { workspace.remove() }
    let uri = DocumentURI(workspace.uri("Sources/Geometry/Circle.swift"))
    client.send(DidOpenTextDocumentNotification(
      textDocument: .init(uri: uri, languageId: "swift", version: 1, text: "func hexagonTiling() {}\n")))
    _ = try await client.send(SynchronizeRequest())
    #expect(try await client.send(SearchRequest(query: "hexagonTiling")).results.first?.symbol == "hexagonTiling")
    // The path still matches "circle", but the old declaration is gone.
    #expect(try await client.send(SearchRequest(query: "circleArea")).results.allSatisfy { $0.symbol != "circleArea" })

    client.send(DidChangeTextDocumentNotification(
      textDocument: .init(uri: uri, version: 2),
      contentChanges: [.init(range: Range(start: Position(line: 0, character: 5), end: Position(line: 0, character: 19)), text: "triangleStrip")]))
    _ = try await client.send(SynchronizeRequest())
    #expect(try await client.send(SearchRequest(query: "triangleStrip")).results.first?.symbol == "triangleStrip")
    #expect(try await client.send(SearchRequest(query: "hexagonTiling")).results.allSatisfy { $0.symbol != "hexagonTiling" })

    // Closing returns to the file on disk.
    client.send(DidCloseTextDocumentNotification(textDocument: .init(uri: uri)))
    _ = try await client.send(SynchronizeRequest())
    let restored = try #require(try await client.send(SearchRequest(query: "circleArea")).results.first)
    #expect(restored.uri == uri && restored.snippet.contains("func circleArea"))
    try await client.shutdownAndExit()
  }

  @Test func fileChangesOnDiskUpdateTheIndex() async throws {
    let (client, workspace) = try await start()
    defer { workspace.remove() }
    try workspace.write("func zebraMane() {}\n", to: "Sources/Stripes.swift")
    client.send(DidChangeWatchedFilesNotification(changes: [.init(uri: DocumentURI(workspace.uri("Sources/Stripes.swift")), type: .created)]))
    _ = try await client.send(SynchronizeRequest())
    #expect(try await client.send(SearchRequest(query: "zebraMane")).results.first?.symbol == "zebraMane")

    try workspace.write("func lionMane() {}\n", to: "Sources/Stripes.swift")
    client.send(DidChangeWatchedFilesNotification(changes: [.init(uri: DocumentURI(workspace.uri("Sources/Stripes.swift")), type: .changed)]))
    _ = try await client.send(SynchronizeRequest())
    #expect(try await client.send(SearchRequest(query: "zebraMane")).results.allSatisfy { $0.symbol != "zebraMane" })
    #expect(try await client.send(SearchRequest(query: "lionMane")).results.first?.symbol == "lionMane")

    try FileManager.default.removeItem(at: workspace.url.appendingPathComponent("Sources/Stripes.swift"))
    client.send(DidChangeWatchedFilesNotification(changes: [.init(uri: DocumentURI(workspace.uri("Sources/Stripes.swift")), type: .deleted)]))
    _ = try await client.send(SynchronizeRequest())
    #expect(try await client.send(SearchRequest(query: "lionMane")).results.allSatisfy { $0.symbol != "lionMane" })
    try await client.shutdownAndExit()
  }

  @Test func workspaceSymbolRanksExactThenPrefixThenCamelHumps() async throws {
    let (client, workspace) = try await start("""
      //- a.swift
      func getUserName() {}
      func getUser() {}
      func forgetUsernames() {}
      struct User {}
      """)
    defer { workspace.remove() }
    let names = try await client.send(WorkspaceSymbolRequest(query: "getUser")).map(\.name)
    #expect(names.prefix(2) == ["getUser", "getUserName"])
    let humps = try await client.send(WorkspaceSymbolRequest(query: "gUN")).map(\.name)
    #expect(humps.first == "getUserName")
    let user = try #require(try await client.send(WorkspaceSymbolRequest(query: "User")).first)
    #expect(user.name == "User" && user.kind == .struct && user.location.range.start.line == 3)
    try await client.shutdownAndExit()
  }

  @Test func theIndexIsSavedAndReopenedWithoutReadingUnchangedFiles() async throws {
    let workspace = try TemporaryWorkspace(Self.fixture)
    defer { workspace.remove() }
    do {
      let client = TestClient.inProcess()
      try await client.initialize(workspace: workspace.url)
      _ = try await client.send(SynchronizeRequest())
      try await client.shutdownAndExit()
    }
    let store = workspace.url.appendingPathComponent(".docent/index.bin")
    #expect(FileManager.default.fileExists(atPath: store.path))

    // Change one file behind the server's back, then reopen: the stored index is loaded and only that file is
    // read again.
    try workspace.write("func octagonCount() {}\n", to: "Sources/Parsing/parse_config.py")
    let client = TestClient.inProcess()
    try await client.initialize(workspace: workspace.url, initializationOptions: ["indexLocation": "workspace", "logLevel": "info"])
    _ = try await client.send(SynchronizeRequest())
    let summary = try await client.notification(LogMessageNotification.self) { $0.message.hasPrefix("indexed ") }
    #expect(summary.message.contains("(1 indexed"), "\(summary.message)")
    #expect(try await client.send(SearchRequest(query: "octagonCount")).results.count == 1)
    #expect(try await client.send(SearchRequest(query: "circleArea")).results.first != nil)
    try await client.shutdownAndExit()
  }

  @Test func aCorruptStoredIndexIsRebuilt() async throws {
    let workspace = try TemporaryWorkspace(Self.fixture)
    defer { workspace.remove() }
    try workspace.write("DOCENTIX this is not an index", to: ".docent/index.bin")
    let client = TestClient.inProcess()
    try await client.initialize(workspace: workspace.url)
    _ = try await client.send(SynchronizeRequest())
    #expect(try await client.send(SearchRequest(query: "circleArea")).results.first != nil)
    try await client.shutdownAndExit()
  }
}

@Suite struct ContentReuseTests {
  @Test func switchingBackToEarlierContentReusesItsChunks() async throws {
    let workspace = try TemporaryWorkspace("""
      //- a.swift
      func branchMainFeature() {}
      //- b.swift
      func unrelated() {}
      """)
    defer { workspace.remove() }
    let client = TestClient.inProcess()
    try await client.initialize(workspace: workspace.url, initializationOptions: ["logLevel": "info", "indexLocation": "workspace"])
    _ = try await client.send(SynchronizeRequest())
    // "Check out another branch": the file changes behind the server's back, then a rescan.
    try workspace.write("func branchTopicFeature() {}\n", to: "a.swift")
    _ = try await client.send(ExecuteCommandRequest(command: DocentCommand.reindex.rawValue))
    _ = try await client.send(SynchronizeRequest())
    #expect(try await client.send(SearchRequest(query: "branchTopicFeature")).results.first?.symbol == "branchTopicFeature")
    // "Switch back": the old content's chunks come from the cache, not the scanner.
    try workspace.write("func branchMainFeature() {}\n", to: "a.swift")
    _ = try await client.send(ExecuteCommandRequest(command: DocentCommand.reindex.rawValue))
    _ = try await client.send(SynchronizeRequest())
    let summary = try await client.notification(LogMessageNotification.self) {
      $0.message.contains("1 of them reused by content")
    }
    #expect(summary.message.contains("(1 indexed"))
    #expect(try await client.send(SearchRequest(query: "branchMainFeature")).results.first?.symbol == "branchMainFeature")
    #expect(try await client.send(SearchRequest(query: "branchTopicFeature")).results.allSatisfy { $0.symbol != "branchTopicFeature" })
    try await client.shutdownAndExit()
  }
}
