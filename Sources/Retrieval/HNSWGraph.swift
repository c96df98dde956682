// A hierarchical navigable small-world graph (Malkov & Yashunin, "Efficient and robust approximate nearest
// neighbor search using Hierarchical Navigable Small World graphs", 2016), over the slots of a vector index.
//
// Layout (m = HNSWParameters.m; nodes are vector-index slots, dense, in insertion order):
//   levels[node]       UInt8     the node's top layer (0 = only the bottom layer)
//   layer0             [UInt32]  per node a block of 1 + 2m: neighbor count, then up to 2m neighbors
//   upperStart[node]   UInt32    where the node's layer-1 block starts in `upper` (meaningless at level 0)
//   upper              [UInt32]  per node and layer 1...level a block of 1 + m: count, then up to m neighbors
//   entryPoint         Int       a node of the top layer, or -1 when empty
//
// Invariants:
// - A node's neighbors on layer l are nodes whose level is at least l; there are no self-links or duplicates.
// - Construction is deterministic: levels come from a hash of (seed, document id), nodes are inserted in slot
//   order, and every tie is resolved by the same sequence of heap operations, so the same inserts give the same
//   graph, byte for byte. Bulk builds go in fixed batches of `buildBatchSize` nodes: each node's candidates are
//   searched in parallel in the graph as it was before the batch, then the batch's own earlier nodes are added
//   by brute force and the links are made in order on one thread — the same graph for any thread count.
// - Deleted nodes stay in the graph (tombstones in the index) and are traversed but never returned; the index
//   rebuilds the graph when it compacts.

import Basics
import Foundation
import Kernels

/// Parameters of the HNSW graph a ``VectorIndex`` builds above its size threshold.
public struct HNSWParameters: Sendable, Equatable {
  /// Neighbors per node on the upper layers; the bottom layer keeps up to `2 · m`. More links raise recall and
  /// memory (`8 · m` bytes per vector on the bottom layer).
  public var m: Int
  /// Candidates kept while linking a new node; larger builds slower and better graphs.
  public var efConstruction: Int
  /// Candidates kept while searching (at least the result limit); larger is slower and more accurate.
  public var efSearch: Int
  /// Seeds the level of each node, so builds are reproducible.
  public var seed: UInt64

  /// Creates parameters; the defaults (`m` 16, `efConstruction` 200, `efSearch` 64) are the usual ones for
  /// a few hundred dimensions.
  public init(m: Int = 16, efConstruction: Int = 200, efSearch: Int = 64, seed: UInt64 = 0x0D0C_E4E7) {
    self.m = m
    self.efConstruction = efConstruction
    self.efSearch = efSearch
    self.seed = seed
  }

  /// The highest layer a node may get; at `m = 16` a node reaches layer 16 with probability 16⁻¹⁶.
  static let maximumLevel = 16
  /// The range of `m` the index accepts (the bottom layer's count must fit the block header comfortably).
  static let mRange = 2...256
}

/// The HNSW links over the slots of a ``VectorIndex``; see the file header for the layout.
struct HNSWGraph: Sendable {
  let parameters: HNSWParameters
  var levels: [UInt8] = []
  var layer0: [UInt32] = []
  var upperStart: [UInt32] = []
  var upper: [UInt32] = []
  var entryPoint = -1
  var maxLevel = 0

  init(parameters: HNSWParameters) { self.parameters = parameters }

  var nodeCount: Int { levels.count }
  var layer0Stride: Int { 1 + 2 * parameters.m }
  var upperStride: Int { 1 + parameters.m }

  /// The most neighbors a node keeps on `level`.
  @inline(__always) func capacity(onLevel level: Int) -> Int { level == 0 ? 2 * parameters.m : parameters.m }

  /// The level of a new node: `⌊-ln(u) / ln(m)⌋` for `u` uniform in (0, 1] from a hash of the seed and `key`.
  static func level(for key: UInt64, parameters: HNSWParameters) -> Int {
    var z = key &+ parameters.seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    let u = (Double(z >> 11) + 1) / Double(UInt64(1) << 53)
    let level = -log(u) / log(Double(max(parameters.m, 2)))
    return min(Int(level), HNSWParameters.maximumLevel)
  }

  // MARK: Links

  /// The start of `node`'s block on `level`, in `layer0` for level 0 and in `upper` otherwise.
  @inline(__always) func blockStart(_ node: Int, level: Int) -> Int {
    level == 0 ? node * layer0Stride : Int(upperStart[node]) + (level - 1) * upperStride
  }

