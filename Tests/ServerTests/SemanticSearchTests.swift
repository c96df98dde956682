import Engine
import Foundation
import JSONRPC
import LSP
import Server
import Testing
import TestSupport

/// Semantic and hybrid search through the protocol, with the deterministic trigram embedder standing in for the model.
@Suite struct SemanticSearchTests {
  static let fixture = """
    //- Sources/Geometry/Circle.swift
    /// Computes the area enclosed by a circle of the given radius.
    func circleArea(radius: Double) -> Double {
      let squared = radius * radius
      return Double.pi * squared
    }
    //- Sources/Geometry/Polygon.swift
    struct Polygon {
      var corners: Int

      /// Sums the lengths of every side of the polygon.
      func perimeter(of sides: [Double]) -> Double {
        sides.reduce(0, +)
      }
    }
    //- Sources/Parsing/parse_config.py
    def parse_config_file(path):
        with open(path) as handle:
            return dict(line.split("=", 1) for line in handle)
    """

  static var fakeModel: LanguageServer.Options {
    var options = LanguageServer.Options()
    options.embeddingModelLoader = EmbeddingModelLoader { _ in TrigramEmbedder(dimension: 256) }
    return options
  }

  func start(
    options: LanguageServer.Options = SemanticSearchTests.fakeModel, initializationOptions: JSONValue? = nil
  ) async throws -> (TestClient, TemporaryWorkspace) {
    let workspace = try TemporaryWorkspace(Self.fixture)
    let client = TestClient.inProcess(options: options)
    var settings = initializationOptions?.objectValue ?? [:]
    if settings["semanticSearch"] == nil { settings["semanticSearch"] = true }
    try await client.initialize(workspace: workspace.url, initializationOptions: .object(settings))
    return (client, workspace)
  }

  @Test func synchronizeWaitsForEveryChunkToHaveAVector() async throws {
    let (client, workspace) = try await start()
    defer { workspace.remove() }
    let status = try await client.send(SynchronizeRequest())
    #expect(status.ready)
    #expect(status.state == "ready")
    #expect(status.embeddingState == "ready")
    #expect(status.chunks > 0)
    #expect(status.embeddedChunks == status.chunks)
    try await client.shutdownAndExit()
  }

  /// A query made of a fragment of a name shares no term with the code, so BM25 finds nothing, while the
  /// trigram embedding still does.
  @Test func modesRankLexicallySemanticallyOrBoth() async throws {
    let (client, workspace) = try await start()
    defer { workspace.remove() }
    _ = try await client.send(SynchronizeRequest())
    let lexical = try await client.send(SearchRequest(query: "ircleare", mode: .lexical))
    #expect(lexical.results.isEmpty)
    let semantic = try await client.send(SearchRequest(query: "ircleare", mode: .semantic))
    #expect(semantic.results.first?.uri.stringValue.hasSuffix("Geometry/Circle.swift") == true)
    // The default is hybrid once vectors are ready: it keeps the semantic hit and the lexical ones.
    let hybrid = try await client.send(SearchRequest(query: "ircleare"))
    #expect(hybrid.results.first?.uri.stringValue.hasSuffix("Geometry/Circle.swift") == true)
    let exact = try await client.send(SearchRequest(query: "perimeter polygon"))
    #expect(exact.results.first?.uri.stringValue.hasSuffix("Geometry/Polygon.swift") == true)
    let filtered = try await client.send(
      SearchRequest(query: "ircleare", filters: .init(languages: ["python"]), mode: .semantic))
    #expect(filtered.results.allSatisfy { $0.language == "python" })
    try await client.shutdownAndExit()
  }

