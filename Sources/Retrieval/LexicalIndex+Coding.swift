// The lexical section of the index file. Layout (all integers varint unless noted; see Retrieval.md):
//
//   configuration   6 × UInt32 LE   Float bit patterns: symbol, documentation, body, path weights, k1, b
//   documentCount   D
//   D × document    id, symbol length, documentation length, body length, path length
//   termCount       T
//   T × term        byteCount (1...64), bytes, postingCount (1...D), postingCount × (slotGap, packedFrequencies)
//
// Only live documents are written, renumbered densely in slot order; a posting's slot is
// `previous + 1 + slotGap` (previous = -1 for the first), so slots strictly increase and stay below D.

import Basics

extension LexicalIndex {
  /// Appends the index to `writer`, dropping tombstones and unused terms.
  ///
  /// - Complexity: O(*P* + *D* + *T*).
  func encode(into writer: inout ByteWriter) {
    for value in [
      configuration.symbolWeight, configuration.documentationWeight, configuration.bodyWeight,
      configuration.pathWeight, configuration.k1, configuration.b,
    ] {
      writer.writeUInt32(value.bitPattern)
    }
    var newSlot = [UInt32](repeating: UInt32.max, count: slotDocumentIDs.count)
    var liveCount: UInt32 = 0
    for s in 0..<slotDocumentIDs.count where slotIsLive[s] {
      newSlot[s] = liveCount
      liveCount += 1
    }
    writer.writeVarint(UInt64(liveCount))
    for s in 0..<slotDocumentIDs.count where slotIsLive[s] {
      writer.writeVarint(slotDocumentIDs[s].rawValue)
      for f in 0..<Self.fieldCount { writer.writeVarint(UInt64(slotFieldLengths[s * Self.fieldCount + f])) }
    }
    var usedTermCount = 0
    for t in 0..<terms.count where documentFrequency[t] > 0 { usedTermCount += 1 }
    writer.writeVarint(UInt64(usedTermCount))
    for t in 0..<terms.count where documentFrequency[t] > 0 {
      let bytes = terms.termBytes(UInt32(t))
      writer.writeVarint(UInt64(bytes.count))
      writer.writeBytes(bytes)
      writer.writeVarint(UInt64(documentFrequency[t]))
      var previous: Int64 = -1
      for entry in postings[t] {
        let mapped = newSlot[Int(entry >> 32)]
        guard mapped != UInt32.max else { continue }
        writer.writeVarint(UInt64(Int64(mapped) - previous - 1))
        writer.writeVarint(entry & 0xFFFF_FFFF)
        previous = Int64(mapped)
      }
    }
  }

