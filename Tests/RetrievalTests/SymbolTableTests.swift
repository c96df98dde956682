import Retrieval
import Testing

@Suite struct SymbolTableTests {
  static func table() -> SymbolTable {
    var table = SymbolTable()
    table.add([
      SymbolEntry(name: "getUserName", kind: "func", container: "UserService", path: "Sources/App/UserService.swift", line: 10),
      SymbolEntry(name: "getUser", kind: "func", path: "Sources/App/UserService.swift", line: 5),
      SymbolEntry(name: "getUserNameForID", kind: "func", path: "Sources/App/UserService.swift", line: 20),
      SymbolEntry(name: "GetUserNameRequest", kind: "struct", path: "Sources/App/Requests/GetUserNameRequest.swift", line: 1),
      SymbolEntry(name: "getUserName", kind: "var", path: "Sources/App/Deep/Nested/Cache.swift", line: 3),
      SymbolEntry(name: "debugUnit", kind: "func", path: "Sources/Debug.swift", line: 1),
      SymbolEntry(name: "HTTPServer", kind: "class", path: "Sources/Net/HTTPServer.swift", line: 1),
      SymbolEntry(name: "parseJSON2Value", kind: "func", path: "Sources/JSON.swift", line: 8),
      SymbolEntry(name: "user_name_cache", kind: "let", path: "Sources/App/Cache.swift", line: 2),
      SymbolEntry(name: "Parser", kind: "struct", path: "Sources/Parser.swift", line: 1),
      SymbolEntry(name: "parse", kind: "func", container: "Parser", path: "Sources/Parser.swift", line: 9),
    ])
    return table
  }

  /// Expected order as `name@line` with the match kind.
  static let rankingCases: [(query: String, expected: [String])] = [
    ("getUserName", [
      "getUserName@10:exact", "getUserName@3:exact", "getUserNameForID@20:prefix", "GetUserNameRequest@1:prefix",
    ]),
    ("getusername", [
      "getUserName@10:exact", "getUserName@3:exact", "getUserNameForID@20:prefix", "GetUserNameRequest@1:prefix",
    ]),
    ("gUN", [
      "getUserName@10:camelHump", "getUserName@3:camelHump", "getUserNameForID@20:camelHump",
      "GetUserNameRequest@1:camelHump", "debugUnit@1:subsequence",
    ]),
    ("getUN", ["getUserName@10:camelHump", "getUserName@3:camelHump", "getUserNameForID@20:camelHump",
      "GetUserNameRequest@1:camelHump"]),
    ("gunr", ["GetUserNameRequest@1:camelHump", "getUserNameForID@20:subsequence"]),
    ("hs", ["HTTPServer@1:camelHump"]),
    ("pj2v", ["parseJSON2Value@8:camelHump"]),
    ("unc", ["user_name_cache@2:camelHump"]),
    ("parse", ["parse@9:exact", "Parser@1:prefix", "parseJSON2Value@8:prefix"]),
    ("pars", ["parse@9:prefix", "Parser@1:prefix", "parseJSON2Value@8:prefix"]),
    ("usrnm", [
      "getUserName@10:subsequence", "getUserName@3:subsequence", "user_name_cache@2:subsequence",
      "getUserNameForID@20:subsequence", "GetUserNameRequest@1:subsequence",
    ]),
    ("zzz", []),
    ("", []),
  ]

  @Test(arguments: rankingCases)
  func ranking(_ query: String, _ expected: [String]) {
    let results = Self.table().lookup(query, limit: 10).map { "\($0.symbol.name)@\($0.symbol.line):\($0.kind)" }
    #expect(results == expected)
  }

  @Test func limitKeepsTheBest() {
    let results = Self.table().lookup("gUN", limit: 2).map(\.symbol.line)
    #expect(results == [10, 3])
  }

  @Test func removeAndReplaceByPath() {
    var table = Self.table()
    let removed = table.removeSymbols(inPath: "Sources/App/UserService.swift")
    #expect(removed == 3)
    #expect(table.count == 8)
    #expect(table.lookup("getUser", limit: 10).map(\.symbol.path) == [
      "Sources/App/Deep/Nested/Cache.swift", "Sources/App/Requests/GetUserNameRequest.swift",
    ])
    table.replaceSymbols(inPath: "Sources/Parser.swift", with: [
      SymbolEntry(name: "Tokenizer", kind: "struct", path: "Sources/Parser.swift", line: 1)
    ])
    #expect(table.lookup("parse", limit: 10).map(\.symbol.name) == ["parseJSON2Value"])
    #expect(table.symbols(inPath: "Sources/Parser.swift").map(\.name) == ["Tokenizer"])
  }

  @Test func manyRemovalsCompactWithoutChangingResults() {
    var table = SymbolTable()
    for file in 0..<600 {
      table.add((0..<4).map { SymbolEntry(name: "symbol\(file)x\($0)", kind: "func", path: "F\(file).swift", line: $0) })
    }
    for file in 0..<500 { table.removeSymbols(inPath: "F\(file).swift") }
    #expect(table.count == 400)
    #expect(table.lookup("symbol599x3", limit: 1).first?.kind == .exact)
    #expect(table.lookup("symbol0x0", limit: 1).first?.kind != .exact)
  }

  @Test func benchmarkRuns() {
    let result = SymbolTable.benchmark(symbolCount: 2_000, repetitions: 1)
    #expect(result.symbolCount == 2_000)
    #expect(result.lookupCount > 0)
  }
}
