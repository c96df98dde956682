// Query evaluation: term-at-a-time accumulation into a dense score array, then top-k selection.

import Foundation

/// The per-query constants of the BM25F formula; see ``LexicalIndex``.
struct BM25FParameters {
  /// `w_f` per field, in `Field` order.
  var weight: (Float, Float, Float, Float)
  /// `b / avgdl_f` per field (0 when the field is empty in every document).
  var lengthFactor: (Float, Float, Float, Float)
  /// `1 - b`.
  var base: Float
  var k1: Float

  init(configuration c: LexicalIndex.Configuration, averageLengths avgdl: [Float]) {
    weight = (c.symbolWeight, c.documentationWeight, c.bodyWeight, c.pathWeight)
    func factor(_ f: Int) -> Float { avgdl[f] > 0 ? c.b / avgdl[f] : 0 }
    lengthFactor = (factor(0), factor(1), factor(2), factor(3))
    base = 1 - c.b
    k1 = c.k1
  }

  /// `w_f · tf_f / (1 − b + b · dl_f / avgdl_f)` for one field.
  @inline(__always) func fieldPart(_ field: Int, frequency: UInt32, length: UInt32) -> Float {
    let (w, c): (Float, Float)
    switch field {
    case 0: (w, c) = (weight.0, lengthFactor.0)
    case 1: (w, c) = (weight.1, lengthFactor.1)
    case 2: (w, c) = (weight.2, lengthFactor.2)
    default: (w, c) = (weight.3, lengthFactor.3)
    }
    return w * Float(frequency) / (base + c * Float(length))
  }

  /// tf̃: the field parts summed in `Field` order (symbol, documentation, body, path), skipping absent fields.
  @inline(__always) func combinedFrequency(_ packed: UInt32, _ lengths: UnsafePointer<UInt32>) -> Float {
    var sum: Float = 0
    let symbol = (packed >> 24) & 0xF
    if symbol != 0 { sum += fieldPart(0, frequency: symbol, length: lengths[0]) }
    let documentation = (packed >> 16) & 0xFF
    if documentation != 0 { sum += fieldPart(1, frequency: documentation, length: lengths[1]) }
    let body = packed & 0xFFFF
    if body != 0 { sum += fieldPart(2, frequency: body, length: lengths[2]) }
    let path = packed >> 28
    if path != 0 { sum += fieldPart(3, frequency: path, length: lengths[3]) }
    return sum
  }

  /// `idf · tf̃ · (k1 + 1) / (tf̃ + k1)`.
  @inline(__always) func saturate(_ combined: Float, idf: Float) -> Float {
    idf * combined * (k1 + 1) / (combined + k1)
  }
}

extension LexicalIndex {
  /// `ln(1 + (N − df + 0.5) / (df + 0.5))`, never negative (the Lucene form, also used by `bm25s`).
  static func inverseDocumentFrequency(documentCount n: Int, documentFrequency df: Int) -> Float {
    Float(log(1 + (Double(n) - Double(df) + 0.5) / (Double(df) + 0.5)))
  }

  func parameters() -> BM25FParameters {
    BM25FParameters(configuration: configuration, averageLengths: Field.allCases.map { averageLength(of: $0) })
  }

  /// The analyzed query terms: distinct, in order of first appearance.
  ///
  /// Queries are analyzed as prose (stop words removed); a query made only of stop words (`"for in"`) is
  /// analyzed as code instead, so it still matches something.
  public func queryTerms(_ query: String) -> [String] {
    var seen = Set<String>()
    var result: [String] = []
    var tokens = analyzer.tokens(in: query, mode: .prose)
    if tokens.isEmpty { tokens = analyzer.tokens(in: query, mode: .code) }
    for token in tokens where seen.insert(token).inserted { result.append(token) }
    return result
  }

  /// The ids of the query terms that occur in at least one live document, in query order.
  func queryTermIDs(_ query: String) -> [UInt32] {
    queryTerms(query).compactMap { term in
      guard let id = terms.id(of: term), documentFrequency[Int(id)] > 0 else { return nil }
      return id
    }
  }

  /// Ranks live documents against a free-text query with BM25F.
  ///
  /// Ties in score are broken by ascending ``DocumentID``, so results are deterministic and independent of the
  /// order in which documents were added. Each distinct query term counts once.
  ///
  /// - Parameters:
  ///   - query: Free text; analyzed like documentation (see ``queryTerms(_:)``).
  ///   - limit: The maximum number of hits.
  ///   - filter: Restricts which documents may be returned; `nil` allows all.
  /// - Returns: Hits with a positive score, best first.
  /// - Complexity: O(*p* + *D* + *h* log *k*) for *p* postings of the query terms, *D* slots, *h* candidates
  ///   and *k* = `limit`.
  public func search(query: String, limit: Int, filter: SearchFilter? = nil) -> [SearchHit] {
    let termIDs = queryTermIDs(query)
    guard limit > 0, !termIDs.isEmpty else { return [] }
    let parameters = parameters()
    let n = documentCount
    let slotCount = slotDocumentIDs.count
    var scores = [Float](repeating: 0, count: slotCount)
    scores.withUnsafeMutableBufferPointer { scores in
      slotFieldLengths.withUnsafeBufferPointer { lengths in
        let lengthsBase = lengths.baseAddress!
        for term in termIDs {
          let t = Int(term)
          let idf = Self.inverseDocumentFrequency(documentCount: n, documentFrequency: Int(documentFrequency[t]))
          postings[t].withUnsafeBufferPointer { list in
            for entry in list {
              let slot = Int(truncatingIfNeeded: entry >> 32)
              let combined = parameters.combinedFrequency(
                UInt32(truncatingIfNeeded: entry), lengthsBase + slot &* Self.fieldCount)
              scores[slot] += parameters.saturate(combined, idf: idf)
            }
          }
        }
      }
    }
    var heap = BoundedHeap<SearchHit>(capacity: limit) { a, b in
      a.score > b.score || (a.score == b.score && a.documentID < b.documentID)
    }
    for slot in 0..<slotCount {
      let score = scores[slot]
      guard score > 0, slotIsLive[slot] else { continue }
      if let worst = heap.threshold, score < worst.score { continue }
      let id = slotDocumentIDs[slot]
      if let filter, !filter.allows(id) { continue }
      heap.insert(SearchHit(documentID: id, score: score))
    }
    return heap.sorted()
  }

