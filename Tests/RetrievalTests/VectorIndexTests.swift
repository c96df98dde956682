import Basics
import Retrieval
import Testing

/// The vector index against a scalar brute-force search written here, independently of the index's kernels.
@Suite struct VectorIndexTests {
  static let dimension = 24

  static func vectors(_ count: Int, seed: UInt64, dimension: Int = dimension) -> [[Float]] {
    let flat = VectorIndex.randomUnitVectors(count: count, dimension: dimension, seed: seed)
    return (0..<count).map { Array(flat[$0 * dimension..<($0 + 1) * dimension]) }
  }

  /// Brute force in Double: cosine of the raw vectors, best first, ties by id.
  static func bruteForce(_ query: [Float], _ rows: [(DocumentID, [Float])], k: Int) -> [DocumentID] {
    func norm(_ v: [Float]) -> Double { v.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot() }
    let scored = rows.map { id, v -> (DocumentID, Double) in
      var dot = 0.0
      for i in 0..<v.count { dot += Double(v[i]) * Double(query[i]) }
      return (id, dot / (norm(v) * norm(query)))
    }
    return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(k).map(\.0)
  }

  static func makeIndex(
    _ rows: [[Float]], encoding: VectorEncoding = .float32, graphThreshold: Int = .max,
    graph: HNSWParameters = HNSWParameters(m: 8, efConstruction: 64, efSearch: 64)
  ) throws -> VectorIndex {
    var index = VectorIndex(
      configuration: .init(
        dimension: rows.first?.count ?? dimension, encoding: encoding, modelIdentifier: "test",
        graphThreshold: graphThreshold, graph: graph))
    for (i, row) in rows.enumerated() { try index.insert(row, for: DocumentID(UInt64(i))) }
    return index
  }

  @Test func exactSearchMatchesBruteForce() throws {
    let rows = Self.vectors(300, seed: 1).map { $0.map { $0 * 3 } }  // unnormalized on purpose
    let index = try Self.makeIndex(rows)
    let all = rows.enumerated().map { (DocumentID(UInt64($0.offset)), $0.element) }
    for query in Self.vectors(20, seed: 2) {
      let hits = index.exactSearch(query, limit: 10)
      #expect(hits.map(\.documentID) == Self.bruteForce(query, all, k: 10))
      #expect(hits.allSatisfy { $0.score <= 1.0001 && $0.score >= -1.0001 })
      #expect(index.exactSearch(query, limit: 10, threadCount: 3) == hits)
    }
  }

