// The in-memory inverted index and its BM25F scorer.
//
// Layout (one "slot" per added document, dense, in order of addition):
//   postings[t]          [UInt64]  per term t, sorted by slot: (slot << 32) | packed field term frequencies
//   documentFrequency[t] UInt32    live documents containing t in any field
//   slotDocumentIDs[s]   DocumentID
//   slotFieldLengths     [UInt32]  4 per slot, in `Field` order: tokens of each field
//   slotBodyLengths      [UInt32]  the body column of slotFieldLengths again, contiguous: nearly every posting
//                                  scored reads it, and 4 bytes per slot stay in cache where 16 do not
//   slotIsLive[s]        Bool      false once removed (a tombstone)
//   blockMaximumCombined[t]  [Float]  per block of `blockSize` postings of term t, the largest tf̃ (see below)
//                                  under `boundParameters`; empty for lists of at most one block
//   forwardTerms         [UInt8]   the distinct terms of slot s at byte offsets forwardStart[s]..<forwardStart[s + 1],
//                                  ascending, as varint gaps (the first term id as is): about 2 bytes a term
//
// Invariants:
// - Posting lists are sorted by slot: a new document takes the next slot and is appended to each of its terms.
// - `documentFrequency`, `liveDocumentCount` and `totalFieldLengths` count live slots only, exactly, so scores
//   after any add/remove sequence equal those of an index built from the live documents alone.
// - Dead slots keep their postings until `compact()`; scoring ignores them. Compaction renumbers slots
//   monotonically, so posting lists stay sorted.

import Foundation

/// An incremental inverted index over chunk documents, ranked with BM25F.
///
/// Each document has four fields (``LexicalIndex/Field``), analyzed by ``Analyzer``. For a query term *t* and a
/// document *d*, the field-weighted, length-normalized term frequency is
///
///     tf̃(t, d) = Σ_f  w_f · tf_f(t, d) / (1 − b + b · dl_f(d) / avgdl_f)
///
/// and the document's score sums, over the distinct query terms,
///
///     idf(t) · tf̃ · (k1 + 1) / (tf̃ + k1),   idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
///
/// where *N* is the number of live documents, *df(t)* the number of live documents containing *t* in any field,
/// and *avgdl_f* the mean length of field *f* over live documents. Saturation is applied after the fields are
/// combined (BM25F), so a term repeated across fields is not counted as several independent matches.
///
/// Term frequencies are stored per field in 32 bits: `body` up to 65,535, `documentation` up to 255,
/// `symbol` and `path` up to 15; larger counts are clamped, which changes a score by well under 1 % because
/// BM25 saturates long before.
public struct LexicalIndex: Sendable {
  /// The fields of a document, in the order their contributions are summed.
  public enum Field: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// The symbol's name and its container (`LexicalIndex.add` joins them).
    case symbol
    /// The documentation comment.
    case documentation
    /// The chunk's text.
    case body
    /// The file's relative path; its components become tokens.
    case path

    public var description: String {
      switch self {
      case .symbol: return "symbol"
      case .documentation: return "documentation"
      case .body: return "body"
      case .path: return "path"
      }
    }

