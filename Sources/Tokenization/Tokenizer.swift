// Text <-> token ids for byte-level BPE and SentencePiece-style vocabularies, matching llama.cpp's tokenizer.

/// Converts text to token ids and back.
///
/// Encoding first cuts special tokens out of the text (user-defined ones always, control ones when asked), then
/// encodes each remaining fragment with the configured model. Decoding concatenates each token's bytes, so
/// `decode(encode(s, addingSpecialTokens: false))` is `s` for every string (for SentencePiece vocabularies, every
/// string without `▁`, U+2581, which such vocabularies use to spell a space).
///
/// ```swift
/// let tokenizer = try Tokenizer(configuration)
/// let ids = tokenizer.encode("<|im_start|>user\nHi")   // [1, 4093, 198, 17830] for SmolLM2
/// let text = tokenizer.decode(ids)
/// ```
public struct Tokenizer: Sendable {
  /// Texts llama.cpp treats as ending generation (and as control tokens) whatever their stored type.
  public static let endOfGenerationTexts: Set<String> = [
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>",
    "<|eom_id|>", "</s>", "<end_of_utterance>", "<|fim_pad|>", "<|fim_repo|>", "<|file_sep|>", "<|repo_name|>",
    "<reponame>", "<fim-repo>", "<fim-pad>", "<fim_pad>", "<REPO>", "<PAD>",
  ]
  /// Fill-in-the-middle markers llama.cpp also treats as control tokens.
  static let fillInTheMiddleTexts: Set<String> = [
    "<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<PRE>", "▁<PRE>", "<|fim_suffix|>", "<fim-suffix>",
    "<fim_suffix>", "<SUF>", "▁<SUF>", "<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<MID>", "▁<MID>",
  ]

  /// The configuration the tokenizer was built from.
  public let configuration: TokenizerConfiguration
  /// Token ids by UTF-8 text.
  private let tokenIDs: TokenTable
  /// Effective token types: the stored ones, with end-of-generation and fill-in-the-middle texts made control.
  private let types: [TokenType]
  private let matcher: SpecialTokenMatcher
  private let bpe: BytePairEncoder?
  private let sentencePiece: SentencePieceEncoder?
  /// Tokens that end generation: EOS, and every token whose text is in ``endOfGenerationTexts``.
  public let endOfGenerationTokenIDs: Set<TokenID>

  /// Builds a tokenizer.
  ///
  /// - Throws: ``TokenizationError`` when the arrays disagree in length, a special token id is out of range, or a
  ///   vocabulary is empty.
  /// - Complexity: O(*v* + *m*) for *v* tokens and *m* merges.
  public init(_ configuration: TokenizerConfiguration) throws(TokenizationError) {
    let count = configuration.tokens.count
    guard count > 0, count <= Int(Int32.max) else { throw TokenizationError("the vocabulary is empty or too large") }
    guard configuration.tokenTypes.isEmpty || configuration.tokenTypes.count >= count else {
      throw TokenizationError("\(configuration.tokenTypes.count) token types for \(count) tokens")
    }
    guard configuration.scores.isEmpty || configuration.scores.count >= count else {
      throw TokenizationError("\(configuration.scores.count) scores for \(count) tokens")
    }
    for (name, id) in [
      ("BOS", configuration.bosTokenID), ("EOS", configuration.eosTokenID),
      ("unknown", configuration.unknownTokenID), ("padding", configuration.paddingTokenID),
    ] {
      if let id, id < 0 || Int(id) >= count {
        throw TokenizationError("the \(name) token id \(id) is outside the vocabulary of \(count) tokens")
      }
    }
    if configuration.addsBOS && configuration.bosTokenID == nil {
      throw TokenizationError("the vocabulary adds a BOS token but names none")
    }
    if configuration.addsEOS && configuration.eosTokenID == nil {
      throw TokenizationError("the vocabulary adds an EOS token but names none")
    }
    self.configuration = configuration

    let tokenIDs = TokenTable(texts: configuration.tokens)
    var types =
      configuration.tokenTypes.isEmpty
      ? [TokenType](repeating: .normal, count: count) : Array(configuration.tokenTypes.prefix(count))
    var endOfGeneration = Set<TokenID>()
    for (i, text) in configuration.tokens.enumerated() {
      if Self.endOfGenerationTexts.contains(text) {
        endOfGeneration.insert(TokenID(i))
        if types[i] != .control && types[i] != .userDefined { types[i] = .control }
      } else if Self.fillInTheMiddleTexts.contains(text) && types[i] == .normal {
        types[i] = .control
      }
    }
    if let eos = configuration.eosTokenID { endOfGeneration.insert(eos) }
    self.tokenIDs = tokenIDs
    self.types = types
    self.endOfGenerationTokenIDs = endOfGeneration

    var special: [(id: TokenID, text: String, isControl: Bool)] = []
    for (i, type) in types.enumerated() where type == .control || type == .unknown || type == .userDefined {
      let isEndOfGeneration = Self.endOfGenerationTexts.contains(configuration.tokens[i])
      special.append((TokenID(i), configuration.tokens[i], type != .userDefined || isEndOfGeneration))
    }
    matcher = SpecialTokenMatcher(tokens: special)

    switch configuration.model {
    case .byteLevelBPE(let preTokenizer):
      bpe = BytePairEncoder(tokenIDs: tokenIDs, merges: configuration.merges, ignoresMerges: preTokenizer.ignoresMerges)
      sentencePiece = nil
    case .sentencePiece:
      let scores = configuration.scores.isEmpty ? [Float](repeating: 0, count: count) : configuration.scores
      sentencePiece = SentencePieceEncoder(
        tokenIDs: tokenIDs, scores: scores, unknownTokenID: configuration.unknownTokenID)
      bpe = nil
    }
  }

