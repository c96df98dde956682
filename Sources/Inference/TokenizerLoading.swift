// Builds a Tokenizer from a GGUF file's `tokenizer.ggml.*` metadata, with llama.cpp's defaults for absent keys.

public import GGUF
public import Tokenization

extension TokenizerConfiguration {
  /// Reads the tokenizer described by a GGUF file's metadata.
  ///
  /// Uses `tokenizer.ggml.model` (`gpt2`: byte-level BPE, `llama`: SentencePiece-style), `.pre` (`smollm`, `qwen2`,
  /// `llama-bpe` and their aliases, `gpt2`), `.tokens`, `.token_type`, `.scores`, `.merges`, the special token ids
  /// (`.bos_token_id`, `.eos_token_id`, `.unknown_token_id`, `.padding_token_id`) and the flags `.add_bos_token`,
  /// `.add_eos_token`, `.add_space_prefix`. Absent flags and ids take llama.cpp's defaults for the model: a
  /// SentencePiece vocabulary adds BOS (id 1) and a space prefix; Llama 3's BPE adds BOS.
  ///
  /// - Throws: ``InferenceError`` when a key is missing or malformed, or the model or pre-tokenizer is not supported.
  public init(gguf file: GGUFFile) throws {
    func fail(_ message: String) -> InferenceError { InferenceError("tokenizer: \(message)") }
    guard let modelName = file.metadata["tokenizer.ggml.model"]?.string else {
      throw fail("tokenizer.ggml.model is missing")
    }
    guard let tokens = file.metadata["tokenizer.ggml.tokens"]?.stringArray, !tokens.isEmpty else {
      throw fail("tokenizer.ggml.tokens is missing or not an array of strings")
    }
    let model: Model
    var addsBOS = false
    var addsSpacePrefix = false
    var defaultBOS: TokenID?, defaultEOS: TokenID?, defaultUnknown: TokenID?
    var merges: [String] = []
    switch modelName {
    case "gpt2":
      let pre = file.metadata["tokenizer.ggml.pre"]?.string ?? "default"
      switch pre {
      case "smollm": model = .byteLevelBPE(.smollm)
      case "qwen2", "deepseek-r1-qwen", "megrez": model = .byteLevelBPE(.qwen2)
      case "llama3", "llama-v3", "llama-bpe":
        model = .byteLevelBPE(.llamaBPE)
        addsBOS = true
      case "gpt2": model = .byteLevelBPE(.gpt2)
      default: throw fail("pre-tokenizer '\(pre)' is not supported (supported: smollm, qwen2, llama-bpe, gpt2)")
      }
      guard let list = file.metadata["tokenizer.ggml.merges"]?.stringArray else {
        throw fail("tokenizer.ggml.merges is missing or not an array of strings")
      }
      merges = list
    case "llama":
      model = .sentencePiece
      addsBOS = true
      addsSpacePrefix = true
      (defaultBOS, defaultEOS, defaultUnknown) = (1, 2, 0)
    default:
      throw fail("tokenizer model '\(modelName)' is not supported (supported: gpt2, llama)")
    }

    var types: [TokenType] = []
    if let value = file.metadata["tokenizer.ggml.token_type"] {
      guard let raw = value.int32Array, raw.count >= tokens.count else {
        throw fail("tokenizer.ggml.token_type is not an int32 array as long as the vocabulary")
      }
      types = raw.prefix(tokens.count).map { TokenType(rawValue: $0) ?? .undefined }
    }
    var scores: [Float] = []
    if let value = file.metadata["tokenizer.ggml.scores"] {
      guard let floats = value.floatArray ?? value.int32Array?.map({ Float($0) }), floats.count >= tokens.count else {
        throw fail("tokenizer.ggml.scores is not a number array as long as the vocabulary")
      }
      scores = Array(floats.prefix(tokens.count))
    }
    /// A special token id from the file when present and in range, else the default when in range.
    func tokenID(_ key: String, default fallback: TokenID?) -> TokenID? {
      if let id = file.metadata["tokenizer.ggml.\(key)"]?.int, id >= 0, id < tokens.count { return TokenID(id) }
      if let fallback, Int(fallback) < tokens.count { return fallback }
      return nil
    }
    func flag(_ key: String, default fallback: Bool) -> Bool {
      file.metadata["tokenizer.ggml.\(key)"]?.bool ?? fallback
    }
    self.init(
      model: model, tokens: tokens, tokenTypes: types, scores: scores, merges: merges,
      bosTokenID: tokenID("bos_token_id", default: defaultBOS),
      eosTokenID: tokenID("eos_token_id", default: defaultEOS),
      unknownTokenID: tokenID("unknown_token_id", default: defaultUnknown),
      paddingTokenID: tokenID("padding_token_id", default: nil),
      addsBOS: flag("add_bos_token", default: addsBOS),
      addsEOS: flag("add_eos_token", default: false),
      addsSpacePrefix: flag("add_space_prefix", default: addsSpacePrefix))
  }
}

extension Tokenizer {
  /// Builds the tokenizer a GGUF model file describes.
  ///
  /// - Throws: ``InferenceError`` as ``TokenizerConfiguration/init(gguf:)``, or when the arrays are inconsistent.
  public init(gguf file: GGUFFile) throws {
    do {
      try self.init(TokenizerConfiguration(gguf: file))
    } catch let error as TokenizationError {
      throw InferenceError("tokenizer: \(error.message)")
    }
  }
}
