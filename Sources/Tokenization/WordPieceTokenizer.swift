// BERT's tokenizer: basic tokenization (clean text, CJK splitting, accent stripping, lowercasing, whitespace and
// punctuation splitting) followed by WordPiece's greedy longest-match-first split into vocabulary pieces.
// Built from plain arrays so tests and fuzzers need no files; Inference loads it from a model directory.

import Foundation

/// A WordPiece tokenizer as BERT models use it (`bert-base-uncased`, all-MiniLM-L6-v2).
///
/// ```swift
/// let tokenizer = try WordPieceTokenizer(vocabulary: lines)  // vocab.txt, one token per line, id = line
/// let ids = tokenizer.encode("parseJSON(data)", maxLength: 256)  // [CLS] parse ##js ##on ( data ) [SEP]
/// ```
///
/// The steps match the reference (Hugging Face `BertNormalizer` + `BertPreTokenizer` + `WordPiece`):
/// 1. special tokens (``Configuration/specialTokens``) are matched verbatim in the raw text and kept whole;
/// 2. NUL, U+FFFD and control/format/unassigned characters are dropped, whitespace becomes a space;
/// 3. CJK ideographs get spaces around them; accents are stripped (NFD, nonspacing marks removed), then each
///    character is lowercased;
/// 4. the text splits on whitespace, and every punctuation character becomes a word of its own;
/// 5. each word becomes the longest vocabulary prefix, then `##`-prefixed continuations, or `[UNK]` when no split
///    exists or it is longer than ``Configuration/maximumCharactersPerWord``.
public struct WordPieceTokenizer: Sendable {
  /// The options of the reference tokenizer's normalizer and model.
  public struct Configuration: Sendable {
    /// Lowercase the text (BERT "uncased").
    public var lowercases = true
    /// Strip accents; `nil` follows ``lowercases``, as the reference does.
    public var stripsAccents: Bool? = nil
    /// Put spaces around CJK ideographs so each is a word.
    public var splitsCJKCharacters = true
    /// Drop control characters and normalize whitespace.
    public var cleansText = true
    /// The token for words that cannot be split.
    public var unknownToken = "[UNK]"
    /// The token that starts every sequence.
    public var classToken = "[CLS]"
    /// The token that ends every sequence.
    public var separatorToken = "[SEP]"
    /// The prefix of pieces that continue a word.
    public var continuationPrefix = "##"
    /// Words with more characters (Unicode scalars) than this become the unknown token.
    public var maximumCharactersPerWord = 100
    /// Tokens matched verbatim in the raw text before normalization (the reference's added tokens).
    public var specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    /// The defaults of `bert-base-uncased` and all-MiniLM-L6-v2.
    public init() {}
  }

  /// The options this tokenizer was built with.
  public let configuration: Configuration
  /// Token ids by token.
  let ids: [String: Int32]
  /// Tokens by id.
  public let vocabulary: [String]
  /// The id of ``Configuration/unknownToken``.
  public let unknownID: Int32
  /// The id of ``Configuration/classToken``.
  public let classID: Int32
  /// The id of ``Configuration/separatorToken``.
  public let separatorID: Int32

  /// Builds a tokenizer whose token `i` is `vocabulary[i]`.
  ///
  /// - Throws: ``TokenizationError`` when the vocabulary lacks the unknown, class or separator token, or has
  ///   more than `Int32.max` entries.
  public init(vocabulary: [String], configuration: Configuration = Configuration()) throws(TokenizationError) {
    guard vocabulary.count < Int(Int32.max) else { throw TokenizationError("vocabulary of \(vocabulary.count) tokens is too large") }
    var ids: [String: Int32] = [:]
    ids.reserveCapacity(vocabulary.count)
    for (index, token) in vocabulary.enumerated() where ids[token] == nil { ids[token] = Int32(index) }
    func id(_ token: String) throws(TokenizationError) -> Int32 {
      guard let id = ids[token] else { throw TokenizationError("the vocabulary has no \(token) token") }
      return id
    }
    self.configuration = configuration
    self.ids = ids
    self.vocabulary = vocabulary
    unknownID = try id(configuration.unknownToken)
    classID = try id(configuration.classToken)
    separatorID = try id(configuration.separatorToken)
  }

  /// The id of `token`, or `nil` when it is not in the vocabulary.
  public func id(of token: String) -> Int32? { ids[token] }

  /// Token ids of `text` between `[CLS]` and `[SEP]`, truncated so the whole is at most `maxLength`.
  ///
  /// - Parameters:
  ///   - text: Any string.
  ///   - maxLength: The most ids returned, special tokens included (at least 2), or `nil` for no limit.
  /// - Complexity: O(*n*·*w*) for *n* characters and words of at most *w* = 100 characters.
  public func encode(_ text: String, maxLength: Int? = nil) -> [Int32] {
    var body = pieceIDs(text)
    if let maxLength, body.count > max(0, maxLength - 2) { body.removeSubrange(max(0, maxLength - 2)...) }
    return [classID] + body + [separatorID]
  }

  /// Token ids of `text` without special tokens around them and without truncation.
  public func pieceIDs(_ text: String) -> [Int32] {
    var result: [Int32] = []
    for segment in splitOnSpecialTokens(text) {
      switch segment {
      case .special(let id): result.append(id)
      case .text(let scalars):
        for word in words(normalized(scalars)) { appendPieces(of: word, to: &result) }
      }
    }
    return result
  }

