/// Timings of symbol lookups in a synthetic table, from ``DocentEngine/benchmarkSymbolLookup(symbolCount:)``.
public struct SymbolLookupTimings: Sendable {
  /// Symbols in the table.
  public let symbolCount: Int
  /// Median lookup time.
  public let median: Duration
  /// Slowest lookup time.
  public let slowest: Duration
  /// The query of the slowest lookup.
  public let slowestQuery: String
}
