/// Everything a ``Tokenizer`` is built from, as plain arrays (GGUF's `tokenizer.ggml.*` keys map onto it one to one).
public struct TokenizerConfiguration: Sendable {
  /// The tokenizer algorithm.
  public enum Model: Sendable, Equatable {
    /// Byte-level BPE over GPT-2's byte alphabet with merge ranks (GGUF `gpt2`), after splitting into words.
    case byteLevelBPE(PreTokenizer)
    /// SentencePiece-style merging by score with `▁` for spaces and `<0xXX>` byte fallback (GGUF `llama`).
    case sentencePiece
  }

  /// The tokenizer algorithm.
  public var model: Model
  /// Token texts by id (`tokenizer.ggml.tokens`), in the vocabulary's own spelling.
  public var tokens: [String]
  /// Token types by id (`tokenizer.ggml.token_type`); empty means all ``TokenType/normal``.
  public var tokenTypes: [TokenType]
  /// Scores by id (`tokenizer.ggml.scores`), used by ``Model/sentencePiece``; empty means all zero.
  public var scores: [Float]
  /// BPE merges in rank order, each `"left right"` (`tokenizer.ggml.merges`); used by ``Model/byteLevelBPE(_:)``.
  public var merges: [String]
  /// The beginning-of-sequence token.
  public var bosTokenID: TokenID?
  /// The end-of-sequence token.
  public var eosTokenID: TokenID?
  /// The unknown token, used when a byte has no `<0xXX>` token.
  public var unknownTokenID: TokenID?
  /// The padding token.
  public var paddingTokenID: TokenID?
  /// Whether ``Tokenizer/encode(_:addingSpecialTokens:parsingSpecialTokens:)`` starts with the BOS token.
  public var addsBOS: Bool
  /// Whether encoding ends with the EOS token.
  public var addsEOS: Bool
  /// Whether SentencePiece text gets a leading space at the start and after each special token.
  public var addsSpacePrefix: Bool

  /// Creates a configuration; unspecified arrays and flags take the neutral defaults.
  public init(
    model: Model, tokens: [String], tokenTypes: [TokenType] = [], scores: [Float] = [], merges: [String] = [],
    bosTokenID: TokenID? = nil, eosTokenID: TokenID? = nil, unknownTokenID: TokenID? = nil,
    paddingTokenID: TokenID? = nil, addsBOS: Bool = false, addsEOS: Bool = false, addsSpacePrefix: Bool = false
  ) {
    self.model = model
    self.tokens = tokens
    self.tokenTypes = tokenTypes
    self.scores = scores
    self.merges = merges
    self.bosTokenID = bosTokenID
    self.eosTokenID = eosTokenID
    self.unknownTokenID = unknownTokenID
    self.paddingTokenID = paddingTokenID
    self.addsBOS = addsBOS
    self.addsEOS = addsEOS
    self.addsSpacePrefix = addsSpacePrefix
  }
}
