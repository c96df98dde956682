// The vector section of the index file. Layout (integers varint unless noted; see Retrieval.md):
//
//   configuration  dimension, encoding UInt8, modelIdentifier string, graphThreshold, m, efConstruction,
//                  efSearch, seed UInt64 LE, compactionFraction Float64 bits UInt64 LE, minimumDeadForCompaction
//   slotCount      S
//   S × slot       documentID, isLive UInt8 (0 or 1)
//   rows           float32: S·d × UInt32 LE (Float bits); float16: S·d × UInt16 LE; int8: S·d bytes then
//                  S × UInt32 LE scale bits
//   hasGraph       UInt8 (0 or 1); then entryPoint, maxLevel, S × level UInt8,
//                  per node its layer-0 list, then per node with level > 0 its lists for layers 1...level;
//                  a list is count, then count neighbors
//
// Tombstoned slots are written too, so slots and graph nodes keep their numbers. A live document has exactly one
// slot; every neighbor is another node whose level reaches the list's layer; the entry point is on the top layer.

import Basics

extension VectorIndex {
  /// The index as the index file stores it (its section payload after the presence byte), for equality checks
  /// and size estimates.
  ///
  /// - Complexity: O(*S* · *d* + links).
  public func encoded() -> [UInt8] {
    var writer = ByteWriter(capacity: memoryByteCount + 64)
    encode(into: &writer)
    return writer.bytes
  }

  /// Appends the index to `writer`.
  ///
  /// - Complexity: O(*S* · *d* + links).
  func encode(into writer: inout ByteWriter) {
    let c = configuration
    writer.writeVarint(UInt64(c.dimension))
    writer.writeUInt8(c.encoding.rawValue)
    writer.writeString(c.modelIdentifier)
    writer.writeVarint(UInt64(max(c.graphThreshold, 0)))
    writer.writeVarint(UInt64(c.graph.m))
    writer.writeVarint(UInt64(max(c.graph.efConstruction, 0)))
    writer.writeVarint(UInt64(max(c.graph.efSearch, 0)))
    writer.writeUInt64(c.graph.seed)
    writer.writeUInt64(c.compactionFraction.bitPattern)
    writer.writeVarint(UInt64(max(c.minimumDeadForCompaction, 0)))

    writer.writeVarint(UInt64(slotDocumentIDs.count))
    for (slot, id) in slotDocumentIDs.enumerated() {
      writer.writeVarint(id.rawValue)
      writer.writeUInt8(slotIsLive[slot] ? 1 : 0)
    }
    switch storage.encoding {
    case .float32: for x in storage.float32Values { writer.writeUInt32(x.bitPattern) }
    case .float16:
      writer.bytes.reserveCapacity(writer.count + storage.float16Values.count * 2)
      for x in storage.float16Values {
        let bits = x.bitPattern
        writer.writeUInt8(UInt8(truncatingIfNeeded: bits))
        writer.writeUInt8(UInt8(truncatingIfNeeded: bits >> 8))
      }
    case .int8:
      writer.writeBytes(storage.int8Values.lazy.map { UInt8(bitPattern: $0) })
      for scale in storage.int8Scales { writer.writeUInt32(scale.bitPattern) }
    }

    guard let graph else {
      writer.writeUInt8(0)
      return
    }
    writer.writeUInt8(1)
    writer.writeVarint(UInt64(max(graph.entryPoint, 0)))
    writer.writeVarint(UInt64(graph.maxLevel))
    writer.writeBytes(graph.levels)
    for node in 0..<graph.nodeCount {
      let neighbors = graph.neighbors(of: node, level: 0)
      writer.writeVarint(UInt64(neighbors.count))
      for n in neighbors { writer.writeVarint(UInt64(n)) }
    }
    for node in 0..<graph.nodeCount where graph.levels[node] > 0 {
      for level in 1...Int(graph.levels[node]) {
        let neighbors = graph.neighbors(of: node, level: level)
        writer.writeVarint(UInt64(neighbors.count))
        for n in neighbors { writer.writeVarint(UInt64(n)) }
      }
    }
  }

