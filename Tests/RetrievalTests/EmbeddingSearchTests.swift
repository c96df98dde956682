import Retrieval
import Testing
import TestSupport

/// Semantic search end to end through the index state, with the deterministic fake embedder.
@Suite struct EmbeddingSearchTests {
  @Test func fakeEmbedderFindsTheChunkSharingTheQuerysTrigrams() async throws {
    let embedder = TrigramEmbedder(dimension: 128)
    let bodies = [
      "func parseJSONDocument(_ data: Data) throws -> JSONValue",
      "final class HTTPConnectionPool { func acquire() async -> Connection }",
      "struct MatrixMultiply { static func blocked(a: Matrix, b: Matrix) -> Matrix }",
      "enum LogLevel { case debug, info, warning, error }",
    ]
    var state = IndexState()
    let ids = state.updateFile(
      relativePath: "Sources/All.swift", byteCount: 1, modificationTimeNanoseconds: 0, contentHash: 1,
      chunks: bodies.map { ChunkContent(language: "swift", startLine: 1, endLine: 1, body: $0) }, symbols: [])
    state.configureVectors(.init(dimension: embedder.dimension, modelIdentifier: embedder.identifier))
    let vectors = try await embedder.embed(bodies)
    for (id, vector) in zip(ids, vectors) { try state.setVector(vector, for: id) }

    let cases = [("parse json document", 0), ("http connection pool", 1), ("blocked matrix multiply", 2),
                 ("log level warning", 3)]
    for (query, expected) in cases {
      let queryVector = try await embedder.embed([query])[0]
      #expect(state.semanticSearch(queryVector, limit: 1).first?.documentID == ids[expected], "\(query)")
    }
  }

  @Test func fakeEmbedderIsDeterministicAndNormalized() {
    let embedder = TrigramEmbedder(dimension: 32)
    let a = embedder.vector(for: "Hello, world")
    #expect(a == embedder.vector(for: "hello, WORLD"))
    #expect(abs(a.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
    #expect(embedder.vector(for: "").allSatisfy { $0 == 0 })
  }
}