  /// Calls `body` with each neighbor of `node` on `level`.
  @inline(__always) func forEachNeighbor(of node: Int, level: Int, _ body: (Int) -> Void) {
    let start = blockStart(node, level: level)
    if level == 0 {
      let count = Int(layer0[start])
      for j in 0..<count { body(Int(layer0[start + 1 + j])) }
    } else {
      let count = Int(upper[start])
      for j in 0..<count { body(Int(upper[start + 1 + j])) }
    }
  }

  /// The neighbors of `node` on `level`.
  func neighbors(of node: Int, level: Int) -> [Int] {
    var result: [Int] = []
    forEachNeighbor(of: node, level: level) { result.append($0) }
    return result
  }

  /// Replaces the neighbors of `node` on `level`; at most ``capacity(onLevel:)`` of them.
  mutating func setNeighbors(_ neighbors: [Int], of node: Int, level: Int) {
    let start = blockStart(node, level: level)
    if level == 0 {
      layer0[start] = UInt32(neighbors.count)
      for (j, n) in neighbors.enumerated() { layer0[start + 1 + j] = UInt32(n) }
    } else {
      upper[start] = UInt32(neighbors.count)
      for (j, n) in neighbors.enumerated() { upper[start + 1 + j] = UInt32(n) }
    }
  }

  /// Appends an unlinked node at `level`.
  mutating func appendNode(level: Int) {
    levels.append(UInt8(level))
    layer0.append(contentsOf: repeatElement(0, count: layer0Stride))
    upperStart.append(UInt32(upper.count))
    if level > 0 { upper.append(contentsOf: repeatElement(0, count: level * upperStride)) }
  }

  // MARK: Search

  /// Moves `entry` greedily towards `q` on `level` until no neighbor is more similar.
  func greedyDescend(
    _ q: UnsafeBufferPointer<Float>, rows: VectorRows, level: Int, entry: inout Int, similarity: inout Float
  ) {
    var changed = true
    while changed {
      changed = false
      var best = entry, bestSimilarity = similarity
      forEachNeighbor(of: entry, level: level) { n in
        let s = rows.similarity(q, to: n)
        if s > bestSimilarity {
          bestSimilarity = s
          best = n
        }
      }
      if best != entry {
        entry = best
        similarity = bestSimilarity
        changed = true
      }
    }
  }

  /// How many rows ahead of the one being scored the beam search asks the CPU to load: one dot product is
  /// shorter than a memory access, so the load must start a few rows early (2 measured best at 384 dimensions).
  static let prefetchDistance = 2

