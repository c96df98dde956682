// The dense-vector index: one row per chunk (DocumentID), searched exactly below a size threshold and through an
// HNSW graph above it.
//
// Layout (one "slot" per inserted vector, dense, in order of insertion):
//   storage             VectorStorage   row s = the normalized vector of slotDocumentIDs[s], encoded
//   slotDocumentIDs[s]  DocumentID
//   slotIsLive[s]       Bool            false once removed or replaced (a tombstone)
//   slotOfDocument      [DocumentID: UInt32]  live documents only
//   graph               HNSWGraph?      over all slots, present once the live count reached the threshold
//
// Invariants:
// - Every stored vector is L2-normalized before encoding, and so is every query, so scores are cosine
//   similarities (up to the encoding's rounding).
// - A document has at most one live slot; replacing its vector tombstones the old slot and appends a new one.
// - When dead slots exceed `compactionFraction` of all slots (and at least `minimumDeadForCompaction`), the index
//   compacts: live rows are copied densely in slot order and the graph is rebuilt from them, deterministically.
// - Results are ordered by score, then by ascending DocumentID, in both search paths.

import Basics
import Kernels

/// A compact, incrementally updated index of embedding vectors keyed by ``DocumentID``, with exact and HNSW search.
///
/// Vectors are stored in the chosen ``VectorEncoding`` after L2 normalization; a query's score against a
/// document is their cosine similarity. Below ``Configuration/graphThreshold`` live vectors a search scans every
/// row with SIMD dot products (``exactSearch(_:limit:filter:threadCount:)``); from then on an HNSW graph
/// (``HNSWParameters``) answers ``search(_:limit:filter:)`` approximately.
///
/// A value type like ``LexicalIndex``: a copy is a snapshot.
public struct VectorIndex: Sendable {
  /// What to store and when to build the graph.
  public struct Configuration: Sendable, Equatable {
    /// The length of every vector.
    public var dimension: Int
    /// How rows are stored.
    public var encoding: VectorEncoding
    /// The ``EmbeddingModel/identifier`` of the model that made the vectors.
    public var modelIdentifier: String
    /// The live count from which searches use the HNSW graph; below it they are exact.
    public var graphThreshold: Int
    /// The graph's parameters.
    public var graph: HNSWParameters
    /// The fraction of dead slots above which the index compacts.
    public var compactionFraction: Double
    /// The fewest dead slots worth a compaction.
    public var minimumDeadForCompaction: Int

    /// Creates a configuration.
    ///
    /// The default threshold keeps exact search where it costs about a millisecond (20,000 float16 rows of
    /// 384 dimensions are 15 MB to scan); the compaction defaults match ``LexicalIndex``.
    public init(
      dimension: Int, encoding: VectorEncoding = .float16, modelIdentifier: String = "",
      graphThreshold: Int = 20_000, graph: HNSWParameters = HNSWParameters(), compactionFraction: Double = 0.25,
      minimumDeadForCompaction: Int = 64
    ) {
      self.dimension = dimension
      self.encoding = encoding
      self.modelIdentifier = modelIdentifier
      self.graphThreshold = graphThreshold
      self.graph = graph
      self.compactionFraction = compactionFraction
      self.minimumDeadForCompaction = minimumDeadForCompaction
    }

    /// The largest dimension accepted (a sanity bound for decoding untrusted files).
    static let maximumDimension = 65_536
  }

  /// The configuration the index was created with.
  public let configuration: Configuration
  var storage: VectorStorage
  var slotDocumentIDs: [DocumentID] = []
  var slotIsLive: [Bool] = []
  var slotOfDocument: [DocumentID: UInt32] = [:]
  var graph: HNSWGraph?

