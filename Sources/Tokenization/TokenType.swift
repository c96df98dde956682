/// A token's id in the vocabulary.
public typealias TokenID = Int32

/// What kind of token a vocabulary entry is, with GGUF's `tokenizer.ggml.token_type` values.
public enum TokenType: Int32, Sendable, CaseIterable {
  /// Not specified; such tokens decode to nothing.
  case undefined = 0
  /// An ordinary piece of text.
  case normal = 1
  /// The unknown-token marker (`<unk>`); matched in text like a control token.
  case unknown = 2
  /// A control token (`<|im_start|>`, `<bos>`): matched in text only when special tokens are parsed, decoded only
  /// when they are rendered.
  case control = 3
  /// A user-defined token (Gemma's newline runs): always matched in text before splitting, decoded as its text.
  case userDefined = 4
  /// A reserved, unused entry.
  case unused = 5
  /// A byte-fallback token, `<0xXX>`.
  case byte = 6
}
