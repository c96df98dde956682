// A micro-benchmark for symbol lookup, for `docent bench` (unit tests never assert timings).

/// Timings of ``SymbolTable/benchmark(symbolCount:queries:repetitions:seed:)``.
public struct SymbolLookupBenchmark: Sendable, CustomStringConvertible {
  /// Symbols in the synthetic table.
  public let symbolCount: Int
  /// Time to add them all.
  public let buildDuration: Duration
  /// Lookups timed.
  public let lookupCount: Int
  /// Median lookup time.
  public let medianLookup: Duration
  /// Slowest lookup.
  public let slowestLookup: Duration
  /// The query of the slowest lookup.
  public let slowestQuery: String

  public var description: String {
    "\(symbolCount) symbols built in \(buildDuration); \(lookupCount) lookups: median \(medianLookup), "
      + "slowest \(slowestLookup) (\"\(slowestQuery)\")"
  }
}

extension SymbolTable {
  /// Queries of every match kind, including one-letter queries that match almost everything.
  public static let benchmarkQueries = [
    "getUserName", "gUN", "getUN", "parse", "HTTPServ", "cfg", "tokenizer", "x", "a", "req", "sessionManager",
    "smgr", "handleRequestError", "zzzz", "uN",
  ]

  /// Builds a synthetic table of camel-case names and times lookups against it.
  ///
  /// Names join one to four words from a fixed list with a numeric suffix on some; paths have two to five
  /// components; kinds cycle through type, function and variable kinds. The generator is seeded, so the table
  /// is the same on every run.
  ///
  /// - Parameters:
  ///   - symbolCount: Symbols to generate.
  ///   - queries: Queries to time; each is run `repetitions` times with a limit of 20.
  ///   - repetitions: Runs per query.
  ///   - seed: The generator's seed.
  /// - Returns: Build time and lookup latency.
  public static func benchmark(
    symbolCount: Int = 200_000, queries: [String] = benchmarkQueries, repetitions: Int = 5, seed: UInt64 = 42
  ) -> SymbolLookupBenchmark {
    let words = [
      "get", "set", "user", "name", "parse", "token", "http", "server", "request", "response", "session", "manager",
      "handle", "error", "config", "cache", "index", "value", "json", "file", "path", "build", "make", "load",
      "store", "query", "search", "symbol", "node", "tree", "buffer", "stream", "read", "write", "update", "view",
    ]
    let kinds = ["func", "struct", "var", "class", "let", "enum", "method", "protocol"]
    var state = seed
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    var symbols: [SymbolEntry] = []
    symbols.reserveCapacity(symbolCount)
    for i in 0..<symbolCount {
      let wordCount = 1 + Int(next() % 4)
      var name = ""
      for w in 0..<wordCount {
        let word = words[Int(next() % UInt64(words.count))]
        name += w == 0 ? word : word.prefix(1).uppercased() + word.dropFirst()
      }
      if next() % 3 == 0 { name += String(next() % 100) }
      let depth = 2 + Int(next() % 4)
      let path = (0..<depth).map { _ in words[Int(next() % UInt64(words.count))] }.joined(separator: "/") + ".swift"
      symbols.append(SymbolEntry(name: name, kind: kinds[i % kinds.count], path: path, line: 1 + i % 500))
    }
    let clock = ContinuousClock()
    var table = SymbolTable()
    let buildDuration = clock.measure { table.add(symbols) }
    var timings: [(Duration, String)] = []
    for _ in 0..<max(repetitions, 1) {
      for query in queries {
        var sink = 0
        let duration = clock.measure { sink = table.lookup(query, limit: 20).count }
        timings.append((duration, query + String(repeating: "", count: sink & 0)))
      }
    }
    timings.sort { $0.0 < $1.0 }
    let slowest = timings.last ?? (.zero, "")
    return SymbolLookupBenchmark(
      symbolCount: symbolCount, buildDuration: buildDuration, lookupCount: timings.count,
      medianLookup: timings.isEmpty ? .zero : timings[timings.count / 2].0, slowestLookup: slowest.0,
      slowestQuery: slowest.1)
  }
}