  /// The number of tokens in the vocabulary.
  public var vocabularySize: Int { configuration.tokens.count }
  /// The beginning-of-sequence token.
  public var bosTokenID: TokenID? { configuration.bosTokenID }
  /// The end-of-sequence token.
  public var eosTokenID: TokenID? { configuration.eosTokenID }

  /// The id of the token spelled exactly `text` in the vocabulary (for example `"<|im_start|>"`), or `nil`.
  public func tokenID(forText text: String) -> TokenID? { tokenIDs.id(of: text) }

  /// The vocabulary's text of `token`, or `nil` when out of range.
  public func text(of token: TokenID) -> String? {
    token >= 0 && Int(token) < vocabularySize ? configuration.tokens[Int(token)] : nil
  }

  /// The effective type of `token` (end-of-generation texts count as control); ``TokenType/undefined`` when out of
  /// range.
  public func type(of token: TokenID) -> TokenType {
    token >= 0 && Int(token) < vocabularySize ? types[Int(token)] : .undefined
  }

  /// Encodes `text` into token ids.
  ///
  /// - Parameters:
  ///   - addingSpecialTokens: Whether to add BOS/EOS as the vocabulary asks (``TokenizerConfiguration/addsBOS``).
  ///   - parsingSpecialTokens: Whether control tokens written in the text (`<|im_start|>`) become their ids;
  ///     when `false` they are encoded as ordinary text.
  /// - Complexity: O(*n* log *n*) for *n* bytes.
  public func encode(_ text: String, addingSpecialTokens: Bool = true, parsingSpecialTokens: Bool = true) -> [TokenID] {
    let bytes = Array(text.utf8)
    var output: [TokenID] = []
    output.reserveCapacity(bytes.count / 3 + 2)
    if addingSpecialTokens && configuration.addsBOS, let bos = configuration.bosTokenID { output.append(bos) }
    let fragments = matcher.fragments(of: bytes, includingControl: parsingSpecialTokens)
    switch configuration.model {
    case .byteLevelBPE(let preTokenizer):
      for fragment in fragments {
        switch fragment {
        case .token(let id): output.append(id)
        case .text(let range): encodeBPE(bytes[range], preTokenizer: preTokenizer, into: &output)
        }
      }
    case .sentencePiece:
      var previousIsSpecial = true
      for fragment in fragments {
        switch fragment {
        case .token(let id):
          output.append(id)
          previousIsSpecial = true
        case .text(let range):
          var piece: [UInt8] = configuration.addsSpacePrefix && previousIsSpecial ? Self.escapedSpace : []
          for byte in bytes[range] {
            if byte == 0x20 { piece.append(contentsOf: Self.escapedSpace) } else { piece.append(byte) }
          }
          sentencePiece?.encode(piece, into: &output)
          previousIsSpecial = false
        }
      }
    }
    if addingSpecialTokens && configuration.addsEOS, let eos = configuration.eosTokenID { output.append(eos) }
    return output
  }