  /// Breaks a document's score for a query into per-term, per-field contributions.
  ///
  /// Each term's score is computed exactly as ``search(query:limit:filter:)`` computes it, and the terms'
  /// scores sum (in query order) to ``Explanation/score``, which equals the search score. A term's score is
  /// shared among fields in proportion to their weighted, normalized frequencies (saturation applies to the sum).
  ///
  /// - Returns: The explanation, or `nil` when the document is not indexed.
  /// - Complexity: O(*t* log *p*) for *t* query terms and posting lists of length at most *p*.
  public func explain(query: String, documentID: DocumentID) -> Explanation? {
    guard let slot = slotOfDocument[documentID] else { return nil }
    let parameters = parameters()
    let n = documentCount
    var total: Float = 0
    var contributions: [Explanation.TermContribution] = []
    let s = Int(slot)
    for term in queryTermIDs(query) {
      let t = Int(term)
      guard let packed = frequencies(ofTerm: t, inSlot: slot) else { continue }
      let df = Int(documentFrequency[t])
      let idf = Self.inverseDocumentFrequency(documentCount: n, documentFrequency: df)
      let combined = slotFieldLengths.withUnsafeBufferPointer { lengths in
        parameters.combinedFrequency(packed, lengths.baseAddress! + s * Self.fieldCount)
      }
      let termScore = parameters.saturate(combined, idf: idf)
      total += termScore
      var fields: [Explanation.FieldContribution] = []
      for field in Field.allCases {
        let frequency = field.frequency(in: packed)
        guard frequency != 0 else { continue }
        let length = slotFieldLengths[s * Self.fieldCount + field.rawValue]
        let part = parameters.fieldPart(field.rawValue, frequency: frequency, length: length)
        fields.append(
          Explanation.FieldContribution(
            field: field, termFrequency: Int(frequency), fieldLength: Int(length),
            averageFieldLength: averageLength(of: field), weight: configuration.weight(of: field),
            normalizedFrequency: part, score: termScore * part / combined))
      }
      contributions.append(
        Explanation.TermContribution(
          term: terms.term(term), documentFrequency: df, inverseDocumentFrequency: idf,
          combinedFrequency: combined, score: termScore, fields: fields))
    }
    return Explanation(documentID: documentID, documentCount: n, score: total, terms: contributions)
  }

  /// The packed field frequencies of term `t` in `slot`, by binary search of its sorted posting list.
  func frequencies(ofTerm t: Int, inSlot slot: UInt32) -> UInt32? {
    let list = postings[t]
    var low = 0
    var high = list.count
    while low < high {
      let mid = (low + high) / 2
      let s = UInt32(truncatingIfNeeded: list[mid] >> 32)
      if s == slot { return UInt32(truncatingIfNeeded: list[mid]) }
      if s < slot { low = mid + 1 } else { high = mid }
    }
    return nil
  }
}

/// Why a document scored what it did for a query; from ``LexicalIndex/explain(query:documentID:)``.
public struct Explanation: Sendable, Equatable {
  /// One field's share of a term's score.
  public struct FieldContribution: Sendable, Equatable {
    /// The field.
    public let field: LexicalIndex.Field
    /// Occurrences of the term in the field (clamped as described in ``LexicalIndex``).
    public let termFrequency: Int
    /// The field's length in tokens.
    public let fieldLength: Int
    /// The field's mean length over live documents.
    public let averageFieldLength: Float
    /// The field's weight `w_f`.
    public let weight: Float
    /// `w_f · tf_f / (1 − b + b · dl_f / avgdl_f)`.
    public let normalizedFrequency: Float
    /// This field's share of the term's score.
    public let score: Float
  }

  /// One query term's contribution.
  public struct TermContribution: Sendable, Equatable {
    /// The analyzed term, such as `"pars"`.
    public let term: String
    /// Live documents containing the term.
    public let documentFrequency: Int
    /// `ln(1 + (N − df + 0.5) / (df + 0.5))`.
    public let inverseDocumentFrequency: Float
    /// tf̃, the sum of the fields' normalized frequencies.
    public let combinedFrequency: Float
    /// `idf · tf̃ · (k1 + 1) / (tf̃ + k1)`.
    public let score: Float
    /// The fields in which the term occurs, in ``LexicalIndex/Field`` order.
    public let fields: [FieldContribution]
  }

  /// The explained document.
  public let documentID: DocumentID
  /// Live documents in the index (*N*).
  public let documentCount: Int
  /// The document's score; equal to its search score.
  public let score: Float
  /// The query terms that occur in the document, in query order.
  public let terms: [TermContribution]
}
