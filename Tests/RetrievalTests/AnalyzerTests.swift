import Retrieval
import Testing

@Suite struct AnalyzerTests {
  static let codeCases: [(input: String, expected: [String])] = [
    ("getUserName", ["getusernam", "get", "user", "nam"]),
    ("get_user_name", ["getusernam", "get", "user", "nam"]),
    ("HTTPServer", ["httpserver", "http", "server"]),
    ("parseJSON2Value", ["parsejson2value", "pars", "json", "2", "valu"]),
    ("XMLHttpRequest", ["xmlhttprequest", "xml", "http", "request"]),
    ("URLSession", ["urlsession", "url", "session"]),
    ("utf8String", ["utf8string", "utf", "8", "string"]),
    ("my-component", ["mycomponent", "my", "component"]),
    ("x - y", ["x", "y"]),
    ("_privateValue", ["privatevalu", "privat", "valu"]),
    ("SCREAMING_CASE", ["screamingcas", "scream", "cas"]),
    ("café_au_lait", ["caféaulait", "café", "au", "lait"]),
    ("0x1F2A 3.14", ["0x1f2a", "3", "14"]),
    ("a.b(c)", ["a", "b", "c"]),
    ("Sources/Retrieval/LexicalIndex.swift", ["sourc", "retrieval", "lexicalindex", "lexical", "index", "swift"]),
    ("The is", ["the", "is"]),
    ("", []),
    ("   ", []),
    (String(repeating: "z", count: 65), []),
    (String(repeating: "z", count: 64), [String(repeating: "z", count: 64)]),
  ]

  @Test(arguments: codeCases)
  func codeMode(_ input: String, _ expected: [String]) {
    #expect(Analyzer().tokens(in: input, mode: .code) == expected)
  }

  static let proseCases: [(input: String, expected: [String])] = [
    ("The quick brown fox is running", ["quick", "brown", "fox", "run"]),
    ("How to parse the JSON of a request", ["pars", "json", "request"]),
    ("Returns the value, or nil when absent.", ["return", "valu", "nil", "absent"]),
    ("the of and", []),
  ]

  @Test(arguments: proseCases)
  func proseMode(_ input: String, _ expected: [String]) {
    #expect(Analyzer().tokens(in: input, mode: .prose) == expected)
  }

  static let stemCases: [(word: String, stem: String)] = [
    ("parse", "pars"), ("parses", "pars"), ("parsing", "pars"), ("parsed", "pars"),
    ("queries", "query"), ("query", "query"), ("queried", "query"),
    ("matches", "match"), ("matching", "match"), ("matched", "match"),
    ("boxes", "box"), ("indexes", "index"), ("indexing", "index"),
    ("classes", "class"), ("class", "class"), ("status", "status"), ("analysis", "analysis"),
    ("mapped", "map"), ("mapping", "map"), ("calling", "call"), ("passed", "pass"),
    ("string", "string"), ("strings", "string"), ("thing", "thing"),
    ("agreed", "agreed"), ("tokens", "token"), ("tries", "try"), ("trying", "try"),
    ("name", "nam"), ("names", "nam"), ("named", "nam"), ("naming", "nam"),
    ("use", "use"), ("uses", "use"), ("id", "id"), ("ids", "ids"), ("utf8", "utf8"),
  ]

  @Test(arguments: stemCases)
  func stemming(_ word: String, _ stem: String) {
    #expect(Analyzer.stem(word) == stem)
  }

  /// Inflections meet: the analyzer maps each group to a single term.
  @Test(arguments: [
    ["parse", "parses", "parsing", "parsed"], ["index", "indexes", "indexing"], ["cache", "caches", "caching"],
    ["test", "tests", "tested", "testing"],
  ])
  func inflectionsMeet(_ words: [String]) {
    let terms = Set(words.flatMap { Analyzer().tokens(in: $0, mode: .prose) })
    #expect(terms.count == 1)
  }

  @Test func invalidUTF8DoesNotCrash() {
    let bytes: [UInt8] = [0xFF, 0x61, 0xC3, 0x28, 0x62, 0x80, 0x2D, 0x2D, 0x5F]
    var count = 0
    bytes.withUnsafeBufferPointer { buffer in Analyzer().forEachToken(in: buffer, mode: .code) { _ in count += 1 } }
    #expect(count > 0)
  }
}

@Suite struct AnalyzerLimitTests {
  /// Names with more separator-delimited parts than the analyzer keeps must not overflow its part buffer
  /// (a jinja2 file with a long `_`-joined identifier crashed the server before this was guarded).
  @Test(arguments: [8, 15, 16, 17, 31, 33, 64, 200])
  func manyPartsAreTokenizedWithoutOverflow(partCount: Int) {
    for separator in ["_", "-", "__"] {
      let word = (0..<partCount).map { "p\(Character(UnicodeScalar(97 + $0 % 26)!))" }.joined(separator: separator)
      let mixed = (0..<partCount).map { $0 % 2 == 0 ? "Ab" : "c_d" }.joined()
      for text in [word, mixed, word + "X" + mixed] {
        let tokens = Analyzer().tokens(in: text, mode: .code)
        #expect(!tokens.isEmpty, "\(text)")
      }
    }
  }
}
