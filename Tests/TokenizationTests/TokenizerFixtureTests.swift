import Basics
import Foundation
import GGUF
import Inference
import Testing
import TestSupport
import Tokenization

/// Token ids identical to llama.cpp's for every fixture string (`scripts/make-tokenizer-fixtures.py`, through
/// llama-cpp-python), on the default models' vocabularies. The models must be present; these tests fail without them.
@Suite(.offCooperativePool) struct TokenizerFixtureTests {
  struct Fixture: Decodable {
    let model: String
    let pre: String
    let ids: [[Int32]]
    let idsWithoutSpecialParsing: [String: [Int32]]
  }

  static let fixtureDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  static let strings: [String] = {
    guard let data = try? Data(contentsOf: fixtureDirectory.appendingPathComponent("tokenizer-strings.json")) else {
      return []
    }
    return (try? JSONDecoder().decode([String].self, from: data)) ?? []
  }()

  static func fixture(_ name: String) throws -> Fixture {
    let data = try Data(contentsOf: fixtureDirectory.appendingPathComponent("tokenizer-\(name).json"))
    return try JSONDecoder().decode(Fixture.self, from: data)
  }

  static var modelsDirectory: String {
    ProcessInfo.processInfo.environment["DOCENT_MODELS"] ?? (NSHomeDirectory() + "/.cache/docent/models")
  }

  /// The vocabularies under test: the two default models, and SmolLM2's vocabulary re-labelled with other
  /// pre-tokenizers through Docent's own GGUF writer (as the fixture script does with the gguf package's).
  /// The variants get the fixture script's extra multi-digit tokens and merges, so qwen2's single digits and
  /// llama-bpe's groups of three give different ids, and one token no merge reaches shows llama-bpe's
  /// `ignore_merges`.
  static let vocabularies = ["smollm2", "gemma3", "smollm2-qwen2", "smollm2-llama-bpe"]

  static func tokenizer(_ name: String) throws -> Tokenizer {
    switch name {
    case "gemma3":
      return try Tokenizer(gguf: GGUFFile(file: MappedFile(path: modelsDirectory + "/gemma-3-270m-q4_k_m.gguf")))
    default:
      let smol = try GGUFFile(file: MappedFile(path: modelsDirectory + "/SmolLM2-135M-Instruct.Q4_1.gguf"))
      guard name.hasPrefix("smollm2-") else { return try Tokenizer(gguf: smol) }
      var writer = GGUFWriter()
      for key in smol.metadataKeys {
        if let value = smol.metadata[key] { writer.setValue(value, forKey: key) }
      }
      writer.setValue(.string(String(name.dropFirst("smollm2-".count))), forKey: "tokenizer.ggml.pre")
      let extraTokens = ["12", "123", "00", "000", "99", "999", "34", "345", "\u{120}xyzzyQ"]
      let extraMerges = ["1 2", "12 3", "0 0", "00 0", "9 9", "99 9", "3 4", "34 5"]
      let tokens = try smol.stringArray(forKey: "tokenizer.ggml.tokens")
      let types = try #require(smol.metadata["tokenizer.ggml.token_type"]?.int32Array)
      let merges = try smol.stringArray(forKey: "tokenizer.ggml.merges")
      writer.setValue(.array(.string(tokens + extraTokens)), forKey: "tokenizer.ggml.tokens")
      writer.setValue(.array(.int32(types + extraTokens.map { _ in 1 })), forKey: "tokenizer.ggml.token_type")
      writer.setValue(.array(.string(merges + extraMerges)), forKey: "tokenizer.ggml.merges")
      return try Tokenizer(gguf: GGUFFile(bytes: writer.serialized()))
    }
  }

  @Test func fixtureHasAtLeastFiveHundredStrings() {
    #expect(Self.strings.count >= 500)
  }