  /// The best-first beam search of one layer: up to `ef` accepted nodes most similar to `q`, best first.
  ///
  /// Rejected nodes (tombstones, filtered out) are still expanded, so they keep the graph connected.
  func searchLayer(
    _ q: UnsafeBufferPointer<Float>, rows: VectorRows, entries: [NodeSimilarity], ef: Int, level: Int,
    visited: inout VisitedSet, accept: ((Int) -> Bool)?
  ) -> [NodeSimilarity] {
    visited.clear()
    var candidates = NodeHeap(capacity: ef * 2)  // keyed by -similarity: the root is the most similar
    var results = NodeHeap(capacity: ef + 1)  // keyed by similarity: the root is the worst kept
    for entry in entries where visited.insert(entry.node) {
      candidates.push(key: -entry.similarity, node: entry.node)
      if accept?(entry.node) ?? true {
        results.push(key: entry.similarity, node: entry.node)
        if results.count > ef { results.pop() }
      }
    }
    let links = level == 0 ? layer0 : upper
    links.withUnsafeBufferPointer { links in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity(onLevel: level)) { fresh in
        while let (negated, current) = candidates.pop() {
          if results.count >= ef, -negated < results.minimumKey { break }
          // Unvisited neighbors first, so only their rows are fetched; each row's load is started while the
          // previous one is scored.
          let start = blockStart(current, level: level)
          var freshCount = 0
          for j in 0..<min(Int(links[start]), fresh.count) {
            let n = Int(links[start + 1 + j])
            if visited.insert(n) {
              fresh[freshCount] = n
              freshCount += 1
            }
          }
          for j in 0..<min(freshCount, Self.prefetchDistance) { rows.prefetch(fresh[j]) }
          for j in 0..<freshCount {
            let n = fresh[j]
            if j + Self.prefetchDistance < freshCount { rows.prefetch(fresh[j + Self.prefetchDistance]) }
            let s = rows.similarity(q, to: n)
            guard results.count < ef || s > results.minimumKey else { continue }
            candidates.push(key: -s, node: n)
            // It may be expanded later: start loading its neighbor list (count and first 31 links).
            if let base = links.baseAddress {
              VectorSimilarity.prefetch(base + blockStart(n, level: level), byteCount: 128)
            }
            if accept?(n) ?? true {
              results.push(key: s, node: n)
              if results.count > ef { results.pop() }
            }
          }
        }
      }
    }
    return results.sortedDescending()
  }

  /// The `k` accepted nodes most similar to `q` with a beam of `ef`, best first.
  func search(
    _ q: UnsafeBufferPointer<Float>, rows: VectorRows, k: Int, ef: Int, accept: ((Int) -> Bool)?
  ) -> [NodeSimilarity] {
    guard entryPoint >= 0, k > 0 else { return [] }
    var entry = entryPoint
    var similarity = rows.similarity(q, to: entry)
    var level = maxLevel
    while level > 0 {
      greedyDescend(q, rows: rows, level: level, entry: &entry, similarity: &similarity)
      level -= 1
    }
    var visited = VisitedSet(count: nodeCount)
    let found = searchLayer(
      q, rows: rows, entries: [NodeSimilarity(node: entry, similarity: similarity)], ef: max(ef, k), level: 0,
      visited: &visited, accept: accept)
    return Array(found.prefix(k))
  }

  // MARK: Construction

  /// Links node `nodeCount` (its row already stored) into the graph.
  ///
  /// - Parameters:
  ///   - level: Its level, from ``level(for:parameters:)``.
  ///   - q: Its vector (normalized, Float32).
  ///   - rows: All rows, including the new one.
  ///   - visited: Scratch, reused across inserts.
  mutating func insert(
    level: Int, vector q: UnsafeBufferPointer<Float>, rows: VectorRows, visited: inout VisitedSet
  ) {
    let node = nodeCount
    appendNode(level: level)
    visited.grow(to: nodeCount)
    guard entryPoint >= 0 else {
      entryPoint = node
      maxLevel = level
      return
    }
    var entry = entryPoint
    var similarity = rows.similarity(q, to: entry)
    var l = maxLevel
    while l > level {
      greedyDescend(q, rows: rows, level: l, entry: &entry, similarity: &similarity)
      l -= 1
    }
    var entries = [NodeSimilarity(node: entry, similarity: similarity)]
    var scratch = [Float](repeating: 0, count: rows.dimension)
    for l in stride(from: min(level, maxLevel), through: 0, by: -1) {
      let found = searchLayer(
        q, rows: rows, entries: entries, ef: parameters.efConstruction, level: l, visited: &visited, accept: nil)
      let selected = selectNeighbors(found, count: parameters.m, rows: rows, scratch: &scratch)
      setNeighbors(selected.map(\.node), of: node, level: l)
      for neighbor in selected {
        link(neighbor.node, to: node, similarity: neighbor.similarity, level: l, rows: rows, scratch: &scratch)
      }
      entries = found
    }
    if level > maxLevel {
      maxLevel = level
      entryPoint = node
    }
  }

  /// Nodes per batch of a bulk build; fixed, so the graph does not depend on the thread count.
  static let buildBatchSize = 128

  /// Links the nodes `nodeCount..<nodeCount + levels.count` (rows already stored) in one batch.
  ///
  /// - Parameters:
  ///   - levels: The new nodes' levels, from ``level(for:parameters:)``.
  ///   - rows: All rows, including the new ones.
  ///   - threadCount: Threads for the candidate searches; blocks the calling thread when more than one.
  mutating func insertBatch(levels newLevels: [Int], rows: VectorRows, threadCount: Int) {
    let first = nodeCount
    let d = rows.dimension
    let frozenMaxLevel = maxLevel
    let hasGraph = entryPoint >= 0
    // Phase 1, parallel and read-only: candidates per new node and level in the graph before the batch.
    let slots = ConcurrentSlots<[[NodeSimilarity]]>(count: newLevels.count)
    if hasGraph {
      parallelRows(newLevels.count, threadCount: threadCount) { range in
        var visited = VisitedSet(count: first)
        var q = [Float](repeating: 0, count: d)
        for j in range {
          q.withUnsafeMutableBufferPointer { rows.decode(first + j, into: $0) }
          let found = q.withUnsafeBufferPointer { candidates(for: $0, level: newLevels[j], rows: rows, visited: &visited) }
          slots.fill(j, with: found)
        }
      }
    }
    let found = slots.values
    // Phase 2, in order: add the batch's earlier nodes as candidates, select, link.
    var scratch = [Float](repeating: 0, count: d)
    var q = [Float](repeating: 0, count: d)
    for (j, level) in newLevels.enumerated() {
      let node = first + j
      appendNode(level: level)
      q.withUnsafeMutableBufferPointer { rows.decode(node, into: $0) }
      for l in stride(from: level, through: 0, by: -1) {
        var candidates = hasGraph && l <= frozenMaxLevel ? (found[j]?[l] ?? []) : []
        q.withUnsafeBufferPointer { qp in
          for i in 0..<j where newLevels[i] >= l {
            candidates.append(NodeSimilarity(node: first + i, similarity: rows.similarity(qp, to: first + i)))
          }
        }
        guard !candidates.isEmpty else { continue }
        candidates.sort(by: NodeSimilarity.ranksBefore)
        let selected = selectNeighbors(candidates, count: parameters.m, rows: rows, scratch: &scratch)
        setNeighbors(selected.map(\.node), of: node, level: l)
        for neighbor in selected {
          link(neighbor.node, to: node, similarity: neighbor.similarity, level: l, rows: rows, scratch: &scratch)
        }
      }
      if entryPoint < 0 || level > maxLevel {
        entryPoint = node
        maxLevel = level
      }
    }
  }

  /// The construction candidates of a node at `level` with vector `q`: per layer `0...min(level, maxLevel)`, the
  /// `efConstruction` most similar nodes, best first (indexed by layer).
  private func candidates(
    for q: UnsafeBufferPointer<Float>, level: Int, rows: VectorRows, visited: inout VisitedSet
  ) -> [[NodeSimilarity]] {
    var result = [[NodeSimilarity]](repeating: [], count: min(level, maxLevel) + 1)
    var entry = entryPoint
    var similarity = rows.similarity(q, to: entry)
    var l = maxLevel
    while l > level {
      greedyDescend(q, rows: rows, level: l, entry: &entry, similarity: &similarity)
      l -= 1
    }
    var entries = [NodeSimilarity(node: entry, similarity: similarity)]
    for l in stride(from: min(level, maxLevel), through: 0, by: -1) {
      let found = searchLayer(
        q, rows: rows, entries: entries, ef: parameters.efConstruction, level: l, visited: &visited, accept: nil)
      result[l] = found
      entries = found
    }
    return result
  }

  /// Adds `node` to `from`'s neighbors on `level`, pruning them with the heuristic when full.
  private mutating func link(
    _ from: Int, to node: Int, similarity: Float, level: Int, rows: VectorRows, scratch: inout [Float]
  ) {
    let start = blockStart(from, level: level)
    let count = Int(level == 0 ? layer0[start] : upper[start])
    let capacity = capacity(onLevel: level)
    if count < capacity {
      if level == 0 {
        layer0[start + 1 + count] = UInt32(node)
        layer0[start] = UInt32(count + 1)
      } else {
        upper[start + 1 + count] = UInt32(node)
        upper[start] = UInt32(count + 1)
      }
      return
    }
    var candidates = [NodeSimilarity(node: node, similarity: similarity)]
    candidates.reserveCapacity(count + 1)
    scratch.withUnsafeMutableBufferPointer { rows.decode(from, into: $0) }
    scratch.withUnsafeBufferPointer { base in
      forEachNeighbor(of: from, level: level) { n in
        candidates.append(NodeSimilarity(node: n, similarity: rows.similarity(base, to: n)))
      }
    }
    candidates.sort(by: NodeSimilarity.ranksBefore)
    let kept = selectNeighbors(candidates, count: capacity, rows: rows, scratch: &scratch)
    setNeighbors(kept.map(\.node), of: from, level: level)
  }

  /// The neighbor-selection heuristic: walking candidates best first, keep one only if it is more similar to the
  /// base than to every neighbor kept so far, so links spread in different directions.
  ///
  /// - Parameter candidates: Sorted best first by similarity to the base node.
  func selectNeighbors(
    _ candidates: [NodeSimilarity], count: Int, rows: VectorRows, scratch: inout [Float]
  ) -> [NodeSimilarity] {
    guard candidates.count > count else { return candidates }
    var kept: [NodeSimilarity] = []
    kept.reserveCapacity(count)
    for candidate in candidates {
      if kept.count >= count { break }
      scratch.withUnsafeMutableBufferPointer { rows.decode(candidate.node, into: $0) }
      let isDiverse = scratch.withUnsafeBufferPointer { c in
        kept.allSatisfy { rows.similarity(c, to: $0.node) <= candidate.similarity }
      }
      if isDiverse { kept.append(candidate) }
    }
    return kept
  }

  /// Bytes held by the links.
  var byteCount: Int { levels.count + layer0.count * 4 + upperStart.count * 4 + upper.count * 4 }
}