  /// Compact encodings change scores by their rounding only: about 1e-3 for float16, 1e-2 for int8 (127 steps).
  @Test(arguments: [(VectorEncoding.float16, Float(2e-3)), (.int8, Float(2e-2))])
  func compactEncodingsStayClose(encoding: VectorEncoding, tolerance: Float) throws {
    let rows = Self.vectors(200, seed: 3)
    let exact = try Self.makeIndex(rows)
    let compact = try Self.makeIndex(rows, encoding: encoding)
    var overlap = 0
    for query in Self.vectors(20, seed: 4) {
      let reference = exact.exactSearch(query, limit: 200)
      let scores = Dictionary(uniqueKeysWithValues: compact.exactSearch(query, limit: 200).map { ($0.documentID, $0.score) })
      for hit in reference { #expect(abs((scores[hit.documentID] ?? 9) - hit.score) <= tolerance) }
      let top = Set(reference.prefix(10).map(\.documentID))
      overlap += compact.exactSearch(query, limit: 10).filter { top.contains($0.documentID) }.count
    }
    #expect(overlap >= 180, "recall@10 of \(encoding) vs float32: \(overlap) / 200")
  }

  @Test func byteCountsOfEncodings() {
    #expect(VectorEncoding.float32.byteCount(dimension: 384) == 1536)
    #expect(VectorEncoding.float16.byteCount(dimension: 384) == 768)
    #expect(VectorEncoding.int8.byteCount(dimension: 384) == 388)
  }

  @Test func graphSearchHasHighRecall() throws {
    let rows = Self.vectors(3000, seed: 5, dimension: 16)
    let index = try Self.makeIndex(rows, graphThreshold: 1000, graph: HNSWParameters(m: 12, efConstruction: 100))
    #expect(index.usesGraph)
    let all = rows.enumerated().map { (DocumentID(UInt64($0.offset)), $0.element) }
    var found = 0
    let queries = Self.vectors(50, seed: 6, dimension: 16)
    for query in queries {
      let truth = Set(Self.bruteForce(query, all, k: 10))
      found += index.graphSearch(query, limit: 10, efSearch: 100).filter { truth.contains($0.documentID) }.count
    }
    #expect(Double(found) / Double(queries.count * 10) >= 0.95)
  }

  @Test func graphBuildIsDeterministic() throws {
    let rows = Self.vectors(800, seed: 7)
    let a = try Self.makeIndex(rows, graphThreshold: 100)
    let b = try Self.makeIndex(rows, graphThreshold: 100)
    var c = try Self.makeIndex(rows, graphThreshold: 100)
    #expect(a.usesGraph && a.encoded() == b.encoded())
    // Another seed gives other levels, hence another graph.
    var otherSeed = a.configuration
    otherSeed.graph.seed = 99
    var d = VectorIndex(configuration: otherSeed)
    for (i, row) in rows.enumerated() { try d.insert(row, for: DocumentID(UInt64(i))) }
    c.rebuildGraph()
    d.rebuildGraph()
    let tail = 8_000  // the links; the seed itself sits in the configuration at the front
    #expect(c.encoded().suffix(tail) != d.encoded().suffix(tail))
    for query in Self.vectors(5, seed: 8) { #expect(a.search(query, limit: 5) == b.search(query, limit: 5)) }
  }

  @Test func bulkBuildIsTheSameForAnyThreadCount() throws {
    let rows = Self.vectors(700, seed: 15)
    var one = try Self.makeIndex(rows)
    var three = one
    one.rebuildGraph(threadCount: 1)
    three.rebuildGraph(threadCount: 3)
    #expect(one.usesGraph && one.encoded() == three.encoded())
    let all = rows.enumerated().map { (DocumentID(UInt64($0.offset)), $0.element) }
    var found = 0
    let queries = Self.vectors(30, seed: 16)
    for query in queries {
      let truth = Set(Self.bruteForce(query, all, k: 10))
      found += one.graphSearch(query, limit: 10, efSearch: 64).filter { truth.contains($0.documentID) }.count
    }
    #expect(Double(found) / Double(queries.count * 10) >= 0.9)
  }

  @Test(arguments: [Int.max, 50])
  func removedAndReplacedVectorsAreNeverReturned(graphThreshold: Int) throws {
    let rows = Self.vectors(400, seed: 9)
    var index = try Self.makeIndex(rows, graphThreshold: graphThreshold)
    for i in stride(from: 0, to: 400, by: 7) {
      let removed = index.remove(DocumentID(UInt64(i)))
      #expect(removed)
    }
    let removedTwice = index.remove(DocumentID(0))
    #expect(!removedTwice)
    // Document 1 now points the other way: its own old vector must not find it first any more.
    try index.insert(rows[1].map { -$0 }, for: DocumentID(1))
    for query in rows.prefix(30) {
      let hits = index.search(query, limit: 20)
      #expect(!hits.contains { $0.documentID.rawValue % 7 == 0 })
    }
    #expect(index.search(rows[1], limit: 1).first?.documentID != DocumentID(1))
    #expect(index.search(rows[1].map { -$0 }, limit: 1).first?.documentID == DocumentID(1))
    #expect(index.count == 400 - 58)
  }

  @Test func compactionKeepsResultsAndDropsTombstones() throws {
    let rows = Self.vectors(600, seed: 10)
    var index = try Self.makeIndex(rows)
    var live: [(DocumentID, [Float])] = []
    for (i, row) in rows.enumerated() {
      if i % 3 == 0 { index.remove(DocumentID(UInt64(i))) } else { live.append((DocumentID(UInt64(i)), row)) }
    }
    // 200 removals of 600 slots pass a quarter (and 64), so the index compacted on the way.
    #expect(index.deadCount < 150)
    index.compact()
    #expect(index.deadCount == 0 && index.count == 400)
    for query in Self.vectors(10, seed: 11) {
      #expect(index.exactSearch(query, limit: 10).map(\.documentID) == Self.bruteForce(query, live, k: 10))
    }
  }

  @Test func filtersRestrictBothPaths() throws {
    let rows = Self.vectors(500, seed: 12)
    for threshold in [Int.max, 100] {
      let index = try Self.makeIndex(rows, graphThreshold: threshold)
      let allowed = Set((0..<500).filter { $0 % 5 == 0 }.map { DocumentID(UInt64($0)) })
      let hits = index.search(rows[3], limit: 10, filter: .allowing(allowed))
      #expect(hits.count == 10 && hits.allSatisfy { allowed.contains($0.documentID) })
    }
  }

  @Test func invalidVectorsAreRejected() throws {
    var index = VectorIndex(configuration: .init(dimension: 4))
    #expect(throws: RetrievalError.invalidVector("expected 4 elements, got 3")) {
      try index.insert([1, 2, 3], for: DocumentID(1))
    }
    #expect(throws: RetrievalError.self) { try index.insert([1, .nan, 0, 0], for: DocumentID(1)) }
    #expect(index.count == 0)
    #expect(index.search([1, 2, 3], limit: 3).isEmpty)
  }

  // MARK: With the index state and store

  static func stateWithDocuments(_ count: Int) -> IndexState {
    var state = IndexState()
    for file in 0..<(count + 9) / 10 {
      let chunks = (0..<min(10, count - file * 10)).map { i in
        ChunkContent(language: "swift", startLine: i * 10 + 1, endLine: i * 10 + 9, body: "chunk \(file) \(i)")
      }
      state.updateFile(
        relativePath: "File\(file).swift", byteCount: 100, modificationTimeNanoseconds: 0, contentHash: UInt64(file),
        chunks: chunks, symbols: [])
    }
    return state
  }

  static func stateWithVectors(encoding: VectorEncoding, graphThreshold: Int) throws -> IndexState {
    var state = stateWithDocuments(120)
    state.configureVectors(
      .init(
        dimension: 8, encoding: encoding, modelIdentifier: "fake", graphThreshold: graphThreshold,
        graph: HNSWParameters(m: 4, efConstruction: 16, efSearch: 16)))
    let rows = vectors(120, seed: 13, dimension: 8)
    for (i, id) in state.documents.keys.sorted().enumerated() { try state.setVector(rows[i], for: id) }
    state.removeFile(relativePath: "File3.swift")  // tombstones in the saved index
    return state
  }

  @Test(arguments: VectorEncoding.allCases)
  func storeRoundTripsVectors(encoding: VectorEncoding) throws {
    for threshold in [Int.max, 10] {
      let state = try Self.stateWithVectors(encoding: encoding, graphThreshold: threshold)
      let bytes = IndexStore.encode(state)
      let loaded = try IndexStore.decode(bytes)
      #expect(IndexStore.encode(loaded) == bytes)
      #expect(loaded.vectorIndex?.count == 110)
      #expect(loaded.vectorIndex?.usesGraph == (threshold == 10))
      for query in Self.vectors(5, seed: 14, dimension: 8) {
        #expect(loaded.semanticSearch(query, limit: 7) == state.semanticSearch(query, limit: 7))
      }
    }
  }

  @Test func stateKeepsVectorsOfLiveDocumentsOnly() throws {
    var state = try Self.stateWithVectors(encoding: .float16, graphThreshold: .max)
    #expect(state.documentsWithoutVectors.isEmpty)
    let ids = state.updateFile(
      relativePath: "File0.swift", byteCount: 1, modificationTimeNanoseconds: 1, contentHash: 99,
      chunks: [ChunkContent(language: "swift", startLine: 1, endLine: 2, body: "new")], symbols: [])
    #expect(state.documentsWithoutVectors == ids)
    #expect(state.vectorIndex?.count == 100)
    let storedForRemovedDocument = try state.setVector([Float](repeating: 1, count: 8), for: DocumentID(0))
    #expect(!storedForRemovedDocument)
    let configuration = try #require(state.vectorIndex?.configuration)
    let kept = state.configureVectors(configuration)
    #expect(kept)
    var other = configuration
    other.modelIdentifier = "another model"
    let keptForOtherModel = state.configureVectors(other)
    #expect(!keptForOtherModel)
    #expect(state.vectorIndex?.count == 0)
  }

  @Test func everyTruncationOfAVectorIndexIsRejected() throws {
    let bytes = IndexStore.encode(try Self.stateWithVectors(encoding: .int8, graphThreshold: 10))
    for length in stride(from: 0, to: bytes.count, by: 3) {
      #expect(throws: RetrievalError.self) { try IndexStore.decode(Array(bytes[0..<length])) }
    }
  }

  /// Flips bytes of the vector section and re-seals its checksum, so the decoder itself must catch or survive them.
  @Test func corruptVectorSectionsNeverTrap() throws {
    let bytes = IndexStore.encode(try Self.stateWithVectors(encoding: .float16, graphThreshold: 10))
    let (start, end) = try #require(Self.sectionRange(bytes, tag: 6))
    var rejected = 0
    for position in start..<end {
      for flip: UInt8 in [0x01, 0x80, 0xFF] {
        var copy = bytes
        copy[position] ^= flip
        Self.reseal(&copy, tag: 6)
        do { _ = try IndexStore.decode(copy) } catch { rejected += 1 }
      }
    }
    #expect(rejected > (end - start))
  }

  @Test func craftedGraphsAreCorrupt() throws {
    let state = try Self.stateWithVectors(encoding: .float32, graphThreshold: 10)
    let bytes = IndexStore.encode(state)
    let (start, _) = try #require(Self.sectionRange(bytes, tag: 6))
    // A slot count far beyond the bytes: just after flag, dimension, encoding, identifier "fake", threshold,
    // m, efConstruction, efSearch (one byte each), seed and fraction (8 each), minimumDead (1).
    var huge = bytes
    let slotCountOffset = start + 1 + 1 + 1 + 5 + 1 + 1 + 1 + 1 + 8 + 8 + 1
    huge.replaceSubrange(slotCountOffset..<slotCountOffset + 1, with: [0xFF, 0xFF, 0xFF, 0x7F])
    Self.reseal(&huge, tag: 6)
    #expect(throws: RetrievalError.self) { try IndexStore.decode(huge) }
  }

  /// The payload range of section `tag`.
  static func sectionRange(_ bytes: [UInt8], tag: UInt32) -> (Int, Int)? {
    var reader = ByteReader(bytes)
    _ = reader.skip(24)
    while let t = reader.readUInt32(), let length = reader.readUInt64(), reader.readUInt64() != nil {
      let start = reader.offset
      if t == tag { return (start, start + Int(length)) }
      _ = reader.skip(Int(length))
    }
    return nil
  }

  /// Rewrites section `tag`'s length and checksum (the last section) after an edit.
  static func reseal(_ bytes: inout [UInt8], tag: UInt32) {
    guard let (start, _) = sectionRange(bytes, tag: tag) else { return }
    let payload = bytes[start...]
    var header = ByteWriter()
    header.writeUInt64(UInt64(payload.count))
    header.writeUInt64(XXHash64.hash(payload))
    bytes.replaceSubrange(start - 16..<start, with: header.bytes)
  }
}
