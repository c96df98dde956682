import Retrieval

extension DocentEngine {
  /// Times `workspace/symbol`-style lookups (exact, prefix, camel-hump and one-letter queries) in a seeded synthetic
  /// table of `symbolCount` camel-case names, for `docent bench` (a 10,000-file workspace holds about 250,000).
  ///
  /// - Complexity: O(*n*) per lookup in the table's size.
  public static func benchmarkSymbolLookup(symbolCount: Int) -> SymbolLookupTimings {
    let result = SymbolTable.benchmark(symbolCount: symbolCount)
    return SymbolLookupTimings(
      symbolCount: result.symbolCount, median: result.medianLookup, slowest: result.slowestLookup,
      slowestQuery: result.slowestQuery)
  }
}