/// A node and its similarity to the current query.
struct NodeSimilarity: Sendable {
  var node: Int
  var similarity: Float

  /// More similar first; equal similarities by lower node.
  static func ranksBefore(_ a: NodeSimilarity, _ b: NodeSimilarity) -> Bool {
    a.similarity != b.similarity ? a.similarity > b.similarity : a.node < b.node
  }
}

/// A binary min-heap of (key, node) pairs, each packed into one `UInt64` so that integer order is (key, node) order.
///
/// The high 32 bits hold the key's bits mapped to an unsigned integer that sorts like the float (negative floats
/// have every bit flipped, others only the sign bit); the low 32 bits hold the node. One comparison and one swap
/// per level, and equal keys are ordered by node, so heap operations are deterministic.
struct NodeHeap {
  private var entries: [UInt64] = []

  init(capacity: Int) { entries.reserveCapacity(capacity) }

  var count: Int { entries.count }
  /// The smallest key; only valid when not empty.
  var minimumKey: Float { Self.key(of: entries[0]) }

  @inline(__always) static func pack(key: Float, node: Int) -> UInt64 {
    let bits = key.bitPattern
    let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    return UInt64(ordered) << 32 | UInt64(UInt32(truncatingIfNeeded: node))
  }

  @inline(__always) static func key(of entry: UInt64) -> Float {
    let ordered = UInt32(truncatingIfNeeded: entry >> 32)
    return Float(bitPattern: ordered & 0x8000_0000 != 0 ? ordered & 0x7FFF_FFFF : ~ordered)
  }