  /// Creates an empty index.
  ///
  /// - Precondition: `configuration.dimension` is in 1...65,536 and `graph.m` in 2...256 (programmer errors).
  public init(configuration: Configuration) {
    precondition(
      (1...Configuration.maximumDimension).contains(configuration.dimension), "VectorIndex: invalid dimension")
    precondition(HNSWParameters.mRange.contains(configuration.graph.m), "VectorIndex: m outside 2...256")
    self.configuration = configuration
    storage = VectorStorage(dimension: configuration.dimension, encoding: configuration.encoding)
  }

  /// The number of live vectors.
  public var count: Int { slotOfDocument.count }
  /// Slots holding a removed or replaced vector, until the next compaction.
  public var deadCount: Int { slotDocumentIDs.count - slotOfDocument.count }
  /// Whether searches go through the HNSW graph.
  public var usesGraph: Bool { graph != nil }
  /// The documents with a vector, in ascending order.
  public var documentIDs: [DocumentID] { slotOfDocument.keys.sorted() }

  /// Whether `id` has a vector.
  public func contains(_ id: DocumentID) -> Bool { slotOfDocument[id] != nil }

  /// The stored vector of `id`, widened to Float32 (normalized, and rounded by the encoding).
  public func vector(for id: DocumentID) -> [Float]? {
    slotOfDocument[id].map { storage.vector(at: Int($0)) }
  }

  /// Approximate bytes held in memory: rows, links, ids, tombstones and the id table.
  ///
  /// The id table is counted at 32 bytes per entry (key, value and the hash table's spare capacity).
  public var memoryByteCount: Int {
    storage.byteCount + (graph?.byteCount ?? 0) + slotDocumentIDs.count * 9 + slotOfDocument.count * 32
  }

  // MARK: Updates

  /// Stores `vector` for `id`, replacing any vector it had.
  ///
  /// The vector is L2-normalized first (an all-zero vector stays zero and matches nothing). Above the graph
  /// threshold the new row is linked into the graph; reaching the threshold builds the graph over every row.
  ///
  /// - Throws: ``RetrievalError/invalidVector(_:)`` when the length is not the dimension or an element is not
  ///   finite; the index is then unchanged.
  /// - Complexity: O(*d*) below the threshold; O(*efConstruction* · *m* · log *n* · *d*) above it.
  public mutating func insert(_ vector: [Float], for id: DocumentID) throws(RetrievalError) {
    let normalized = try Self.normalized(vector, dimension: configuration.dimension)
    remove(id, compacting: false)
    appendRow(normalized, for: id)
    if needsCompaction {  // replacements leave tombstones too
      compact()
    } else if graph != nil {
      linkLastRow(normalized)
    } else if count >= configuration.graphThreshold {
      rebuildGraph()
    }
  }

  /// Removes the vector of `id`, leaving a tombstone; compacts when tombstones exceed the configured fraction.
  ///
  /// - Returns: Whether `id` had a vector.
  @discardableResult
  public mutating func remove(_ id: DocumentID) -> Bool {
    remove(id, compacting: true)
  }

  @discardableResult
  private mutating func remove(_ id: DocumentID, compacting: Bool) -> Bool {
    guard let slot = slotOfDocument.removeValue(forKey: id) else { return false }
    slotIsLive[Int(slot)] = false
    if compacting && needsCompaction { compact() }
    return true
  }

  /// Whether tombstones exceed the configured fraction.
  var needsCompaction: Bool {
    deadCount >= configuration.minimumDeadForCompaction
      && Double(deadCount) > configuration.compactionFraction * Double(slotDocumentIDs.count)
  }

  /// Drops tombstones: copies the live rows densely in slot order and rebuilds the graph from them (or drops it
  /// below the threshold).
  ///
  /// - Complexity: O(*n* · *d*) plus a graph build above the threshold.
  public mutating func compact() {
    var fresh = VectorIndex(configuration: configuration)
    fresh.storage.reserveCapacity(count)
    for slot in 0..<slotDocumentIDs.count where slotIsLive[slot] {
      fresh.appendRow(storage.vector(at: slot), encoded: storage, slot: slot, for: slotDocumentIDs[slot])
    }
    if fresh.count >= configuration.graphThreshold { fresh.rebuildGraph() }
    self = fresh
  }

