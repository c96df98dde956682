import Foundation
import Inference
import Testing
import TestSupport

/// Checks `BertEncoder` on all-MiniLM-L6-v2 (from the models directory; the test fails without it) against
/// sentence-transformers embeddings committed by scripts/make-embedding-fixtures.py.
@Suite(.offCooperativePool) struct BertEncoderTests {
  /// The agreement the issue asks for: cosine >= 0.9999 with the reference for every text.
  static let minimumCosine = 0.9999

  /// `$DOCENT_MODELS`, else `$XDG_CACHE_HOME/docent/models`, else `~/.cache/docent/models`.
  static var modelDirectory: URL {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["DOCENT_MODELS"], !path.isEmpty {
      return URL(fileURLWithPath: path).appendingPathComponent("all-MiniLM-L6-v2")
    }
    let cache = environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
    return cache.appendingPathComponent("docent/models/all-MiniLM-L6-v2")
  }

  struct Fixture: Decodable {
    struct Case: Decodable {
      let text: String
      let tokenCount: Int
      let embedding: [Float]
    }
    let maxSequenceLength: Int
    let cases: [Case]
  }

  static func fixture() throws -> Fixture {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/minilm-embeddings.json")
    return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
  }

  static func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var dot: Double = 0, na: Double = 0, nb: Double = 0
    for (x, y) in zip(a, b) {
      dot += Double(x) * Double(y)
      na += Double(x) * Double(x)
      nb += Double(y) * Double(y)
    }
    return dot / (na.squareRoot() * nb.squareRoot())
  }

  @Test func embeddingsMatchSentenceTransformers() throws {
    let fixture = try Self.fixture()
    #expect(fixture.cases.count >= 50)
    let encoder = try BertEncoder(modelDirectory: Self.modelDirectory, threadCount: 2)
    #expect(encoder.dimension == 384 && encoder.maxSequenceLength == fixture.maxSequenceLength)
    let vectors = try encoder.embed(fixture.cases.map(\.text))
    var worst: Double = 1
    for (item, vector) in zip(fixture.cases, vectors) {
      #expect(encoder.tokenIDs(item.text).count == item.tokenCount, "\(item.text.prefix(60))")
      let similarity = Self.cosine(vector, item.embedding)
      worst = min(worst, similarity)
      #expect(similarity >= Self.minimumCosine, "cosine \(similarity) for \(item.text.prefix(60).debugDescription)")
      let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
      #expect(abs(norm - 1) < 1e-4)
    }
    // Visible in the log: the agreement reached, not just that it passed.
    FileHandle.standardError.write(Data("BertEncoderTests: minimum cosine 1 - \(1 - worst) over \(vectors.count) texts\n".utf8))
  }

  @Test func batchingDoesNotChangeEmbeddings() throws {
    let fixture = try Self.fixture()
    let encoder = try BertEncoder(modelDirectory: Self.modelDirectory, threadCount: 1)
    let texts = fixture.cases.prefix(6).map(\.text)
    let together = try encoder.embed(texts)
    for (text, vector) in zip(texts, together) {
      let alone = try encoder.embed([text])[0]
      #expect(Self.cosine(alone, vector) > 0.999_999)
    }
  }

  @Test func paddedBatchWithMaskEqualsRaggedBatch() throws {
    let encoder = try BertEncoder(modelDirectory: Self.modelDirectory, threadCount: 2)
    let texts = ["short", "a somewhat longer sentence about parsing JSON files", "func f() {}"]
    let ids = texts.map(encoder.tokenIDs)
    let longest = ids.map(\.count).max() ?? 0
    let padded = ids.map { $0 + [Int32](repeating: 0, count: longest - $0.count) }
    let mask = ids.map { [UInt8](repeating: 1, count: $0.count) + [UInt8](repeating: 0, count: longest - $0.count) }
    let fromPadded = try encoder.embed(paddedTokenIDs: padded, attentionMask: mask)
    let ragged = try encoder.embed(tokenIDs: ids)
    for (a, b) in zip(fromPadded, ragged) { #expect(Self.cosine(a, b) > 0.999_999) }
    #expect(throws: InferenceError.self) { try encoder.embed(paddedTokenIDs: padded, attentionMask: [[1]]) }
  }

  @Test func rejectsTokenIDsTheModelCannotTake() throws {
    let encoder = try BertEncoder(modelDirectory: Self.modelDirectory, threadCount: 1)
    #expect(throws: InferenceError.self) { try encoder.embed(tokenIDs: [[]]) }
    #expect(throws: InferenceError.self) { try encoder.embed(tokenIDs: [[101, 30522, 102]]) }
    #expect(throws: InferenceError.self) { try encoder.embed(tokenIDs: [[Int32](repeating: 1000, count: 513)]) }
    #expect(try encoder.embed([]).isEmpty)
  }
}