    /// How each field's text is analyzed: prose loses stop words, code and paths keep every token.
    var analyzerMode: Analyzer.Mode { self == .documentation ? .prose : .code }
    /// The bit offset of this field's frequency in a packed posting.
    var shift: UInt32 {
      switch self {
      case .body: return 0
      case .documentation: return 16
      case .symbol: return 24
      case .path: return 28
      }
    }
    /// The largest frequency this field stores (clamped above).
    var maximumFrequency: UInt32 {
      switch self {
      case .body: return 0xFFFF
      case .documentation: return 0xFF
      case .symbol, .path: return 0xF
      }
    }
    @inline(__always) func frequency(in packed: UInt32) -> UInt32 { (packed >> shift) & maximumFrequency }
  }

  /// Scoring parameters.
  ///
  /// The defaults weight a symbol's name three times a body token: a query naming a function should find its
  /// definition before its callers. Documentation (2×) is written to describe the chunk; path and body (1×) are
  /// broad and noisy. `k1 = 1.2` and `b = 0.75` are the usual Okapi values (also Lucene's and `bm25s`'s).
  public struct Configuration: Sendable, Equatable {
    /// The weight of the ``LexicalIndex/Field/symbol`` field.
    public var symbolWeight: Float
    /// The weight of the ``LexicalIndex/Field/documentation`` field.
    public var documentationWeight: Float
    /// The weight of the ``LexicalIndex/Field/body`` field.
    public var bodyWeight: Float
    /// The weight of the ``LexicalIndex/Field/path`` field.
    public var pathWeight: Float
    /// Term-frequency saturation: larger values let repeated terms keep adding score.
    public var k1: Float
    /// Length normalization: 0 ignores field length, 1 divides by it fully.
    public var b: Float

    /// Creates a configuration; the defaults are ``standard``.
    public init(
      symbolWeight: Float = 3.0, documentationWeight: Float = 2.0, bodyWeight: Float = 1.0, pathWeight: Float = 1.0,
      k1: Float = 1.2, b: Float = 0.75
    ) {
      self.symbolWeight = symbolWeight
      self.documentationWeight = documentationWeight
      self.bodyWeight = bodyWeight
      self.pathWeight = pathWeight
      self.k1 = k1
      self.b = b
    }

    /// Symbol 3, documentation 2, body 1, path 1; `k1 = 1.2`, `b = 0.75`.
    public static let standard = Configuration()

    /// The weight of `field`.
    public func weight(of field: Field) -> Float {
      switch field {
      case .symbol: return symbolWeight
      case .documentation: return documentationWeight
      case .body: return bodyWeight
      case .path: return pathWeight
      }
    }
  }

  /// The text of a document's fields, as given to ``LexicalIndex/add(_:fields:)``.
  public struct Fields: Sendable, Hashable {
    /// Symbol name and container, such as `"parse(_:) Parser"`.
    public var symbol: String
    /// The documentation comment.
    public var documentation: String
    /// The chunk's text.
    public var body: String
    /// The relative path, such as `"Sources/Retrieval/Analyzer.swift"`.
    public var path: String

    /// Creates the fields of a document.
    public init(symbol: String = "", documentation: String = "", body: String = "", path: String = "") {
      self.symbol = symbol
      self.documentation = documentation
      self.body = body
      self.path = path
    }

    func text(of field: Field) -> String {
      switch field {
      case .symbol: return symbol
      case .documentation: return documentation
      case .body: return body
      case .path: return path
      }
    }
  }

  static let fieldCount = Field.allCases.count
  /// Compaction runs once at least this many slots are dead and they are at least a quarter of all slots.
  static let minimumDeadSlotsForCompaction = 64
  /// Postings per block of ``blockMaximumFrequencies`` (a power of two).
  static let blockSize = 128
  /// `log2(blockSize)`.
  static let blockShift = 7

  /// The scoring parameters.
  public let configuration: Configuration
  let analyzer = Analyzer()

  var terms = TermDictionary()
  var postings: [[UInt64]] = []
  var documentFrequency: [UInt32] = []
  /// Per term, the largest frequency of each field over its postings, packed like a posting (an upper bound:
  /// removals do not lower it), for the score bounds that let search skip documents.
  var termMaximumFrequencies: [UInt32] = []
  /// Per term with more than ``blockSize`` postings, the largest combined frequency tf̃ of each block of
  /// ``blockSize`` postings computed with ``boundParameters`` (an upper bound: removals do not lower it), for
  /// block-max pruning; empty for shorter lists, whose one block is bounded by ``termMaximumFrequencies``.
  ///
  /// The field averages move as documents come and go, but a field part `w·tf / (1 − b + c·dl)` with
  /// `c = b / avgdl` grows by at most `c_then / c_now` when `c` falls, so search scales these by the largest such
  /// ratio over the fields and the bounds stay valid; ``compact()`` and decoding recompute them at current averages.
  var blockMaximumCombined: [[Float]] = []
  /// The parameters ``blockMaximumCombined`` was computed with; an empty index's (every `c` zero: lengths ignored,
  /// valid but loose) until the first compaction or decode.
  var boundParameters = BM25FParameters(configuration: .standard, averageLengths: [0, 0, 0, 0])
  var slotDocumentIDs: [DocumentID] = []
  var slotFieldLengths: [UInt32] = []
  var slotBodyLengths: [UInt32] = []
  var slotIsLive: [Bool] = []
  var forwardTerms: [UInt8] = []
  var forwardStart: [UInt32] = [0]
  var slotOfDocument: [DocumentID: UInt32] = [:]
  var totalFieldLengths: [UInt64] = [0, 0, 0, 0]
  var deadSlotCount = 0
  /// Scratch for `add`: packed frequencies per term id, all zero between calls.
  private var scratchFrequencies: [UInt32] = []
  /// Scratch for `add`: the distinct terms of the document being added, in first-seen order.
  private var scratchTerms: [UInt32] = []

  /// Creates an empty index.
  public init(configuration: Configuration = .standard) {
    self.configuration = configuration
    boundParameters = BM25FParameters(configuration: configuration, averageLengths: [0, 0, 0, 0])
  }

  /// The number of live documents.
  public var documentCount: Int { slotOfDocument.count }

  /// The number of distinct terms ever interned (including those no live document uses any more).
  public var termCount: Int { terms.count }

  /// Whether `id` is indexed.
  public func contains(_ id: DocumentID) -> Bool { slotOfDocument[id] != nil }

  /// The ids of all live documents, ascending.
  public var documentIDs: [DocumentID] { slotOfDocument.keys.sorted() }

  /// The mean length, in tokens, of `field` over live documents (0 when empty).
  public func averageLength(of field: Field) -> Float {
    let n = slotOfDocument.count
    return n == 0 ? 0 : Float(Double(totalFieldLengths[field.rawValue]) / Double(n))
  }

  /// The number of live documents containing `term` (already analyzed, such as `"pars"`) in any field.
  public func documentFrequency(of term: String) -> Int {
    guard let id = terms.id(of: term) else { return 0 }
    return Int(documentFrequency[Int(id)])
  }

  // MARK: Adding and removing

  /// Indexes a document, replacing any earlier document with the same id.
  ///
  /// - Parameters:
  ///   - id: The document's stable id.
  ///   - fields: Its field texts.
  /// - Complexity: O(*n*) in the fields' byte count, amortized.
  public mutating func add(_ id: DocumentID, fields: Fields) {
    if slotOfDocument[id] != nil { remove(id) }
    let slot = UInt32(slotDocumentIDs.count)
    var lengths: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
    for field in Field.allCases {
      var text = fields.text(of: field)
      let shift = field.shift
      let maximum = field.maximumFrequency
      var length: UInt32 = 0
      text.withUTF8 { utf8 in
        analyzer.forEachToken(in: utf8, mode: field.analyzerMode) { token in
          length += 1
          let (term, isNew) = terms.intern(token)
          if isNew { appendTerm() }
          let packed = scratchFrequencies[Int(term)]
          if packed == 0 { scratchTerms.append(term) }
          if (packed >> shift) & maximum < maximum { scratchFrequencies[Int(term)] = packed &+ (1 << shift) }
        }
      }
      switch field {
      case .symbol: lengths.0 = length
      case .documentation: lengths.1 = length
      case .body: lengths.2 = length
      case .path: lengths.3 = length
      }
    }
    appendSlot(slot, id: id, lengths: lengths)
  }

  /// Indexes a document from its term vector (see ``termVector(of:)``), replacing any earlier document with the
  /// same id; it scores exactly as if added from its text.
  ///
  /// - Complexity: O(*u*) for *u* distinct terms, amortized.
  public mutating func add(_ id: DocumentID, termVector: TermVector) {
    if slotOfDocument[id] != nil { remove(id) }
    let slot = UInt32(slotDocumentIDs.count)
    termVector.forEachTerm { token, packed in
      let (term, isNew) = terms.intern(token)
      if isNew { appendTerm() }
      guard packed != 0, scratchFrequencies[Int(term)] == 0 else { return }
      scratchTerms.append(term)
      scratchFrequencies[Int(term)] = packed
    }
    let l = termVector.fieldLengths
    appendSlot(slot, id: id, lengths: (l[0], l[1], l[2], l[3]))
  }

  /// A document's distinct terms with their packed field frequencies, and its field lengths.
  ///
  /// - Returns: The vector, or `nil` when `id` is not indexed.
  /// - Complexity: O(*u* log *p*) for *u* distinct terms and posting lists of length at most *p*.
  public func termVector(of id: DocumentID) -> TermVector? {
    guard let slot = slotOfDocument[id] else { return nil }
    let s = Int(slot)
    var vector = TermVector()
    vector.fieldLengths = Array(slotFieldLengths[s * Self.fieldCount..<(s + 1) * Self.fieldCount])
    forEachForwardTerm(ofSlot: s) { t in
      guard let packed = frequencies(ofTerm: t, inSlot: slot) else { return }
      vector.append(terms.termBytes(UInt32(t)), packed: packed)
    }
    return vector
  }

  /// Calls `body` with each distinct term id of `slot`, ascending.
  @inline(__always) func forEachForwardTerm(ofSlot slot: Int, _ body: (Int) -> Void) {
    var offset = Int(forwardStart[slot])
    let end = Int(forwardStart[slot + 1])
    var term: UInt32 = 0
    while offset < end {
      var gap: UInt32 = 0
      var shift: UInt32 = 0
      while true {
        let byte = forwardTerms[offset]
        offset += 1
        gap |= UInt32(byte & 0x7F) << shift
        if byte < 0x80 { break }
        shift += 7
      }
      term += gap
      body(Int(term))
    }
  }

  /// Appends `value` as an unsigned LEB128 varint.
  @inline(__always) static func appendVarint(_ value: UInt32, to bytes: inout [UInt8]) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  /// Makes room for a newly interned term.
  private mutating func appendTerm() {
    postings.append([])
    documentFrequency.append(0)
    termMaximumFrequencies.append(0)
    blockMaximumCombined.append([])
    scratchFrequencies.append(0)
  }

  /// The field-wise maximum of two packed frequencies.
  @inline(__always) static func fieldwiseMaximum(_ a: UInt32, _ b: UInt32) -> UInt32 {
    var result: UInt32 = 0
    for field in Field.allCases {
      result |= max(field.frequency(in: a), field.frequency(in: b)) << field.shift
    }
    return result
  }

  /// Appends the scratch terms' postings for a new slot and records the slot; clears the scratch.
  private mutating func appendSlot(
    _ slot: UInt32, id: DocumentID, lengths: (UInt32, UInt32, UInt32, UInt32)
  ) {
    // Lengths first: a list that grows past one block computes its block maxima from them.
    slotFieldLengths.append(lengths.0)
    slotFieldLengths.append(lengths.1)
    slotFieldLengths.append(lengths.2)
    slotFieldLengths.append(lengths.3)
    slotBodyLengths.append(lengths.2)
    let lengthArray = [lengths.0, lengths.1, lengths.2, lengths.3]
    for term in scratchTerms {
      let t = Int(term)
      postings[t].append(UInt64(slot) << 32 | UInt64(scratchFrequencies[t]))
      documentFrequency[t] += 1
      termMaximumFrequencies[t] = Self.fieldwiseMaximum(termMaximumFrequencies[t], scratchFrequencies[t])
      if postings[t].count > Self.blockSize {
        let combined = lengthArray.withUnsafeBufferPointer { l in
          boundParameters.combinedFrequency(scratchFrequencies[t], l.baseAddress!, bodyLength: lengths.2)
        }
        noteAppendedPosting(ofTerm: t, combined: combined)
      }
      scratchFrequencies[t] = 0
    }
    scratchTerms.sort()
    var previous: UInt32 = 0
    for term in scratchTerms {
      Self.appendVarint(term - previous, to: &forwardTerms)
      previous = term
    }
    forwardStart.append(UInt32(forwardTerms.count))
    scratchTerms.removeAll(keepingCapacity: true)
    slotDocumentIDs.append(id)
    slotIsLive.append(true)
    slotOfDocument[id] = slot
    totalFieldLengths[0] += UInt64(lengths.0)
    totalFieldLengths[1] += UInt64(lengths.1)
    totalFieldLengths[2] += UInt64(lengths.2)
    totalFieldLengths[3] += UInt64(lengths.3)
  }

  /// Removes a document; its postings become tombstones until the next compaction.
  ///
  /// Statistics (document frequencies, field-length totals) are updated at once. When a quarter of the slots are
  /// dead, the index compacts itself.
  ///
  /// - Returns: Whether the document was indexed.
  /// - Complexity: O(*u*) for a document with *u* distinct terms, plus an occasional O(*P*) compaction over all
  ///   postings, amortized over the removals that triggered it.
  @discardableResult
  public mutating func remove(_ id: DocumentID) -> Bool {
    guard let slot = slotOfDocument.removeValue(forKey: id) else { return false }
    let s = Int(slot)
    slotIsLive[s] = false
    for f in 0..<Self.fieldCount { totalFieldLengths[f] -= UInt64(slotFieldLengths[s * Self.fieldCount + f]) }
    forEachForwardTerm(ofSlot: s) { t in documentFrequency[t] -= 1 }
    deadSlotCount += 1
    if deadSlotCount >= Self.minimumDeadSlotsForCompaction && deadSlotCount * 4 >= slotDocumentIDs.count {
      compact()
    }
    return true
  }

  /// Drops the postings and slots of removed documents and renumbers the rest.
  ///
  /// Scores do not change. Called automatically by ``remove(_:)``; call it directly before saving or
  /// measuring memory.
  ///
  /// - Complexity: O(*P* + *D*) for *P* postings and *D* slots.
  public mutating func compact() {
    guard deadSlotCount > 0 else { return }
    let oldCount = slotDocumentIDs.count
    var newSlot = [UInt32](repeating: UInt32.max, count: oldCount)
    var newIDs: [DocumentID] = []
    var newLengths: [UInt32] = []
    var newForward: [UInt8] = []
    var newStart: [UInt32] = [0]
    newIDs.reserveCapacity(slotOfDocument.count)
    newLengths.reserveCapacity(slotOfDocument.count * Self.fieldCount)
    for s in 0..<oldCount where slotIsLive[s] {
      newSlot[s] = UInt32(newIDs.count)
      newIDs.append(slotDocumentIDs[s])
      newLengths.append(contentsOf: slotFieldLengths[s * Self.fieldCount..<(s + 1) * Self.fieldCount])
      newForward.append(contentsOf: forwardTerms[Int(forwardStart[s])..<Int(forwardStart[s + 1])])
      newStart.append(UInt32(newForward.count))
    }
    for t in 0..<postings.count where !postings[t].isEmpty {
      let kept = postings[t].withUnsafeMutableBufferPointer { list -> Int in
        var kept = 0
        for k in 0..<list.count {
          let entry = list[k]
          let mapped = newSlot[Int(entry >> 32)]
          if mapped != UInt32.max {
            list[kept] = UInt64(mapped) << 32 | (entry & 0xFFFF_FFFF)
            kept += 1
          }
        }
        return kept
      }
      postings[t].removeSubrange(kept...)
    }
    slotDocumentIDs = newIDs
    slotFieldLengths = newLengths
    slotBodyLengths = (0..<newIDs.count).map { newLengths[$0 * Self.fieldCount + Field.body.rawValue] }
    slotIsLive = [Bool](repeating: true, count: newIDs.count)
    forwardTerms = newForward
    forwardStart = newStart
    for (s, id) in newIDs.enumerated() { slotOfDocument[id] = UInt32(s) }
    deadSlotCount = 0
    refreshBlockBounds()
  }

  /// Keeps term `t`'s block maxima current after a posting with combined frequency `combined` (under
  /// ``boundParameters``) was appended to its list, which now has more than one block.
  private mutating func noteAppendedPosting(ofTerm t: Int, combined: Float) {
    let count = postings[t].count
    if count == Self.blockSize + 1 {
      blockMaximumCombined[t] = blockMaxima(of: postings[t])
      return
    }
    let block = (count - 1) >> Self.blockShift
    if block == blockMaximumCombined[t].count {
      blockMaximumCombined[t].append(combined)
    } else {
      blockMaximumCombined[t][block] = max(blockMaximumCombined[t][block], combined)
    }
  }

  /// The largest combined frequency of each block of `list` under ``boundParameters``; empty when it fits in
  /// one block.
  func blockMaxima(of list: [UInt64]) -> [Float] {
    guard list.count > Self.blockSize else { return [] }
    var maxima: [Float] = []
    maxima.reserveCapacity((list.count + Self.blockSize - 1) >> Self.blockShift)
    slotFieldLengths.withUnsafeBufferPointer { lengths in
      var start = 0
      while start < list.count {
        var maximum: Float = 0
        for entry in list[start..<min(start + Self.blockSize, list.count)] {
          let slot = Int(entry >> 32)
          maximum = max(
            maximum,
            boundParameters.combinedFrequency(
              UInt32(truncatingIfNeeded: entry), lengths.baseAddress! + slot * Self.fieldCount,
              bodyLength: lengths[slot * Self.fieldCount + Field.body.rawValue]))
        }
        maxima.append(maximum)
        start += Self.blockSize
      }
    }
    return maxima
  }

  /// Recomputes every block bound at the current field averages (the tightest bounds).
  ///
  /// - Complexity: O(*P*) over the postings of lists longer than one block.
  mutating func refreshBlockBounds() {
    boundParameters = parameters()
    for t in 0..<postings.count {
      blockMaximumCombined[t] = blockMaxima(of: postings[t])
    }
  }

  /// Sizes the `add` scratch to the vocabulary after a decode.
  mutating func resetScratch() {
    scratchFrequencies = [UInt32](repeating: 0, count: terms.count)
    scratchTerms = []
  }
}
