import Foundation
import Retrieval
import Testing

/// A seeded generator so random sequences are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite struct LexicalIndexTests {
  /// Okapi BM25F written out with the numbers of the tiny corpus, in Double.
  static func bm25(idfN n: Double, df: Double, parts: [(w: Double, tf: Double, dl: Double, avgdl: Double)]) -> Double {
    let idf = log(1 + (n - df + 0.5) / (df + 0.5))
    let combined = parts.reduce(0.0) { $0 + $1.w * $1.tf / (0.25 + 0.75 * $1.dl / $1.avgdl) }
    return idf * combined * 2.2 / (combined + 1.2)
  }

  /// Body-only corpus: d0 "apple banana apple" (3 tokens), d1 "banana cherry" (2), d2 "cherry cherry cherry date"
  /// (4); avgdl = 3.
  static func bodyCorpus() -> LexicalIndex {
    var index = LexicalIndex()
    index.add(DocumentID(0), fields: .init(body: "apple banana apple"))
    index.add(DocumentID(1), fields: .init(body: "banana cherry"))
    index.add(DocumentID(2), fields: .init(body: "cherry cherry cherry date"))
    return index
  }

  static let handComputed: [(query: String, expected: [(UInt64, Double)])] = [
    ("apple", [(0, bm25(idfN: 3, df: 1, parts: [(1, 2, 3, 3)]))]),
    (
      "cherry",
      [(2, bm25(idfN: 3, df: 2, parts: [(1, 3, 4, 3)])), (1, bm25(idfN: 3, df: 2, parts: [(1, 1, 2, 3)]))]
    ),
    (
      "banana apples",
      [
        (0, bm25(idfN: 3, df: 2, parts: [(1, 1, 3, 3)]) + bm25(idfN: 3, df: 1, parts: [(1, 2, 3, 3)])),
        (1, bm25(idfN: 3, df: 2, parts: [(1, 1, 2, 3)])),
      ]
    ),
    ("the date", [(2, bm25(idfN: 3, df: 1, parts: [(1, 1, 4, 3)]))]),
    ("zebra", []),
  ]

  @Test(arguments: handComputed)
  func scoresMatchHandComputedBM25(_ query: String, _ expected: [(UInt64, Double)]) {
    let hits = Self.bodyCorpus().search(query: query, limit: 10)
    #expect(hits.map(\.documentID.rawValue) == expected.map(\.0))
    for (hit, (_, score)) in zip(hits, expected) {
      #expect(abs(Double(hit.score) - score) < 1e-5 * score)
    }
  }

  @Test func literalValuesPinTheFormula() {
    // ln(1 + 2.5 / 1.5) · 2 · 2.2 / (2 + 1.2) = 1.348640…
    let hits = Self.bodyCorpus().search(query: "apple", limit: 1)
    #expect(abs(hits[0].score - 1.348_640) < 1e-5)
  }

  /// Field weights: e0 has "fetch" in its symbol (weight 3) and body; e1 only twice in its body.
  @Test func fieldWeightsCombineBeforeSaturation() {
    var index = LexicalIndex()
    index.add(DocumentID(10), fields: .init(symbol: "fetch", body: "fetch data"))
    index.add(DocumentID(11), fields: .init(body: "fetch fetch"))
    let hits = index.search(query: "fetch", limit: 5)
    let e0 = Self.bm25(idfN: 2, df: 2, parts: [(3, 1, 1, 0.5), (1, 1, 2, 2)])
    let e1 = Self.bm25(idfN: 2, df: 2, parts: [(1, 2, 2, 2)])
    #expect(hits.map(\.documentID) == [DocumentID(10), DocumentID(11)])
    #expect(abs(Double(hits[0].score) - e0) < 1e-5)
    #expect(abs(Double(hits[1].score) - e1) < 1e-5)
  }

  @Test func equalScoresAreOrderedByDocumentID() {
    var index = LexicalIndex()
    for id in [5, 3, 9, 1] as [UInt64] { index.add(DocumentID(id), fields: .init(body: "same text")) }
    #expect(index.search(query: "same", limit: 10).map(\.documentID.rawValue) == [1, 3, 5, 9])
    #expect(index.search(query: "same", limit: 2).map(\.documentID.rawValue) == [1, 3])
  }

  @Test func filtersRestrictResults() {
    let index = Self.bodyCorpus()
    let allowed = index.search(query: "cherry banana", limit: 10, filter: .allowing([DocumentID(2)]))
    #expect(allowed.map(\.documentID) == [DocumentID(2)])
    let matching = index.search(query: "cherry banana", limit: 10, filter: .matching { $0.rawValue != 1 })
    #expect(matching.map(\.documentID) == [DocumentID(2), DocumentID(0)])
    #expect(index.search(query: "cherry", limit: 0).isEmpty)
  }

  @Test func stopWordOnlyQueriesStillSearch() {
    var index = LexicalIndex()
    index.add(DocumentID(1), fields: .init(body: "for item in items"))
    #expect(index.search(query: "for in", limit: 5).map(\.documentID) == [DocumentID(1)])
  }

  @Test func addingTheSameIDReplaces() {
    var index = Self.bodyCorpus()
    index.add(DocumentID(0), fields: .init(body: "zebra"))
    #expect(index.documentCount == 3)
    #expect(index.search(query: "apple", limit: 5).isEmpty)
    #expect(index.search(query: "zebra", limit: 5).map(\.documentID) == [DocumentID(0)])
  }

  @Test func explainSumsToTheScore() {
    var index = Self.bodyCorpus()
    index.add(DocumentID(7), fields: .init(symbol: "cherryPicker", documentation: "Picks a cherry.", body: "cherry", path: "Sources/Cherry.swift"))
    for query in ["cherry", "cherry apple banana", "pick cherries date"] {
      for hit in index.search(query: query, limit: 10) {
        let explanation = index.explain(query: query, documentID: hit.documentID)
        #expect(explanation?.score == hit.score)
        let termSum = explanation?.terms.reduce(Float(0)) { $0 + $1.score } ?? -1
        #expect(termSum == hit.score)
        let fieldSum = explanation?.terms.flatMap(\.fields).reduce(Float(0)) { $0 + $1.score } ?? -1
        #expect(abs(fieldSum - hit.score) <= 1e-5 * hit.score)
      }
    }
    let explanation = index.explain(query: "cherry", documentID: DocumentID(7))
    #expect(explanation?.terms.first?.fields.map(\.field) == [.symbol, .documentation, .body, .path])
    #expect(index.explain(query: "cherry", documentID: DocumentID(99)) == nil)
  }

  static let vocabulary = [
    "parse", "token", "index", "query", "score", "symbol", "buffer", "cache", "server", "client", "request",
    "response", "value", "name", "user", "file", "path", "search", "match", "document", "stream", "error",
  ]

  static func randomFields(_ rng: inout SeededGenerator) -> LexicalIndex.Fields {
    func words(_ count: Int) -> String {
      (0..<count).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }.joined(separator: " ")
    }
    let a = vocabulary[Int(rng.next() % UInt64(vocabulary.count))]
    let b = vocabulary[Int(rng.next() % UInt64(vocabulary.count))].capitalized
    return .init(
      symbol: a + b, documentation: words(Int(rng.next() % 6)), body: words(1 + Int(rng.next() % 40)),
      path: "Sources/\(b)/\(a).swift")
  }

  static let probeQueries = [
    "parse", "token index", "query score symbol", "parseToken", "cache server client", "Sources value",
    "user name file", "search match document", "stream error", "buffer", "responses requested",
  ]

  @Test(arguments: [1, 2, 3] as [UInt64])
  func incrementalUpdatesEqualAFullRebuild(_ seed: UInt64) {
    var rng = SeededGenerator(state: seed)
    var index = LexicalIndex()
    var live: [DocumentID: LexicalIndex.Fields] = [:]
    for step in 0..<1_500 {
      let roll = rng.next() % 10
      if roll < 6 || live.isEmpty {
        let id = DocumentID(rng.next() % 400)
        let fields = Self.randomFields(&rng)
        index.add(id, fields: fields)
        live[id] = fields
      } else {
        let ids = live.keys.sorted()
        let id = ids[Int(rng.next() % UInt64(ids.count))]
        let removed = index.remove(id)
        #expect(removed)
        live[id] = nil
      }
      if step % 500 == 499 {
        var rebuilt = LexicalIndex()
        for id in live.keys.sorted() { rebuilt.add(id, fields: live[id]!) }
        #expect(index.documentCount == rebuilt.documentCount)
        for field in LexicalIndex.Field.allCases {
          #expect(index.averageLength(of: field) == rebuilt.averageLength(of: field))
        }
        for query in Self.probeQueries {
          #expect(index.search(query: query, limit: 25) == rebuilt.search(query: query, limit: 25))
        }
      }
    }
    let removedUnknown = index.remove(DocumentID(1_000_000))
    #expect(!removedUnknown)
  }

  @Test func removingEverythingLeavesAnEmptyIndex() {
    var index = Self.bodyCorpus()
    for id in [0, 1, 2] as [UInt64] { index.remove(DocumentID(id)) }
    index.compact()
    #expect(index.documentCount == 0)
    #expect(index.search(query: "cherry", limit: 5).isEmpty)
    #expect(index.documentFrequency(of: "cherry") == 0)
  }
}