  /// Appends a row copied from `source` (no re-quantization, so compaction changes no score).
  private mutating func appendRow(_ widened: [Float], encoded source: VectorStorage, slot: Int, for id: DocumentID) {
    let d = configuration.dimension
    let range = slot * d..<(slot + 1) * d
    switch storage.encoding {
    case .float32: storage.float32Values.append(contentsOf: source.float32Values[range])
    case .float16: storage.float16Values.append(contentsOf: source.float16Values[range])
    case .int8:
      storage.int8Values.append(contentsOf: source.int8Values[range])
      storage.int8Scales.append(source.int8Scales[slot])
    }
    storage.setCount(storage.count + 1)
    registerSlot(for: id)
  }

  private mutating func appendRow(_ normalized: [Float], for id: DocumentID) {
    storage.append(normalized)
    registerSlot(for: id)
  }

  private mutating func registerSlot(for id: DocumentID) {
    slotOfDocument[id] = UInt32(slotDocumentIDs.count)
    slotDocumentIDs.append(id)
    slotIsLive.append(true)
  }

  /// Links the last row into the graph.
  private mutating func linkLastRow(_ normalized: [Float]) {
    guard var g = graph else { return }
    graph = nil  // keep the graph's arrays uniquely referenced while they grow
    let slot = slotDocumentIDs.count - 1
    let level = HNSWGraph.level(for: slotDocumentIDs[slot].rawValue, parameters: configuration.graph)
    var visited = VisitedSet(count: slot + 1)
    storage.withRows { rows in
      normalized.withUnsafeBufferPointer { q in g.insert(level: level, vector: q, rows: rows, visited: &visited) }
    }
    graph = g
  }

  /// Builds the graph over every slot, in slot order (tombstones included, so slots and nodes coincide), in
  /// fixed batches whose candidate searches run on `threadCount` threads.
  ///
  /// The graph is the same for any thread count. Inserting the vectors one by one above the threshold builds a
  /// slightly different (equally good) graph, since each node then also sees the nodes of its own batch through
  /// the graph rather than by brute force.
  ///
  /// - Parameter threadCount: Threads for the candidate searches; more than one blocks the calling thread, so
  ///   call it from a thread of its own, never the cooperative pool.
  /// - Complexity: About O(*n* · *efConstruction* · *m* · log *n* · *d*).
  public mutating func rebuildGraph(threadCount: Int = 1) {
    var g = HNSWGraph(parameters: configuration.graph)
    let n = slotDocumentIDs.count
    g.levels.reserveCapacity(n)
    g.layer0.reserveCapacity(n * g.layer0Stride)
    g.upperStart.reserveCapacity(n)
    storage.withRows { rows in
      var start = 0
      while start < n {
        let end = min(n, start + HNSWGraph.buildBatchSize)
        let levels = (start..<end).map {
          HNSWGraph.level(for: slotDocumentIDs[$0].rawValue, parameters: configuration.graph)
        }
        g.insertBatch(levels: levels, rows: rows, threadCount: threadCount)
        start = end
      }
    }
    graph = g
  }

  /// Checks the length and elements of `vector` and scales it to unit length.
  static func normalized(_ vector: [Float], dimension: Int) throws(RetrievalError) -> [Float] {
    guard vector.count == dimension else {
      throw .invalidVector("expected \(dimension) elements, got \(vector.count)")
    }
    var sumOfSquares: Double = 0
    for x in vector {
      guard x.isFinite else { throw .invalidVector("element \(x) is not finite") }
      sumOfSquares += Double(x) * Double(x)
    }
    guard sumOfSquares > 0 else { return vector }
    let inverse = Float(1 / sumOfSquares.squareRoot())
    return vector.map { $0 * inverse }
  }

  // MARK: Search