  /// Decodes an index written by ``encode(into:)``, validating every count against the remaining bytes.
  ///
  /// - Throws: ``RetrievalError/corrupt(_:)`` for any inconsistency.
  /// - Complexity: O(*S* · *d* + links).
  static func decode(from reader: inout ByteReader) throws(RetrievalError) -> VectorIndex {
    func corrupt(_ what: String) -> RetrievalError { .corrupt("vector section: \(what) at byte \(reader.offset)") }
    guard let dimension = reader.readVarint(), dimension >= 1,
      dimension <= UInt64(Configuration.maximumDimension),
      let encodingByte = reader.readUInt8(), let encoding = VectorEncoding(rawValue: encodingByte),
      let modelIdentifier = reader.readString(), let graphThreshold = reader.readVarint(),
      graphThreshold <= UInt64(Int.max), let m = reader.readVarint(),
      HNSWParameters.mRange.contains(Int(clamping: m)), let efConstruction = reader.readVarint(),
      efConstruction <= UInt64(Int32.max), let efSearch = reader.readVarint(), efSearch <= UInt64(Int32.max),
      let seed = reader.readUInt64(), let fractionBits = reader.readUInt64(),
      let minimumDead = reader.readVarint(), minimumDead <= UInt64(Int32.max)
    else { throw corrupt("invalid configuration") }
    let fraction = Double(bitPattern: fractionBits)
    guard fraction.isFinite, fraction >= 0, fraction <= 1 else { throw corrupt("invalid compaction fraction") }
    let configuration = Configuration(
      dimension: Int(dimension), encoding: encoding, modelIdentifier: modelIdentifier,
      graphThreshold: Int(graphThreshold),
      graph: HNSWParameters(m: Int(m), efConstruction: Int(efConstruction), efSearch: Int(efSearch), seed: seed),
      compactionFraction: fraction, minimumDeadForCompaction: Int(minimumDead))
    var index = VectorIndex(configuration: configuration)
    let d = Int(dimension)

    // Slots: each needs its id, flag and row, so the count is bounded by the bytes before anything is reserved.
    guard let rawSlotCount = reader.readVarint(),
      reader.canHold(rawSlotCount, elementsOfAtLeast: 2 + encoding.byteCount(dimension: d)),
      rawSlotCount < UInt64(UInt32.max)
    else { throw corrupt("slot count exceeds the bytes") }
    let slotCount = Int(rawSlotCount)
    index.slotDocumentIDs.reserveCapacity(slotCount)
    index.slotIsLive.reserveCapacity(slotCount)
    index.slotOfDocument.reserveCapacity(slotCount)
    for slot in 0..<slotCount {
      guard let raw = reader.readVarint(), let flag = reader.readUInt8(), flag <= 1 else {
        throw corrupt("invalid slot")
      }
      let id = DocumentID(raw)
      index.slotDocumentIDs.append(id)
      index.slotIsLive.append(flag == 1)
      if flag == 1 {
        guard index.slotOfDocument.updateValue(UInt32(slot), forKey: id) == nil else {
          throw corrupt("document \(id) has two live vectors")
        }
      }
    }

    let elementCount = slotCount * d
    guard reader.remainingByteCount >= encoding.byteCount(dimension: d) * slotCount else {
      throw corrupt("rows exceed the bytes")
    }
    let start = reader.offset
    let bytes = reader.bytes
    var nonFinite = false
    switch encoding {
    case .float32:
      index.storage.float32Values = bytes.withUnsafeBytes { raw in
        (0..<elementCount).map { i in
          let x = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
          if !x.isFinite { nonFinite = true }
          return x
        }
      }
      _ = reader.skip(4 * elementCount)
    case .float16:
      index.storage.float16Values = bytes.withUnsafeBytes { raw in
        (0..<elementCount).map { i in
          let x = Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start + 2 * i, as: UInt16.self)))
          if !x.isFinite { nonFinite = true }
          return x
        }
      }
      _ = reader.skip(2 * elementCount)
    case .int8:
      index.storage.int8Values = bytes.withUnsafeBytes { raw in
        (0..<elementCount).map { i in raw.load(fromByteOffset: start + i, as: Int8.self) }
      }
      _ = reader.skip(elementCount)
      index.storage.int8Scales.reserveCapacity(slotCount)
      for _ in 0..<slotCount {
        guard let bits = reader.readUInt32() else { throw corrupt("truncated scales") }
        let scale = Float(bitPattern: bits)
        if !scale.isFinite || scale < 0 { nonFinite = true }
        index.storage.int8Scales.append(scale)
      }
    }
    guard !nonFinite else { throw corrupt("a stored vector has a non-finite element") }
    index.storage.setCount(slotCount)

    guard let hasGraph = reader.readUInt8(), hasGraph <= 1 else { throw corrupt("invalid graph flag") }
    if hasGraph == 1 {
      index.graph = try decodeGraph(from: &reader, parameters: configuration.graph, nodeCount: slotCount)
    }
    return index
  }

  private static func decodeGraph(
    from reader: inout ByteReader, parameters: HNSWParameters, nodeCount: Int
  ) throws(RetrievalError) -> HNSWGraph {
    func corrupt(_ what: String) -> RetrievalError { .corrupt("vector graph: \(what) at byte \(reader.offset)") }
    guard nodeCount > 0, let entryPoint = reader.readVarint(), entryPoint < UInt64(nodeCount),
      let maxLevel = reader.readVarint(), maxLevel <= UInt64(HNSWParameters.maximumLevel),
      let levels = reader.readBytes(nodeCount)
    else { throw corrupt("invalid header") }
    var graph = HNSWGraph(parameters: parameters)
    graph.entryPoint = Int(entryPoint)
    graph.maxLevel = Int(maxLevel)
    var topLevel = 0
    var upperBlocks = 0
    for level in levels {
      guard Int(level) <= Int(maxLevel) else { throw corrupt("node level above the top layer") }
      topLevel = max(topLevel, Int(level))
      upperBlocks += Int(level)
    }
    guard topLevel == Int(maxLevel), Int(levels[levels.startIndex + Int(entryPoint)]) == topLevel else {
      throw corrupt("the entry point is not on the top layer")
    }
    // Every list needs at least its count byte.
    guard reader.canHold(UInt64(nodeCount + upperBlocks), elementsOfAtLeast: 1) else {
      throw corrupt("lists exceed the bytes")
    }
    graph.levels.reserveCapacity(nodeCount)
    graph.layer0.reserveCapacity(nodeCount * graph.layer0Stride)
    for level in levels { graph.appendNode(level: Int(level)) }

    func readList(node: Int, level: Int) throws(RetrievalError) -> [Int] {
      guard let count = reader.readVarint(), count <= UInt64(graph.capacity(onLevel: level)) else {
        throw corrupt("invalid neighbor count")
      }
      var neighbors: [Int] = []
      neighbors.reserveCapacity(Int(count))
      for _ in 0..<Int(count) {
        guard let raw = reader.readVarint(), raw < UInt64(nodeCount), Int(raw) != node,
          Int(graph.levels[Int(raw)]) >= level
        else { throw corrupt("invalid neighbor") }
        neighbors.append(Int(raw))
      }
      return neighbors
    }
    for node in 0..<nodeCount {
      graph.setNeighbors(try readList(node: node, level: 0), of: node, level: 0)
    }
    for node in 0..<nodeCount where graph.levels[node] > 0 {
      for level in 1...Int(graph.levels[node]) {
        graph.setNeighbors(try readList(node: node, level: level), of: node, level: level)
      }
    }
    return graph
  }
}