  @Test func embeddingReportsProgress() async throws {
    let (client, workspace) = try await start(initializationOptions: ["progressDelayMilliseconds": 0])
    defer { workspace.remove() }
    _ = try await client.send(SynchronizeRequest())
    let begin = try await client.notification(ProgressNotification.self) {
      if case .begin(let title, _, _, _) = $0.value { title == "Embedding chunks" } else { false }
    }
    let end = try await client.notification(ProgressNotification.self) {
      if case .end = $0.value { $0.token == begin.token } else { false }
    }
    if case .end(let message) = end.value { #expect(message?.contains("chunks embedded") == true) }
    try await client.shutdownAndExit()
  }

  @Test func changedChunksGetNewVectors() async throws {
    let (client, workspace) = try await start()
    defer { workspace.remove() }
    let before = try await client.send(SynchronizeRequest())
    try workspace.write("func zebraStripes() -> Int { 42 }\n", to: "Sources/Zebra.swift")
    client.send(
      DidChangeWatchedFilesNotification(changes: [
        .init(uri: DocumentURI(workspace.uri("Sources/Zebra.swift")), type: .created)
      ]))
    let added = try await client.send(SynchronizeRequest())
    #expect(added.chunks > before.chunks)
    #expect(added.embeddedChunks == added.chunks)
    let found = try await client.send(SearchRequest(query: "zebr stripe", mode: .semantic))
    #expect(found.results.first?.uri.stringValue.hasSuffix("Sources/Zebra.swift") == true)
    try FileManager.default.removeItem(atPath: workspace.url.path + "/Sources/Zebra.swift")
    client.send(
      DidChangeWatchedFilesNotification(changes: [
        .init(uri: DocumentURI(workspace.uri("Sources/Zebra.swift")), type: .deleted)
      ]))
    let removed = try await client.send(SynchronizeRequest())
    #expect(removed.chunks == before.chunks)
    #expect(removed.embeddedChunks == before.embeddedChunks)
    let gone = try await client.send(SearchRequest(query: "zebr stripe", mode: .semantic))
    #expect(!gone.results.contains { $0.uri.stringValue.hasSuffix("Sources/Zebra.swift") })
    try await client.shutdownAndExit()
  }

  @Test func naturalLanguageWorkspaceSymbolQueriesRankSemantically() async throws {
    let (client, workspace) = try await start()
    defer { workspace.remove() }
    _ = try await client.send(SynchronizeRequest())
    let symbols = try await client.send(WorkspaceSymbolRequest(query: "computes the area enclosd by a circel"))
    #expect(symbols.first?.name == "circleArea")
    #expect(symbols.first?.location.range.start.line == 1)
    // An identifier still goes by name.
    let byName = try await client.send(WorkspaceSymbolRequest(query: "circleArea"))
    #expect(byName.first?.name == "circleArea")
    try await client.shutdownAndExit()
  }

  @Test func anAbsentModelIsReportedAndSearchStaysLexical() async throws {
    var options = LanguageServer.Options()
    options.embeddingModelLoader = .bert
    let (client, workspace) = try await start(
      options: options, initializationOptions: ["embeddingModel": "/nonexistent/all-MiniLM-L6-v2"])
    defer { workspace.remove() }
    let message = try await client.notification(ShowMessageNotification.self)
    #expect(message.type == .warning)
    #expect(message.message.contains("Semantic search is off"))
    #expect(message.message.contains("/nonexistent/all-MiniLM-L6-v2"))
    let status = try await client.send(SynchronizeRequest())
    #expect(status.ready)
    #expect(status.embeddingState == "unavailable")
    #expect(status.embeddedChunks == 0)
    let lexical = try await client.send(SearchRequest(query: "circle area"))
    #expect(lexical.results.first?.uri.stringValue.hasSuffix("Geometry/Circle.swift") == true)
    let semantic = try await client.result(of: SearchRequest(query: "circle area", mode: .semantic))
    #expect(semantic.failure?.code == .requestFailed)
    #expect(semantic.failure?.reason == "modelUnavailable")
    try await client.shutdownAndExit()
  }

  @Test func semanticSearchCanBeTurnedOff() async throws {
    let (client, workspace) = try await start(initializationOptions: ["semanticSearch": false])
    defer { workspace.remove() }
    let status = try await client.send(SynchronizeRequest())
    #expect(status.embeddingState == "disabled")
    #expect(status.embeddedChunks == 0)
    try await client.shutdownAndExit()
  }
}
