import GGUF
import Inference
import Testing
import Tokenization

/// `Tokenizer(gguf:)` on small hand-written GGUF files: the defaults llama.cpp uses for absent keys, and clear
/// errors (never a trap) for malformed tokenizer metadata.
@Suite struct TokenizerLoadingTests {
  static func file(_ values: [(String, GGUFValue)]) throws -> GGUFFile {
    var writer = GGUFWriter()
    for (key, value) in values { writer.setValue(value, forKey: key) }
    return try GGUFFile(bytes: writer.serialized())
  }

  static let spm: [(String, GGUFValue)] = [
    ("tokenizer.ggml.model", .string("llama")),
    ("tokenizer.ggml.tokens", .array(.string(["<unk>", "<s>", "</s>", "▁hi", "h", "i", "▁", "hi"]))),
    ("tokenizer.ggml.scores", .array(.float32([0, 0, 0, -1, -2, -2, -3, -1.5]))),
    ("tokenizer.ggml.token_type", .array(.int32([2, 3, 3, 1, 1, 1, 1, 1]))),
  ]

  @Test func sentencePieceDefaultsAddBOSAndASpacePrefix() throws {
    let tokenizer = try Tokenizer(gguf: Self.file(Self.spm))
    #expect(tokenizer.encode("hi") == [1, 3])
    #expect(tokenizer.bosTokenID == 1 && tokenizer.eosTokenID == 2)
    #expect(tokenizer.endOfGenerationTokenIDs.contains(2))
  }

  @Test func outOfRangeIDsInTheFileFallBackToTheDefaults() throws {
    // As llama.cpp: a bad special token id is reported and the model's default is used instead.
    let tokenizer = try Tokenizer(gguf: Self.file(Self.spm + [("tokenizer.ggml.eos_token_id", .uint32(99))]))
    #expect(tokenizer.eosTokenID == 2)
  }

  @Test func flagsInTheFileOverrideTheDefaults() throws {
    let tokenizer = try Tokenizer(
      gguf: Self.file(
        Self.spm + [
          ("tokenizer.ggml.add_bos_token", .bool(false)), ("tokenizer.ggml.add_space_prefix", .bool(false)),
          ("tokenizer.ggml.add_eos_token", .bool(true)), ("tokenizer.ggml.eos_token_id", .uint32(0)),
        ]))
    #expect(tokenizer.encode("hi") == [7, 0])
  }

  static let malformed: [(String, [(String, GGUFValue)])] = [
    ("no model", Array(spm.dropFirst())),
    ("unknown model", [("tokenizer.ggml.model", .string("t5"))] + spm.dropFirst()),
    ("tokens not strings", spm.map { $0.0 == "tokenizer.ggml.tokens" ? ($0.0, .array(.int32([1]))) : $0 }),
    ("short scores", spm.map { $0.0 == "tokenizer.ggml.scores" ? ($0.0, .array(.float32([0]))) : $0 }),
    ("short types", spm.map { $0.0 == "tokenizer.ggml.token_type" ? ($0.0, .array(.int32([1, 1]))) : $0 }),
    ("types as strings", spm.map { $0.0 == "tokenizer.ggml.token_type" ? ($0.0, .string("x")) : $0 }),
    (
      "BPE without merges",
      [("tokenizer.ggml.model", .string("gpt2")), ("tokenizer.ggml.pre", .string("smollm"))] + spm.dropFirst()
    ),
    (
      "unknown pre-tokenizer",
      [
        ("tokenizer.ggml.model", .string("gpt2")), ("tokenizer.ggml.pre", .string("falcon")),
        ("tokenizer.ggml.merges", .array(.string([]))),
      ] + spm.dropFirst()
    ),
  ]

  @Test(arguments: 0..<malformed.count)
  func malformedMetadataThrows(index: Int) throws {
    let (name, values) = Self.malformed[index]
    let file = try Self.file(values)
    #expect(throws: InferenceError.self, "\(name)") { try Tokenizer(gguf: file) }
  }
}
