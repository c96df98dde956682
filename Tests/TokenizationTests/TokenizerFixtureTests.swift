import Basics
import Foundation
import GGUF
import Inference
import Testing
import Tokenization

/// Token ids identical to llama.cpp's for every fixture string (`scripts/make-tokenizer-fixtures.py`, through
/// llama-cpp-python), on the default models' vocabularies. The models must be present; these tests fail without them.
@Suite struct TokenizerFixtureTests {
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
        Issue.record("\(vocabulary) (special tokens as text): \(text.debugDescription) -> \(ids), llama.cpp \(expected)")
      }
    }
    #expect(agreeing == fixture.ids.count)
    #expect(agreeingPlain == fixture.idsWithoutSpecialParsing.count)
    let summary = "tokenizer \(vocabulary): \(agreeing)/\(fixture.ids.count) strings agree with llama.cpp, "
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
}