  @Test(arguments: vocabularies)
  func tokenIDsMatchLlamaCpp(vocabulary: String) throws {
    let fixture = try Self.fixture(vocabulary)
    let tokenizer = try Self.tokenizer(vocabulary)
    try #require(fixture.ids.count == Self.strings.count)
    var agreeing = 0
    for (text, expected) in zip(Self.strings, fixture.ids) {
      let ids = tokenizer.encode(text)
      if ids == expected {
        agreeing += 1
      } else {
        Issue.record("\(vocabulary): \(text.debugDescription) -> \(ids), llama.cpp \(expected)")
      }
    }
    var agreeingPlain = 0
    for (key, expected) in fixture.idsWithoutSpecialParsing {
      let text = Self.strings[Int(key) ?? 0]
      let ids = tokenizer.encode(text, parsingSpecialTokens: false)
      if ids == expected {
        agreeingPlain += 1
      } else {
        Issue.record(
          "\(vocabulary) (special tokens as text): \(text.debugDescription) -> \(ids), llama.cpp \(expected)")
      }
    }
    #expect(agreeing == fixture.ids.count)
    #expect(agreeingPlain == fixture.idsWithoutSpecialParsing.count)
    let summary =
      "tokenizer \(vocabulary): \(agreeing)/\(fixture.ids.count) strings agree with llama.cpp, "
      + "\(agreeingPlain)/\(fixture.idsWithoutSpecialParsing.count) with special tokens as text\n"
    FileHandle.standardError.write(Data(summary.utf8))
  }

  @Test(arguments: vocabularies)
  func decodeInvertsEncode(vocabulary: String) throws {
    let tokenizer = try Self.tokenizer(vocabulary)
    for text in Self.strings {
      #expect(tokenizer.decode(tokenizer.encode(text, addingSpecialTokens: false)) == text, "\(text.debugDescription)")
      #expect(tokenizer.decode(tokenizer.encode(text), removingSpecialTokens: true) == text, "\(text.debugDescription)")
    }
  }

  /// Seeded random strings mixing scripts, whitespace, digits, emoji, combining marks and special-token spellings.
  static func randomStrings(count: Int) -> [String] {
    let pool: [String] = [
      "a", "Z", "q", " ", "  ", "\t", "\n", "\r\n", "0", "7", "42", "'", "'s", "\"", "<", ">", "|", "{", "}", ";", ".",
      "é", "e\u{301}", "ß", "中", "文", "日", "한", "ع", "ש", "ñ", "Ω", "🙂", "👨‍👩‍👧", "🇯🇵", "\u{a0}", "\u{3000}",
      "\u{200b}", "\u{e000}", "٣", "½", "<|im_start|>", "<|im_end|>", "<start_of_turn>", "<end_of_turn>", "<eos>",
      "\n\n\n", "    ", "func", " return", "_id", "x2",
    ]
    var state: UInt64 = 0x5EED
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    return (0..<count).map { _ in (0..<(next() % 12 + 1)).map { _ in pool[next() % pool.count] }.joined() }
  }

  @Test(arguments: vocabularies)
  func streamingDecoderGivesTheSameTextInWholeCharacters(vocabulary: String) throws {
    let tokenizer = try Self.tokenizer(vocabulary)
    for text in Self.strings {
      var stream = StreamingDecoder(tokenizer: tokenizer, renderingSpecialTokens: true)
      let pieces = tokenizer.encode(text, addingSpecialTokens: false).map { stream.append($0) }
      #expect(pieces.joined() + stream.finish() == text, "\(text.debugDescription)")
      #expect(!pieces.contains { $0.unicodeScalars.contains("\u{FFFD}") } || text.contains("\u{FFFD}"))
    }
  }

  @Test(arguments: vocabularies)
  func decodeInvertsEncodeOnRandomStrings(vocabulary: String) throws {
    let tokenizer = try Self.tokenizer(vocabulary)
    for text in Self.randomStrings(count: 400) {
      #expect(tokenizer.decode(tokenizer.encode(text, addingSpecialTokens: false)) == text, "\(text.debugDescription)")
    }
  }
}
