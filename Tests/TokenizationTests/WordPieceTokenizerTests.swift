import Foundation
import Testing
import TestSupport
import Tokenization

/// Checks `WordPieceTokenizer` against the reference tokenizer's ids on the committed fixture
/// (scripts/make-wordpiece-fixtures.py), with all-MiniLM-L6-v2's vocab.txt from the models directory.
@Suite(.offCooperativePool) struct WordPieceTokenizerTests {
  /// `$DOCENT_MODELS`, else `$XDG_CACHE_HOME/docent/models`, else `~/.cache/docent/models`.
  static var modelsDirectory: URL {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["DOCENT_MODELS"], !path.isEmpty { return URL(fileURLWithPath: path) }
    let cache = environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
    return cache.appendingPathComponent("docent/models")
  }

  /// The MiniLM vocabulary; fails (does not skip) when the model is missing.
  static func miniLMTokenizer() throws -> WordPieceTokenizer {
    let url = modelsDirectory.appendingPathComponent("all-MiniLM-L6-v2/vocab.txt")
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    return try WordPieceTokenizer(vocabulary: lines)
  }

  struct Fixture: Decodable {
    struct Case: Decodable {
      let text: String
      let ids: [Int32]
    }
    let maxLength: Int
    let cases: [Case]
  }

  @Test func idsMatchTheReferenceOnTheFixture() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/wordpiece-minilm.json")
    let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    #expect(fixture.cases.count >= 500)
    let tokenizer = try Self.miniLMTokenizer()
    var mismatches = 0
    for item in fixture.cases {
      let ids = tokenizer.encode(item.text, maxLength: fixture.maxLength)
      if ids != item.ids {
        mismatches += 1
        if mismatches <= 10 {
          Issue.record("\(item.text.debugDescription.prefix(200)): got \(ids.prefix(40)), expected \(item.ids.prefix(40))")
        }
      }
    }
    #expect(mismatches == 0, "\(mismatches) of \(fixture.cases.count) strings differ")
  }

  /// A tiny vocabulary that shows each rule on its own.
  static let tiny = try! WordPieceTokenizer(vocabulary: [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "hello", "world", ",", "!", "a", "##b",
    "cafe", "中", "国", "$", "x",
  ])

  @Test(arguments: [
    ("unaffable", ["un", "##aff", "##able"]),
    ("Hello, WORLD!", ["hello", ",", "world", "!"]),
    ("  hello\t\n world  ", ["hello", "world"]),
    ("Café", ["cafe"]),
    ("中国x", ["中", "国", "x"]),
    ("unknown", ["[UNK]"]),
    ("abbb", ["a", "##b", "##b", "##b"]),
    ("hello\u{0}\u{200B}world", ["[UNK]"]),  // NUL and ZERO WIDTH SPACE (format) dropped: "helloworld"
    ("$x", ["$", "x"]),
    ("x[CLS]x [cls]", ["x", "[CLS]", "x", "[UNK]", "[UNK]", "[UNK]"]),
  ])
  func rules(text: String, expected: [String]) {
    #expect(Self.tiny.tokenize(text) == expected)
  }

  @Test func longWordsAndTruncation() {
    #expect(Self.tiny.tokenize("a" + String(repeating: "b", count: 99)).count == 100)
    #expect(Self.tiny.tokenize("a" + String(repeating: "b", count: 100)) == ["[UNK]"])
    let ids = Self.tiny.encode(String(repeating: "hello ", count: 50), maxLength: 10)
    #expect(ids.count == 10 && ids.first == 2 && ids.last == 3)
    #expect(Self.tiny.encode("", maxLength: 10) == [2, 3])
  }

  @Test func missingSpecialTokensAreAnError() {
    #expect(throws: TokenizationError.self) { try WordPieceTokenizer(vocabulary: ["a", "b"]) }
  }
}
