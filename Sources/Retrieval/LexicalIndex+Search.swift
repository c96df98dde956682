// Query evaluation: document-at-a-time over the query terms' posting lists with MaxScore pruning.
//
// Each term has an upper bound on what it can add to any document's score (from the largest frequency of each
// field over its postings). Terms are ordered by bound; once the best `limit` hits are known, the terms whose
// bounds sum to less than the worst kept score cannot bring in a new hit on their own, so only the other
// ("essential") lists propose candidates, and the rest are probed by binary search for those candidates alone.
// A candidate is dropped as soon as its partial score plus the remaining bounds falls below the threshold.
// Scores are summed in query-term order, so they equal a term-at-a-time evaluation bit for bit.

import Foundation

/// The per-query constants of the BM25F formula; see ``LexicalIndex``.
struct BM25FParameters: Sendable {
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
  ///
  /// `lengths` points at the slot's four field lengths; `bodyLength` is the same as `lengths[2]`, read from the
  /// contiguous body column so the common case touches only that.
  @inline(__always) func combinedFrequency(
    _ packed: UInt32, _ lengths: UnsafePointer<UInt32>, bodyLength: UInt32
  ) -> Float {
    var sum: Float = 0
    let symbol = (packed >> 24) & 0xF
    if symbol != 0 { sum += fieldPart(0, frequency: symbol, length: lengths[0]) }
    let documentation = (packed >> 16) & 0xFF
    if documentation != 0 { sum += fieldPart(1, frequency: documentation, length: lengths[1]) }
    let body = packed & 0xFFFF
    if body != 0 { sum += fieldPart(2, frequency: body, length: bodyLength) }
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
  /// - Complexity: O(*p* · *t* + *h* log *k*) for *p* postings of the query's *t* terms, *h* candidates and
  ///   *k* = `limit`; MaxScore pruning usually visits far fewer postings than *p*.
  public func search(query: String, limit: Int, filter: SearchFilter? = nil) -> [SearchHit] {
    let termIDs = queryTermIDs(query)
    guard limit > 0, !termIDs.isEmpty else { return [] }
    let parameters = parameters()
    let n = documentCount
    let q = termIDs.count
    // Constants (`let`), so the closures below read them without run-time exclusivity checks.
    let idf = termIDs.map { t in
      Self.inverseDocumentFrequency(documentCount: n, documentFrequency: Int(documentFrequency[Int(t)]))
    }
    let bound = (0..<q).map { i in
      upperBound(termMaximumFrequencies[Int(termIDs[i])], idf: idf[i], parameters: parameters)
    }
    // Terms by ascending bound; `prefixBound[j]` sums the bounds of the first j of them.
    let order = (0..<q).sorted { bound[$0] != bound[$1] ? bound[$0] < bound[$1] : $0 < $1 }
    var prefixBounds = [Float](repeating: 0, count: q + 1)
    for j in 0..<q { prefixBounds[j + 1] = prefixBounds[j] + bound[order[j]] }
    let prefixBound = prefixBounds

    var heap = BoundedHeap<SearchHit>(capacity: limit) { a, b in
      a.score > b.score || (a.score == b.score && a.documentID < b.documentID)
    }
    let blockMaxima = termIDs.map { blockMaximumCombined[Int($0)] }
    let slack = boundSlack(parameters)
    withPostingLists(termIDs) { lists in
      slotFieldLengths.withUnsafeBufferPointer { lengths in
        slotBodyLengths.withUnsafeBufferPointer { bodyLengths in
        slotIsLive.withUnsafeBufferPointer { isLive in
          let lengthsBase = lengths.baseAddress!
          // Plain buffers, not arrays: arrays captured by the nested function would be checked for exclusive
          // access on every posting.
          let position = UnsafeMutableBufferPointer<Int>.allocate(capacity: q)
          position.initialize(repeating: 0)
          let contribution = UnsafeMutableBufferPointer<Float>.allocate(capacity: q)
          contribution.initialize(repeating: 0)
          // The bound of each term's current block (see `blockBound`), and which block that is.
          let cachedBlock = UnsafeMutableBufferPointer<Int>.allocate(capacity: q)
          cachedBlock.initialize(repeating: -1)
          let cachedBlockBound = UnsafeMutableBufferPointer<Float>.allocate(capacity: q)
          cachedBlockBound.initialize(repeating: 0)
          defer {
            position.deallocate()
            contribution.deallocate()
            cachedBlock.deallocate()
            cachedBlockBound.deallocate()
          }
          /// The largest score term `i` can add to a document in the block holding its posting `p`.
          @inline(__always) func blockBound(_ i: Int, _ p: Int) -> Float {
            let block = p >> Self.blockShift
            if block != cachedBlock[i] {
              cachedBlock[i] = block
              let maxima = blockMaxima[i]
              var blockBound = bound[i]
              if block < maxima.count && slack.isFinite {
                let value = parameters.saturate(maxima[block] * slack, idf: idf[i]) * (1 + 2 * Self.boundMargin)
                if value < blockBound { blockBound = value }  // also false for NaN
              }
              cachedBlockBound[i] = blockBound
            }
            return cachedBlockBound[i]
          }
          var threshold = -Float.infinity
          var essential = 0  // order[essential...] propose candidates
          @inline(__always) func score(_ i: Int, _ entry: UInt64, _ slot: Int) -> Float {
            parameters.saturate(
              parameters.combinedFrequency(
                UInt32(truncatingIfNeeded: entry), lengthsBase + slot &* Self.fieldCount, bodyLength: bodyLengths[slot]),
              idf: idf[i])
          }
          while true {
            var candidate = UInt32.max
            for j in essential..<q {
              let i = order[j]
              if position[i] < lists[i].count {
                candidate = min(candidate, UInt32(truncatingIfNeeded: lists[i][position[i]] >> 32))
              }
            }
            if candidate == UInt32.max { break }
            // Block-max pruning: a candidate whose terms' block bounds cannot reach the threshold is passed over
            // unscored; with one essential list, the rest of its block goes too.
            if essential == q - 1 {
              let i = order[essential]
              if blockBound(i, position[i]) + prefixBound[essential] < threshold {
                position[i] = min(((position[i] >> Self.blockShift) + 1) << Self.blockShift, lists[i].count)
                continue
              }
            } else if threshold > -Float.infinity {
              var upper = prefixBound[essential]
              for j in essential..<q {
                let i = order[j]
                let p = position[i]
                if p < lists[i].count && UInt32(truncatingIfNeeded: lists[i][p] >> 32) == candidate {
                  upper += blockBound(i, p)
                }
              }
              if upper < threshold {
                for j in essential..<q {
                  let i = order[j]
                  let p = position[i]
                  if p < lists[i].count && UInt32(truncatingIfNeeded: lists[i][p] >> 32) == candidate {
                    position[i] = p + 1
                  }
                }
                continue
              }
            }
            let slot = Int(candidate)
            for i in 0..<q { contribution[i] = 0 }
            var partial: Float = 0
            let live = isLive[slot]
            for j in essential..<q {
              let i = order[j]
              let p = position[i]
              guard p < lists[i].count, UInt32(truncatingIfNeeded: lists[i][p] >> 32) == candidate else { continue }
              position[i] = p + 1
              if live {
                let c = score(i, lists[i][p], slot)
                contribution[i] = c
                partial += c
              }
            }
            guard live else { continue }
            // Non-essential terms, largest bound first, while the document can still make the cut.
            var remaining = prefixBound[essential]
            var isCompetitive = partial + remaining >= threshold
            var j = essential - 1
            while isCompetitive && j >= 0 {
              let i = order[j]
              remaining -= bound[i]
              let list = lists[i]
              // The first posting at or after the candidate: gallop from the cursor, then bisect.
              var low = position[i]
              var step = 1
              while low + step < list.count && UInt32(truncatingIfNeeded: list[low + step] >> 32) < candidate {
                low += step
                step &<<= 1
              }
              var high = min(low + step, list.count)
              while low < high {
                let mid = (low + high) / 2
                if UInt32(truncatingIfNeeded: list[mid] >> 32) < candidate { low = mid + 1 } else { high = mid }
              }
              position[i] = low
              if low < list.count && UInt32(truncatingIfNeeded: list[low] >> 32) == candidate {
                let c = score(i, list[low], slot)
                contribution[i] = c
                partial += c
              }
              isCompetitive = partial + remaining >= threshold
              j -= 1
            }
            guard isCompetitive else { continue }
            var total: Float = 0
            for i in 0..<q { total += contribution[i] }  // query order, as term-at-a-time sums
            guard total > 0, total >= threshold else { continue }
            let id = slotDocumentIDs[slot]
            if let filter, !filter.allows(id) { continue }
            heap.insert(SearchHit(documentID: id, score: total))
            guard let worst = heap.threshold else { continue }
            // A bound may round below the exact sum; the margin keeps pruning safe.
            threshold = worst.score * (1 - Self.boundMargin)
            while essential < q && prefixBound[essential + 1] < threshold { essential += 1 }
          }
        }
        }
      }
    }
    return heap.sorted()
  }

  /// How much a combined frequency computed with ``boundParameters`` can grow under `parameters`: the largest
  /// `c_then / c_now` over the fields (at least 1), infinite when a field's average fell to zero.
  func boundSlack(_ parameters: BM25FParameters) -> Float {
    let then = boundParameters.lengthFactor
    let now = parameters.lengthFactor
    var slack: Float = 1
    for (c0, c1) in [(then.0, now.0), (then.1, now.1), (then.2, now.2), (then.3, now.3)] where c1 < c0 {
      slack = max(slack, c1 > 0 ? c0 / c1 : .infinity)
    }
    return slack
  }

  /// Relative slack on score bounds against floating-point rounding.
  static let boundMargin: Float = 1e-4

  /// The largest score a term can add to any document: each field at its largest frequency in a field no longer
  /// than that frequency (a field holds at least the term's occurrences), saturated and weighted by `idf`.
  func upperBound(_ maximumFrequencies: UInt32, idf: Float, parameters: BM25FParameters) -> Float {
    var combined: Float = 0
    for field in Field.allCases {
      let frequency = field.frequency(in: maximumFrequencies)
      if frequency != 0 {
        combined += parameters.fieldPart(field.rawValue, frequency: frequency, length: frequency)
      }
    }
    return parameters.saturate(combined, idf: idf) * (1 + Self.boundMargin)
  }

  /// Calls `body` with views of the posting lists of `termIDs`, in order.
  private func withPostingLists<Result>(
    _ termIDs: [UInt32], _ body: ([UnsafeBufferPointer<UInt64>]) -> Result
  ) -> Result {
    var lists: [UnsafeBufferPointer<UInt64>] = []
    lists.reserveCapacity(termIDs.count)
    func nest(_ k: Int) -> Result {
      if k == termIDs.count { return body(lists) }
      return postings[Int(termIDs[k])].withUnsafeBufferPointer { list in
        lists.append(list)
        return nest(k + 1)
      }
    }
    return nest(0)
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
        parameters.combinedFrequency(
          packed, lengths.baseAddress! + s * Self.fieldCount, bodyLength: slotBodyLengths[s])
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