  mutating func push(key: Float, node: Int) {
    entries.append(Self.pack(key: key, node: node))
    entries.withUnsafeMutableBufferPointer { heap in
      var child = heap.count - 1
      let value = heap[child]
      while child > 0 {
        let parent = (child - 1) / 2
        guard value < heap[parent] else { break }
        heap[child] = heap[parent]
        child = parent
      }
      heap[child] = value
    }
  }

  @discardableResult
  mutating func pop() -> (key: Float, node: Int)? {
    guard let first = entries.first else { return nil }
    let last = entries.removeLast()
    if !entries.isEmpty {
      entries.withUnsafeMutableBufferPointer { heap in
        let n = heap.count
        var parent = 0
        while true {
          let left = 2 * parent + 1
          guard left < n else { break }
          var smallest = left
          if left + 1 < n && heap[left + 1] < heap[left] { smallest = left + 1 }
          guard heap[smallest] < last else { break }
          heap[parent] = heap[smallest]
          parent = smallest
        }
        heap[parent] = last
      }
    }
    return (Self.key(of: first), Int(UInt32(truncatingIfNeeded: first)))
  }

  /// The elements as (node, similarity = key), most similar first.
  func sortedDescending() -> [NodeSimilarity] {
    var result = entries.map {
      NodeSimilarity(node: Int(UInt32(truncatingIfNeeded: $0)), similarity: Self.key(of: $0))
    }
    result.sort(by: NodeSimilarity.ranksBefore)
    return result
  }
}

/// A set of node numbers as a bitmap that remembers which words it touched, so clearing costs O(visits).
struct VisitedSet {
  private var words: [UInt64]
  private var touched: [Int32] = []

  init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }

  /// Makes room for nodes below `count`.
  mutating func grow(to count: Int) {
    let needed = (count + 63) / 64
    if needed > words.count { words.append(contentsOf: repeatElement(0, count: needed - words.count + 1024)) }
  }

  /// Inserts `node`; returns whether it was absent.
  @inline(__always) mutating func insert(_ node: Int) -> Bool {
    let w = node >> 6, bit = UInt64(1) << UInt64(node & 63)
    let word = words[w]
    if word & bit != 0 { return false }
    if word == 0 { touched.append(Int32(w)) }
    words[w] = word | bit
    return true
  }

  mutating func clear() {
    for w in touched { words[Int(w)] = 0 }
    touched.removeAll(keepingCapacity: true)
  }
}
