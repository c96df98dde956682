import Foundation
import Retrieval
import Testing

/// Search prunes with score bounds (MaxScore); these tests compare it with exhaustive scoring through `explain`,
/// which scores every document the straightforward way, and check that re-added term vectors score identically.
@Suite struct LexicalIndexPruningTests {
  /// Words with very different document frequencies once drawn with a skew, so bounds differ between terms.
  static let vocabulary = [
    "parse", "token", "index", "query", "score", "symbol", "buffer", "cache", "server", "client", "request",
    "response", "value", "name", "user", "file", "path", "search", "match", "document", "stream", "error",
    "zebra", "quartz", "fjord", "glyph", "sphinx", "waltz", "nymph", "crypt",
  ]

  static func word(_ rng: inout SeededGenerator) -> String {
    let u = Double(rng.next() % 1_000_000) / 1_000_000
    return vocabulary[min(vocabulary.count - 1, Int(u * u * u * Double(vocabulary.count)))]
  }

  static func fields(_ rng: inout SeededGenerator) -> LexicalIndex.Fields {
    func words(_ count: Int) -> String { (0..<count).map { _ in word(&rng) }.joined(separator: " ") }
    return .init(
      symbol: word(&rng) + word(&rng).capitalized, documentation: words(Int(rng.next() % 8)),
      body: words(1 + Int(rng.next() % 60)), path: "Sources/\(word(&rng))/\(word(&rng)).swift")
  }

  /// Every live document scored by `explain`, best first, ties by ascending id.
  static func exhaustive(_ index: LexicalIndex, query: String, limit: Int) -> [SearchHit] {
    let hits = index.documentIDs.compactMap { id -> SearchHit? in
      guard let score = index.explain(query: query, documentID: id)?.score, score > 0 else { return nil }
      return SearchHit(documentID: id, score: score)
    }
    return Array(
      hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.documentID < $1.documentID }.prefix(limit))
  }

  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func prunedSearchEqualsExhaustiveScoring(_ seed: UInt64) {
    var rng = SeededGenerator(state: seed)
    var index = LexicalIndex()
    for id in 0..<700 as Range<UInt64> { index.add(DocumentID(id), fields: Self.fields(&rng)) }
    for _ in 0..<150 { index.remove(DocumentID(rng.next() % 700)) }  // tombstones, maybe a compaction
    for _ in 0..<60 {
      let query = (0..<(1 + Int(rng.next() % 6))).map { _ in Self.word(&rng) }.joined(separator: " ")
      for limit in [1, 3, 10, 40] {
        #expect(index.search(query: query, limit: limit) == Self.exhaustive(index, query: query, limit: limit), "\(query)")
      }
    }
  }

  /// Block bounds are computed at the field averages of the last compaction; documents added afterwards move the
  /// averages (here: longer bodies and documentation, so shorter ones weigh more), and pruning must stay exact.
  @Test(arguments: [5, 6] as [UInt64])
  func prunedSearchStaysExactWhenAveragesDriftAfterCompaction(_ seed: UInt64) {
    var rng = SeededGenerator(state: seed)
    var index = LexicalIndex()
    for id in 0..<600 as Range<UInt64> { index.add(DocumentID(id), fields: Self.fields(&rng)) }
    for id in stride(from: 0, to: 600, by: 7) { index.remove(DocumentID(UInt64(id))) }
    index.compact()
    for id in 600..<1000 as Range<UInt64> {
      var fields = Self.fields(&rng)
      fields.body += " " + (0..<(100 + Int(rng.next() % 200))).map { _ in Self.word(&rng) }.joined(separator: " ")
      fields.documentation += " " + (0..<Int(rng.next() % 30)).map { _ in Self.word(&rng) }.joined(separator: " ")
      index.add(DocumentID(id), fields: fields)
    }
    for _ in 0..<40 {
      let query = (0..<(1 + Int(rng.next() % 6))).map { _ in Self.word(&rng) }.joined(separator: " ")
      for limit in [1, 5, 20] {
        #expect(index.search(query: query, limit: limit) == Self.exhaustive(index, query: query, limit: limit), "\(query)")
      }
    }
  }

  @Test func termVectorsAddDocumentsBackWithTheSameScores() {
    var rng = SeededGenerator(state: 9)
    var original = LexicalIndex()
    for id in 0..<200 as Range<UInt64> { original.add(DocumentID(id), fields: Self.fields(&rng)) }
    var copy = LexicalIndex()
    for id in original.documentIDs {
      guard let vector = original.termVector(of: id) else { Issue.record("no vector for \(id)"); return }
      copy.add(id, termVector: vector)
    }
    #expect(original.termVector(of: DocumentID(999)) == nil)
    for query in ["parse token", "zebra quartz", "Sources cache", "error stream value", "nymph"] {
      #expect(copy.search(query: query, limit: 20) == original.search(query: query, limit: 20))
    }
  }

  @Test func detachedContentMovedToAnotherPathScoresLikeAFreshScan() {
    let chunks = [
      ChunkContent(
        language: "swift", startLine: 1, endLine: 3, symbol: "parseToken", kind: "func", container: "Lexer",
        documentation: "Parses one token.", body: "func parseToken() -> Token { lexer.next() }"),
      ChunkContent(language: "swift", startLine: 4, endLine: 9, body: "let cache = TokenCache() // cache tokens"),
    ]
    var first = IndexState()
    first.updateFile(
      relativePath: "Sources/Old/Tokens.swift", byteCount: 1, modificationTimeNanoseconds: 1, contentHash: 5,
      chunks: chunks, symbols: [SymbolEntry(name: "parseToken", kind: "func", path: "", line: 1)])
    guard let detached = first.detachedContent(ofFile: "Sources/Old/Tokens.swift") else {
      Issue.record("nothing detached")
      return
    }
    #expect(first.detachedContent(ofFile: "Missing.swift") == nil)
    var reused = IndexState()
    reused.updateFile(
      relativePath: "Lexer/Moved.swift", byteCount: 1, modificationTimeNanoseconds: 1, contentHash: 5,
      reusing: detached)
    var scanned = IndexState()
    scanned.updateFile(
      relativePath: "Lexer/Moved.swift", byteCount: 1, modificationTimeNanoseconds: 1, contentHash: 5,
      chunks: chunks, symbols: [SymbolEntry(name: "parseToken", kind: "func", path: "", line: 1)])
    for query in ["parse token", "lexer", "moved", "old", "cache tokens", "sources"] {
      #expect(reused.search(query: query, limit: 5) == scanned.search(query: query, limit: 5), "\(query)")
    }
    #expect(reused.documents.values.map(\.path) == ["Lexer/Moved.swift", "Lexer/Moved.swift"])
    #expect(reused.symbols.allSymbols == scanned.symbols.allSymbols)
  }
}