  /// Decodes an index written by ``encode(into:)``, validating every count against the remaining bytes.
  ///
  /// - Throws: ``RetrievalError/corrupt(_:)`` for any inconsistency.
  /// - Complexity: O(*P* + *D* + *T*).
  static func decode(from reader: inout ByteReader) throws(RetrievalError) -> LexicalIndex {
    func corrupt(_ what: String) -> RetrievalError { .corrupt("lexical section: \(what) at byte \(reader.offset)") }
    var floats: [Float] = []
    for _ in 0..<6 {
      guard let bits = reader.readUInt32() else { throw corrupt("truncated configuration") }
      let value = Float(bitPattern: bits)
      guard value.isFinite, value >= 0 else { throw corrupt("invalid scoring parameter") }
      floats.append(value)
    }
    guard floats[5] <= 1 else { throw corrupt("b outside 0...1") }
    var index = LexicalIndex(
      configuration: Configuration(
        symbolWeight: floats[0], documentationWeight: floats[1], bodyWeight: floats[2], pathWeight: floats[3],
        k1: floats[4], b: floats[5]))

    guard let rawDocumentCount = reader.readVarint(),
      reader.canHold(rawDocumentCount, elementsOfAtLeast: 1 + fieldCount),
      rawDocumentCount < UInt64(UInt32.max)
    else { throw corrupt("document count exceeds the bytes") }
    let documentCount = Int(rawDocumentCount)
    index.slotDocumentIDs.reserveCapacity(documentCount)
    index.slotFieldLengths.reserveCapacity(documentCount * fieldCount)
    index.slotOfDocument.reserveCapacity(documentCount)
    for s in 0..<documentCount {
      guard let raw = reader.readVarint() else { throw corrupt("truncated document") }
      let id = DocumentID(raw)
      guard index.slotOfDocument.updateValue(UInt32(s), forKey: id) == nil else {
        throw corrupt("duplicate document \(id)")
      }
      index.slotDocumentIDs.append(id)
      for f in 0..<fieldCount {
        guard let length = reader.readVarint(), length <= UInt64(UInt32.max) else {
          throw corrupt("invalid field length")
        }
        index.slotFieldLengths.append(UInt32(length))
        if f == Field.body.rawValue { index.slotBodyLengths.append(UInt32(length)) }
        index.totalFieldLengths[f] += length
      }
    }
    index.slotIsLive = [Bool](repeating: true, count: documentCount)

    guard let rawTermCount = reader.readVarint(), reader.canHold(rawTermCount, elementsOfAtLeast: 4),
      rawTermCount < UInt64(UInt32.max)
    else { throw corrupt("term count exceeds the bytes") }
    let termCount = Int(rawTermCount)
    index.terms = TermDictionary(reservingTerms: termCount, bytes: min(reader.remainingByteCount, termCount * 16))
    index.postings.reserveCapacity(termCount)
    index.documentFrequency.reserveCapacity(termCount)
    index.termMaximumFrequencies.reserveCapacity(termCount)
    index.blockMaximumCombined.reserveCapacity(termCount)
    var forwardCounts = [UInt32](repeating: 0, count: documentCount)
    for _ in 0..<termCount {
      guard let byteCount = reader.readVarint(), byteCount >= 1,
        byteCount <= UInt64(Analyzer.maximumTokenByteCount), let bytes = reader.readBytes(Int(byteCount))
      else { throw corrupt("invalid term") }
      let (_, isNew) = bytes.withUnsafeBufferPointer { index.terms.intern($0) }
      guard isNew else { throw corrupt("duplicate term") }
      guard let rawCount = reader.readVarint(), rawCount >= 1, rawCount <= UInt64(documentCount),
        reader.canHold(rawCount, elementsOfAtLeast: 2)
      else { throw corrupt("invalid posting count") }
      let count = Int(rawCount)
      var list: [UInt64] = []
      list.reserveCapacity(count)
      var previous: Int64 = -1
      var maximum: UInt32 = 0
      for _ in 0..<count {
        guard let gap = reader.readVarint(), gap < UInt64(documentCount),
          let packed = reader.readVarint(), packed != 0, packed <= UInt64(UInt32.max)
        else { throw corrupt("invalid posting") }
        let slot = previous + 1 + Int64(gap)
        guard slot < Int64(documentCount) else { throw corrupt("posting beyond the documents") }
        list.append(UInt64(slot) << 32 | packed)
        maximum = fieldwiseMaximum(maximum, UInt32(packed))
        forwardCounts[Int(slot)] += 1
        previous = slot
      }
      index.postings.append(list)
      index.documentFrequency.append(UInt32(count))
      index.termMaximumFrequencies.append(maximum)
      index.blockMaximumCombined.append([])
    }
    // The forward index (distinct terms per slot, ascending, as varint gaps), rebuilt from the postings in two
    // passes: byte counts per slot, then the bytes. Terms are visited in ascending order, so gaps are positive.
    var previousTerm = [UInt32](repeating: 0, count: documentCount)
    var byteCounts = [UInt32](repeating: 0, count: documentCount)
    for (t, list) in index.postings.enumerated() {
      for entry in list {
        let slot = Int(entry >> 32)
        byteCounts[slot] += UInt32(varintByteCount(UInt32(t) - previousTerm[slot]))
        previousTerm[slot] = UInt32(t)
      }
    }
    index.forwardStart = [0]
    index.forwardStart.reserveCapacity(documentCount + 1)
    var running: UInt32 = 0
    for count in byteCounts {
      running += count
      index.forwardStart.append(running)
    }
    var cursor = Array(index.forwardStart.dropLast())
    index.forwardTerms = [UInt8](repeating: 0, count: Int(running))
    for k in 0..<documentCount { previousTerm[k] = 0 }
    index.forwardTerms.withUnsafeMutableBufferPointer { forward in
      for (t, list) in index.postings.enumerated() {
        for entry in list {
          let slot = Int(entry >> 32)
          var gap = UInt32(t) - previousTerm[slot]
          previousTerm[slot] = UInt32(t)
          var position = Int(cursor[slot])
          while gap >= 0x80 {
            forward[position] = UInt8(truncatingIfNeeded: gap) | 0x80
            gap >>= 7
            position += 1
          }
          forward[position] = UInt8(gap)
          cursor[slot] = UInt32(position + 1)
        }
      }
    }
    index.resetScratch()
    index.refreshBlockBounds()
    return index
  }
}

/// The bytes of `value` as an unsigned LEB128 varint.
private func varintByteCount(_ value: UInt32) -> Int {
  value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5
}