  /// `▁` (U+2581), SentencePiece's spelling of a space.
  static let escapedSpace: [UInt8] = Array("\u{2581}".utf8)

  private func encodeBPE(_ bytes: ArraySlice<UInt8>, preTokenizer: PreTokenizer, into output: inout [TokenID]) {
    guard let bpe else { return }
    // Fragments are cut at special-token boundaries of valid UTF-8, so they decode without repair.
    let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
    var utf8Offsets: [Int] = []  // byte offset of each scalar, plus the end
    utf8Offsets.reserveCapacity(scalars.count + 1)
    var offset = bytes.startIndex
    for scalar in scalars {
      utf8Offsets.append(offset)
      offset += UTF8.width(scalar)
    }
    utf8Offsets.append(offset)
    let source = offset == bytes.endIndex ? bytes : ArraySlice(String(String.UnicodeScalarView(scalars)).utf8)
    for word in preTokenizer.split(scalars) {
      let start = utf8Offsets[word.lowerBound] - bytes.startIndex + source.startIndex
      let end = utf8Offsets[word.upperBound] - bytes.startIndex + source.startIndex
      bpe.encode(source[start..<end], into: &output)
    }
  }

  /// The bytes `token` stands for in decoded text.
  ///
  /// Control and unknown tokens give their text only when `renderingSpecialTokens`; user-defined tokens always give
  /// their text; byte tokens give their byte. A piece may be part of a UTF-8 sequence continued by the next token.
  public func pieceBytes(of token: TokenID, renderingSpecialTokens: Bool = true) -> [UInt8] {
    guard token >= 0, Int(token) < vocabularySize else { return [] }
    let text = configuration.tokens[Int(token)]
    switch types[Int(token)] {
    case .control, .unknown: return renderingSpecialTokens ? Array(text.utf8) : []
    case .userDefined: return Array(text.utf8)
    case .byte: return Self.byteValue(of: text).map { [$0] } ?? []
    case .undefined, .unused: return []
    case .normal:
      switch configuration.model {
      case .byteLevelBPE: return ByteLevelAlphabet.decode(text)
      case .sentencePiece:
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
          if scalar == "\u{2581}" { bytes.append(0x20) } else { bytes.append(contentsOf: String(scalar).utf8) }
        }
        return bytes
      }
    }
  }

  /// Decodes token ids to text; ill-formed UTF-8 (a sequence cut between tokens) becomes U+FFFD.
  ///
  /// - Parameters:
  ///   - removingSpecialTokens: Whether to drop a leading BOS and a trailing EOS that the vocabulary adds.
  ///   - renderingSpecialTokens: Whether control tokens appear as their text.
  public func decode(_ tokens: [TokenID], removingSpecialTokens: Bool = false, renderingSpecialTokens: Bool = true)
    -> String
  {
    var ids = tokens[...]
    var removeLeadingSpace = configuration.addsSpacePrefix
    if removingSpecialTokens && configuration.addsBOS, ids.first == configuration.bosTokenID {
      ids = ids.dropFirst()
      removeLeadingSpace = false  // as llama.cpp: the space after BOS stays
    }
    if removingSpecialTokens && configuration.addsEOS, ids.last == configuration.eosTokenID { ids = ids.dropLast() }
    var bytes: [UInt8] = []
    for token in ids {
      var piece = pieceBytes(of: token, renderingSpecialTokens: renderingSpecialTokens)
      if removeLeadingSpace, piece.first == 0x20 { piece.removeFirst() }
      removeLeadingSpace = false
      bytes.append(contentsOf: piece)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The byte of a `<0xXX>` token text.
  private static func byteValue(of text: String) -> UInt8? {
    let utf8 = Array(text.utf8)
    guard utf8.count == 6, text.hasPrefix("<0x"), text.hasSuffix(">") else { return nil }
    return UInt8(String(decoding: utf8[3..<5], as: UTF8.self), radix: 16)
  }
}
