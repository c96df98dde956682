// A document's analyzed terms, detached from any index.
//
// Layout:
//   termBytes          [UInt8]   the terms' UTF-8 bytes back to back; term k at termEnds[k - 1]..<termEnds[k]
//   termEnds           [UInt32]  one per term
//   packedFrequencies  [UInt32]  one per term, packed as in a posting (see `LexicalIndex.Field.shift`)
//   fieldLengths       [UInt32]  4, in `LexicalIndex.Field` order

/// What a ``LexicalIndex`` knows of one document: its distinct terms with per-field frequencies, and its field
/// lengths. Enough to add the document to an index again without its text, with identical scores.
public struct TermVector: Sendable, Hashable {
  var termBytes: [UInt8] = []
  var termEnds: [UInt32] = []
  var packedFrequencies: [UInt32] = []
  var fieldLengths: [UInt32] = [0, 0, 0, 0]

  /// The number of distinct terms.
  public var termCount: Int { termEnds.count }

  mutating func append<Bytes: Collection<UInt8>>(_ term: Bytes, packed: UInt32) {
    termBytes.append(contentsOf: term)
    termEnds.append(UInt32(termBytes.count))
    packedFrequencies.append(packed)
  }

  /// Calls `body` with each term's bytes and packed frequencies, in order.
  func forEachTerm(_ body: (UnsafeBufferPointer<UInt8>, UInt32) -> Void) {
    termBytes.withUnsafeBufferPointer { bytes in
      var start = 0
      for k in 0..<termEnds.count {
        let end = Int(termEnds[k])
        body(UnsafeBufferPointer(rebasing: bytes[start..<end]), packedFrequencies[k])
        start = end
      }
    }
  }

  /// The vector of the same document under another path: the path field's frequencies and length are
  /// recomputed from `path` (the other fields do not depend on it).
  ///
  /// - Complexity: O(*u* · *k*) for *u* terms and *k* path tokens.
  func replacingPath(with path: String) -> TermVector {
    let pathField = LexicalIndex.Field.path
    let mask = pathField.maximumFrequency << pathField.shift
    var result = TermVector()
    result.fieldLengths = fieldLengths
    forEachTerm { term, packed in
      let kept = packed & ~mask
      if kept != 0 { result.append(term, packed: kept) }
    }
    var length: UInt32 = 0
    var text = path
    text.withUTF8 { utf8 in
      Analyzer().forEachToken(in: utf8, mode: pathField.analyzerMode) { token in
        length += 1
        let k = result.index(of: token) ?? {
          result.append(token, packed: 0)
          return result.termCount - 1
        }()
        let packed = result.packedFrequencies[k]
        if (packed >> pathField.shift) & pathField.maximumFrequency < pathField.maximumFrequency {
          result.packedFrequencies[k] = packed &+ (1 << pathField.shift)
        }
      }
    }
    result.fieldLengths[pathField.rawValue] = length
    return result
  }

  /// The position of `term`, if present.
  private func index(of term: UnsafeBufferPointer<UInt8>) -> Int? {
    var start = 0
    for k in 0..<termEnds.count {
      let end = Int(termEnds[k])
      if end - start == term.count && termBytes[start..<end].elementsEqual(term) { return k }
      start = end
    }
    return nil
  }
}
