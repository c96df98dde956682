import Testing

@testable import Tokenization

/// Small hand-made vocabularies whose expected tokens can be worked out on paper.
@Suite struct TokenizerUnitTests {
  /// A byte-level vocabulary: single characters, merges to "ab", "abc", "Ġa", "Ġab", and two control tokens.
  static func byteLevel(_ pre: PreTokenizer = .smollm) throws -> Tokenizer {
    let tokens = ["<s>", "</s>", "a", "b", "c", "Ġ", "ab", "abc", "Ġa", "Ġab", "1", "2", "Ċ", "<|x|>", "<|xy|>"]
    var types = [TokenType](repeating: .normal, count: tokens.count)
    types[0] = .control
    types[1] = .control
    types[13] = .control
    types[14] = .control
    return try Tokenizer(
      TokenizerConfiguration(
        model: .byteLevelBPE(pre), tokens: tokens, tokenTypes: types, merges: ["Ġ a", "a b", "ab c", "Ġa b"],
        bosTokenID: 0, eosTokenID: 1))
  }

  static func check(_ tokenizer: Tokenizer, _ text: String, _ expected: [String], parsing: Bool = true) {
    let ids = tokenizer.encode(text, addingSpecialTokens: false, parsingSpecialTokens: parsing)
    #expect(ids.map { tokenizer.text(of: $0) ?? "?" } == expected, "\(text.debugDescription)")
  }

  @Test func byteLevelMergesByRank() throws {
    let t = try Self.byteLevel()
    Self.check(t, "abc", ["abc"])
    Self.check(t, "ab ab", ["ab", "Ġab"])
    Self.check(t, "cab", ["c", "ab"])
    Self.check(t, "a12", ["a", "1", "2"])  // smollm isolates every digit
    Self.check(t, "a\n", ["a", "Ċ"])
  }

  @Test func unknownBytesFallBackToSingleCharacterTokensOrVanish() throws {
    let t = try Self.byteLevel()
    Self.check(t, "az", ["a"])  // "z" has no token: llama.cpp drops it
  }

  @Test func specialTokensLongestFirstAndOnlyWhenParsing() throws {
    let t = try Self.byteLevel()
    Self.check(t, "a<|xy|>b<|x|>", ["a", "<|xy|>", "b", "<|x|>"])
    #expect(!t.encode("<|x|>", addingSpecialTokens: false, parsingSpecialTokens: false).contains(13))
  }

  @Test func bosAndEosAreAddedOnlyWhenConfigured() throws {
    var configuration = try Self.byteLevel().configuration
    configuration.addsBOS = true
    configuration.addsEOS = true
    let t = try Tokenizer(configuration)
    #expect(t.encode("ab") == [0, 6, 1])
    #expect(t.encode("ab", addingSpecialTokens: false) == [6])
    #expect(t.decode([0, 6, 1], removingSpecialTokens: true) == "ab")
    #expect(t.decode([0, 6, 1], renderingSpecialTokens: false) == "ab")
    #expect(t.decode([0, 6, 1]) == "<s>ab</s>")
  }

  @Test func byteLevelAlphabetRoundTripsEveryByte() {
    let all = (0...255).map { UInt8($0) }
    #expect(ByteLevelAlphabet.decode(ByteLevelAlphabet.encode(all)) == all)
    #expect(ByteLevelAlphabet.encode([0x20, 0x0A, 0x41]) == "ĠĊA")
  }

  /// A SentencePiece-style vocabulary with scores and byte fallback.
  static func sentencePiece(spacePrefix: Bool = false) throws -> Tokenizer {
    var tokens = ["<unk>", "<s>", "</s>", "▁", "h", "e", "l", "o", "he", "ll", "hell", "hello", "▁hello", "lo"]
    var types = [TokenType](repeating: .normal, count: tokens.count)
    types[0] = .unknown
    types[1] = .control
    types[2] = .control
    var scores: [Float] = [0, 0, 0, -1, -5, -5, -5, -5, -2, -2, -3, -1, -0.5, -4]
    for b in 0..<256 {
      tokens.append("<0x" + String(b, radix: 16, uppercase: true).leftPadded(to: 2) + ">")
      types.append(.byte)
      scores.append(0)
    }
    return try Tokenizer(
      TokenizerConfiguration(
        model: .sentencePiece, tokens: tokens, tokenTypes: types, scores: scores, bosTokenID: 1, eosTokenID: 2,
        unknownTokenID: 0, addsBOS: true, addsSpacePrefix: spacePrefix))
  }