  /// The tokens of `text` as strings, without special tokens around them (for debugging and tests).
  public func tokenize(_ text: String) -> [String] { pieceIDs(text).map { vocabulary[Int($0)] } }

  // MARK: - Special tokens

  enum Segment {
    case special(Int32)
    case text([Unicode.Scalar])
  }

  /// Splits the raw text at verbatim occurrences of the special tokens (leftmost, then longest, first).
  func splitOnSpecialTokens(_ text: String) -> [Segment] {
    let scalars = Array(text.unicodeScalars)
    let specials: [([Unicode.Scalar], Int32)] = configuration.specialTokens.compactMap { token in
      guard let id = ids[token], !token.isEmpty else { return nil }
      return (Array(token.unicodeScalars), id)
    }.sorted { $0.0.count > $1.0.count }
    guard !specials.isEmpty else { return [.text(scalars)] }
    var segments: [Segment] = []
    var start = 0
    var i = 0
    outer: while i < scalars.count {
      for (token, id) in specials where i + token.count <= scalars.count && scalars[i] == token[0] {
        if scalars[i..<i + token.count].elementsEqual(token) {
          if start < i { segments.append(.text(Array(scalars[start..<i]))) }
          segments.append(.special(id))
          i += token.count
          start = i
          continue outer
        }
      }
      i += 1
    }
    if start < scalars.count { segments.append(.text(Array(scalars[start...]))) }
    return segments
  }

  // MARK: - Normalization

  /// Clean text, CJK spacing, accent stripping and lowercasing, in the reference's order.
  func normalized(_ input: [Unicode.Scalar]) -> [Unicode.Scalar] {
    var scalars: [Unicode.Scalar] = []
    scalars.reserveCapacity(input.count)
    for scalar in input {
      if configuration.cleansText {
        if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
        if Self.isWhitespace(scalar) {
          scalars.append(" ")
          continue
        }
      }
      if configuration.splitsCJKCharacters && Self.isCJK(scalar) {
        scalars.append(" ")
        scalars.append(scalar)
        scalars.append(" ")
      } else {
        scalars.append(scalar)
      }
    }
    if configuration.stripsAccents ?? configuration.lowercases {
      // Decompose only when something is not ASCII: ASCII is already in NFD and has no marks.
      if scalars.contains(where: { !$0.isASCII }) {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        let decomposed = String(text).decomposedStringWithCanonicalMapping
        scalars = decomposed.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
      }
    }
    if configuration.lowercases {
      var lowered: [Unicode.Scalar] = []
      lowered.reserveCapacity(scalars.count)
      for scalar in scalars {
        if scalar.isASCII {
          let v = scalar.value
          lowered.append(v >= 65 && v <= 90 ? Unicode.Scalar(UInt8(v + 32)) : scalar)
        } else {
          lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
      }
      scalars = lowered
    }
    return scalars
  }

  /// Whitespace as the reference's cleaner sees it: tab, newline, carriage return and Unicode White_Space.
  static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace
  }

  /// Control, format, surrogate, private-use and unassigned characters, except tab, newline and carriage return.
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
    switch scalar.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned: return true
    default: return false
    }
  }

  /// CJK Unified Ideographs blocks (with extensions and compatibility ideographs), as BERT defines them; not
  /// kana or hangul, which are split like other letters.
  static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
      0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
      return true
    default:
      return false
    }
  }

  /// BERT's punctuation: all ASCII non-alphanumeric printable characters (so `$`, `+`, `^` too) and the
  /// Unicode punctuation categories.
  static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
      return true
    }
    switch scalar.properties.generalCategory {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
      .finalPunctuation, .otherPunctuation:
      return true
    default:
      return false
    }
  }

  // MARK: - Pre-tokenization and WordPiece

  /// Splits on whitespace (dropped) and punctuation (each character a word of its own).
  func words(_ scalars: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
    var words: [ArraySlice<Unicode.Scalar>] = []
    var start = 0
    for (i, scalar) in scalars.enumerated() {
      if scalar.properties.isWhitespace {
        if start < i { words.append(scalars[start..<i]) }
        start = i + 1
      } else if Self.isPunctuation(scalar) {
        if start < i { words.append(scalars[start..<i]) }
        words.append(scalars[i...i])
        start = i + 1
      }
    }
    if start < scalars.count { words.append(scalars[start...]) }
    return words
  }

  /// Appends the greedy longest-match-first pieces of `word`, or the unknown id.
  func appendPieces(of word: ArraySlice<Unicode.Scalar>, to result: inout [Int32]) {
    guard word.count <= configuration.maximumCharactersPerWord else {
      result.append(unknownID)
      return
    }
    let mark = result.count
    var start = word.startIndex
    while start < word.endIndex {
      var end = word.endIndex
      var found: Int32?
      while start < end {
        var candidate = start == word.startIndex ? "" : configuration.continuationPrefix
        candidate.unicodeScalars.append(contentsOf: word[start..<end])
        if let id = ids[candidate] {
          found = id
          break
        }
        end -= 1
      }
      guard let found else {
        result.removeSubrange(mark...)
        result.append(unknownID)
        return
      }
      result.append(found)
      start = end
    }
  }
}
