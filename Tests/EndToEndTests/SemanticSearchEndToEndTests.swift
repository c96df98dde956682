import Foundation
import JSONRPC
import LSP
import Testing
import TestSupport

/// Semantic search in the built `docent serve` with the real all-MiniLM-L6-v2, loaded from the models directory
/// (`$DOCENT_MODELS` or `~/.cache/docent/models`; `scripts/fetch-models.sh` fills it). Without the model these
/// tests fail: the status says `unavailable`.
@Suite struct SemanticSearchEndToEndTests {
  static let fixture = """
    //- Sources/Network/Retry.swift
    import Foundation

    /// Grows exponentially with each attempt, capped at thirty seconds.
    func backoffDelay(attempt: Int) -> Double {
      min(30, pow(2, Double(attempt)))
    }
    //- Sources/Text/Slug.swift
    /// Lowercases a title and joins its words with dashes.
    func slugify(_ title: String) -> String {
      title.lowercased().split(separator: " ").joined(separator: "-")
    }
    //- Sources/Geometry/Circle.swift
    /// The area of a circle.
    func circleArea(radius: Double) -> Double {
      .pi * radius * radius
    }
    //- Sources/Files/Scratch.swift
    import Foundation

    /// A fresh folder under the system's temporary directory.
    func makeScratchDirectory() throws -> URL {
      let url = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      return url
    }
    """

  /// The question shares no word with the retry code, so BM25 cannot find it; MiniLM does.
  @Test func aQuestionFindsCodeThatSharesNoWordWithIt() async throws {
    let workspace = try TemporaryWorkspace(Self.fixture)
    defer { workspace.remove() }
    let client = try TestClient.launch(executable: try DocentExecutable.path())
    do {
      try await client.initialize(workspace: workspace.url, initializationOptions: ["semanticSearch": true])
      let status = try await client.send(SynchronizeRequest(), timeout: .seconds(120))
      #expect(status.embeddingState == "ready", "is all-MiniLM-L6-v2 in the models directory?")
      #expect(status.embeddedChunks == status.chunks)
      let question = "how long to wait before trying the request again"
      let lexical = try await client.send(SearchRequest(query: question, mode: .lexical))
      #expect(!lexical.results.contains { $0.uri.stringValue.hasSuffix("Network/Retry.swift") })
      let semantic = try await client.send(SearchRequest(query: question, mode: .semantic))
      #expect(semantic.results.first?.uri.stringValue.hasSuffix("Network/Retry.swift") == true)
      let hybrid = try await client.send(SearchRequest(query: question))
      #expect(hybrid.results.prefix(3).contains { $0.uri.stringValue.hasSuffix("Network/Retry.swift") })
    } catch {
      _ = try? await client.close()
      throw error
    }
    #expect(try await client.shutdownAndExit() == 0)
  }

  /// `docent search` without the model says so on stderr and still answers lexically.
  @Test func theCommandLineReportsAnAbsentModelAndSearchesLexically() async throws {
    let workspace = try TemporaryWorkspace(Self.fixture)
    defer { workspace.remove() }
    let run = try await CommandLineEndToEndTests.docent([
      "search", "circle area", "--workspace", workspace.url.path, "--models", "/nonexistent-models", "--json",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardError.contains("Semantic search is off"), "\(run.standardError)")
    #expect(run.standardError.contains("/nonexistent-models/all-MiniLM-L6-v2"), "\(run.standardError)")
    #expect(run.standardOutput.contains("Geometry/Circle.swift"))
  }
}