  /// The `limit` documents most similar to `query`: exact below the graph threshold, through the graph above.
  ///
  /// - Parameters:
  ///   - query: A vector of ``Configuration/dimension`` floats; it is normalized here.
  ///   - limit: The most hits to return.
  ///   - filter: Restricts the documents returned.
  /// - Returns: Hits with cosine similarities as scores, best first (ties by ascending id); empty for a query of
  ///   the wrong length or with non-finite elements.
  public func search(_ query: [Float], limit: Int, filter: SearchFilter? = nil) -> [SearchHit] {
    graph == nil
      ? exactSearch(query, limit: limit, filter: filter)
      : graphSearch(query, limit: limit, efSearch: configuration.graph.efSearch, filter: filter)
  }

  /// Scores every live row against `query` and keeps the best `limit`.
  ///
  /// - Parameter threadCount: Threads to split the rows over (through ``Kernels/parallelRows``); more than one
  ///   blocks the calling thread, so call it from a thread of its own, never the cooperative pool.
  /// - Complexity: O(*n* · *d* + *n* log *limit*).
  public func exactSearch(
    _ query: [Float], limit: Int, filter: SearchFilter? = nil, threadCount: Int = 1
  ) -> [SearchHit] {
    guard limit > 0, let q = try? Self.normalized(query, dimension: configuration.dimension) else { return [] }
    let n = slotDocumentIDs.count
    var scores = [Float](repeating: 0, count: n)
    storage.withRows { rows in
      q.withUnsafeBufferPointer { qp in
        scores.withUnsafeMutableBufferPointer { out in
          let box = UnsafeSendable((rows, qp, out))
          parallelRows(n, threadCount: threadCount, minimumRowsPerTask: 4096) { range in
            let (rows, qp, out) = box.value
            rows.similarities(qp, range, into: UnsafeMutableBufferPointer(rebasing: out[range]))
          }
        }
      }
    }
    // Top-k: a min-heap of the best kept, keyed by score then by descending id so the worst is at the root.
    var heap = BoundedHeap<SearchHit>(capacity: limit, isBetter: Self.ranksBefore)
    for slot in 0..<n where slotIsLive[slot] {
      let score = scores[slot]
      if let worst = heap.threshold, score < worst.score { continue }
      let id = slotDocumentIDs[slot]
      if let filter, !filter.allows(id) { continue }
      heap.insert(SearchHit(documentID: id, score: score))
    }
    return heap.sorted()
  }

  /// Searches the HNSW graph; falls back to ``exactSearch(_:limit:filter:threadCount:)`` when there is none.
  ///
  /// - Parameter efSearch: The beam width (at least `limit` is used); defaults to the configuration's.
  /// - Complexity: About O(*efSearch* · *m* · log *n* · *d*).
  public func graphSearch(
    _ query: [Float], limit: Int, efSearch: Int? = nil, filter: SearchFilter? = nil
  ) -> [SearchHit] {
    guard let graph else { return exactSearch(query, limit: limit, filter: filter) }
    guard limit > 0, let q = try? Self.normalized(query, dimension: configuration.dimension) else { return [] }
    let ef = efSearch ?? configuration.graph.efSearch
    let found = storage.withRows { rows in
      q.withUnsafeBufferPointer { qp in
        slotIsLive.withUnsafeBufferPointer { live in
          if let filter {
            return graph.search(qp, rows: rows, k: limit, ef: ef) { live[$0] && filter.allows(slotDocumentIDs[$0]) }
          }
          return graph.search(qp, rows: rows, k: limit, ef: ef) { live[$0] }
        }
      }
    }
    return found.map { SearchHit(documentID: slotDocumentIDs[$0.node], score: $0.similarity) }
      .sorted(by: Self.ranksBefore)
  }

  /// Higher score first; equal scores by ascending id.
  static func ranksBefore(_ a: SearchHit, _ b: SearchHit) -> Bool {
    a.score != b.score ? a.score > b.score : a.documentID < b.documentID
  }
}