  @Test func sentencePieceMergesByScoreWithByteFallback() throws {
    let t = try Self.sentencePiece()
    Self.check(t, "hello", ["hello"])
    Self.check(t, " hello", ["▁hello"])
    Self.check(t, "helo", ["he", "lo"])
    Self.check(t, "hé", ["h", "<0xC3>", "<0xA9>"])
    #expect(t.encode("hello").first == 1)
    #expect(t.decode(t.encode("hé hello", addingSpecialTokens: false)) == "hé hello")
  }

  @Test func sentencePieceSpacePrefix() throws {
    let t = try Self.sentencePiece(spacePrefix: true)
    Self.check(t, "hello", ["▁hello"])
    #expect(t.decode(t.encode("hello")) == "<s> hello")
    #expect(t.decode(t.encode("hello", addingSpecialTokens: false)) == "hello")
  }

  @Test func inconsistentConfigurationsAreRejected() {
    #expect(throws: TokenizationError.self) {
      try Tokenizer(TokenizerConfiguration(model: .sentencePiece, tokens: []))
    }
    #expect(throws: TokenizationError.self) {
      try Tokenizer(TokenizerConfiguration(model: .sentencePiece, tokens: ["a"], bosTokenID: 5))
    }
    #expect(throws: TokenizationError.self) {
      try Tokenizer(TokenizerConfiguration(model: .sentencePiece, tokens: ["a", "b"], scores: [1]))
    }
    #expect(throws: TokenizationError.self) {
      try Tokenizer(TokenizerConfiguration(model: .sentencePiece, tokens: ["a"], addsBOS: true))
    }
  }

  /// The pre-tokenizer splits, written out from the regular expressions.
  @Test(arguments: [
    (PreTokenizer.smollm, "Hello world 123", ["Hello", " world", " ", "1", "2", "3"]),
    (.smollm, "a  b", ["a", " ", " b"]),
    (.smollm, "x\t\ty", ["x", "\t", "\t", "y"]),
    (.smollm, "don't  ", ["don", "'t", "  "]),
    (.gpt2, "a 12345 b", ["a", " 12345", " b"]),
    (.llamaBPE, "Hello 12345 world", ["Hello", " ", "123", "45", " world"]),
    (.llamaBPE, "x\n\n  y", ["x", "\n\n", " ", " y"]),
    (.llamaBPE, "I'M ok!!\n", ["I", "'M", " ok", "!!\n"]),
    (.qwen2, "v12 ab", ["v", "1", "2", " ab"]),
    (.qwen2, "\tfoo", ["\tfoo"]),
    // U+1C89 is a letter since Unicode 16, after llama.cpp's tables: it splits words as an unassigned scalar.
    (.smollm, "a\u{1C89}b", ["a", "\u{1C89}", "b"]),
    (.smollm, "a\u{E9}b", ["a\u{E9}b"]),
  ])
  func preTokenizerSplits(pre: PreTokenizer, text: String, expected: [String]) {
    let scalars = Array(text.unicodeScalars)
    let words = pre.split(scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
    #expect(words == expected)
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

@Suite struct StreamingDecoderTests {
  @Test func unfinishedCharactersAreHeldBack() throws {
    let t = try TokenizerUnitTests.sentencePiece()
    let ids = t.encode("hé🙂", addingSpecialTokens: false)  // h, then byte tokens for é and the emoji
    var stream = StreamingDecoder(tokenizer: t)
    let pieces = ids.map { stream.append($0) }
    #expect(pieces == ["h", "", "é", "", "", "", "🙂"])
    #expect(stream.finish() == "")
  }

  @Test func finishFlushesAnUnfinishedSequence() throws {
    let t = try TokenizerUnitTests.sentencePiece()
    var stream = StreamingDecoder(tokenizer: t)
    #expect(stream.append(t.tokenID(forText: "<0xF0>") ?? -1) == "")
    #expect(stream.finish() == "\u{FFFD}")
  }

  @Test(
    arguments: [
      ([], 0), ([0x41], 1), ([0xC3], 0), ([0xC3, 0xA9], 2), ([0x41, 0xE2, 0x82], 1), ([0xF0, 0x9F, 0x99, 0x82], 4),
      ([0x80, 0x80], 2), ([0xFF], 1),
    ] as [([UInt8], Int)])
  func completePrefixLength(bytes: [UInt8], expected: Int) {
    #expect(StreamingDecoder.completePrefixLength(of: bytes) == expected)
  }
}
