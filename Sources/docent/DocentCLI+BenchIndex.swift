import Basics
import Engine
import Foundation
import Server

#if canImport(Glibc)
  import Glibc
#endif

extension DocentCLI {
  /// `docent bench index`: cold indexing, warm re-open, single-file update, query latency, index size and peak
  /// memory on one workspace, in this process (a release build gives meaningful figures).
  static func benchIndex(_ arguments: CommandLineArguments) async throws -> Int32 {
    guard let workspace = arguments.options["workspace"].map(absolutePath) else {
      throw CommandLineArguments.UsageError(message: "'docent bench index' needs --workspace PATH")
    }
    var queries = ["parse the configuration file", "open a network connection", "sort the items by key"]
    if let file = arguments.options["queries"] {
      let text = try String(contentsOfFile: absolutePath(file), encoding: .utf8)
      queries = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    let logger = Logger(level: .error)
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent("docent-bench-index-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: cache) }
    var settings = IndexSettings()
    settings.cacheDirectory = cache
    let clock = ContinuousClock()

    func open() async throws -> (DocentEngine, Duration) {
      let start = clock.now
      let engine = DocentEngine(logger: logger)
      engine.setIndexSettings(settings)
      if let error = engine.addRoots([DocentEngine.uri(forPath: workspace)]).first {
        throw CommandLineArguments.UsageError(message: error.message)
      }
      engine.start()
      try await engine.synchronize()
      let elapsed = clock.now - start
      await engine.flushIndexes()
      return (engine, elapsed)
    }

    // The cold engine lives only in this block, so its memory is released before the warm one opens.
    let (coldTime, bytes, root, indexBytes, symbolCount) = try await {
      () async throws -> (Duration, Int, String, Int, Int) in
      let (cold, coldTime) = try await open()
      let snapshot = cold.snapshot()
      let root = snapshot.roots.first ?? workspace
      let storePath = cold.storePath(forRoot: root)
      let indexBytes = (try? FileManager.default.attributesOfItem(atPath: storePath)[.size] as? Int) ?? 0
      cold.shutDown()
      return (coldTime, snapshot.indexedByteCount, root, indexBytes, snapshot.symbolCount)
    }()
    let peakRSSCold = peakResidentBytes()

    let (warm, warmTime) = try await open()

    // Single-file update: an edit to an open document, until search reflects it.
    var updateTime = Duration.zero
    if let file = largestSourceFile(in: root), let text = try? String(contentsOfFile: file, encoding: .utf8) {
      let uri = DocentEngine.uri(forPath: file)
      try warm.openDocument(uri: uri, languageID: "", version: 1, text: text)
      try await warm.synchronize()
      let start = clock.now
      try warm.changeDocument(
        uri: uri, version: 2, edits: [TextEdit(range: nil, text: text + "\n// benchmarkMarkerToken\n")],
        encoding: .utf16)
      try await warm.synchronize()
      updateTime = clock.now - start
      guard warm.search("benchmarkMarkerToken", options: SearchOptions(limit: 1), in: warm.snapshot()).count == 1
      else {
        throw CommandLineArguments.UsageError(message: "the edited file is not searchable after the update")
      }
    }

    var latencies: [Duration] = []
    let querySnapshot = warm.snapshot()
    for _ in 0..<2 {  // the first pass warms caches; the second is measured
      latencies = queries.map { query in
        let start = clock.now
        _ = warm.search(query, options: SearchOptions(limit: 10), in: querySnapshot)
        return clock.now - start
      }
    }
    if arguments.flags.contains("verbose") {
      // Each query's time, slowest first, to see which shapes of query cost the most.
      for (latency, query) in zip(latencies, queries).sorted(by: { $0.0 > $1.0 }) {
        StandardError.write(String(format: "%8.3f ms  %@\n", latency.seconds * 1000, query))
      }
    }
    latencies.sort()
    func percentile(_ fraction: Double) -> Double { latencies.percentile(fraction).seconds * 1000 }

    // workspace/symbol on this corpus: each query's first word, plus short and camel-hump abbreviations.
    let symbolQueries =
      queries.compactMap { $0.split(separator: " ").first.map(String.init) } + ["a", "x", "get", "gUN", "init"]
    var symbolLatencies: [Duration] = []
    for _ in 0..<2 {
      symbolLatencies = symbolQueries.map { query in
        let start = clock.now
        _ = warm.symbols(matching: query, limit: 100, in: querySnapshot)
        return clock.now - start
      }
    }
    symbolLatencies.sort()
    let residentWarm = currentResidentBytes()
    let peakRSS = peakResidentBytes()
    // Measured after the memory figures, which its table would otherwise inflate. A 10,000-file workspace holds
    // about 250,000 symbols (25 per file).
    let synthetic = DocentEngine.benchmarkSymbolLookup(symbolCount: 250_000)
    let report: [String: Any] = [
      "files": querySnapshot.fileCount, "chunks": querySnapshot.chunkCount, "bytes": bytes,
      "cold_seconds": coldTime.seconds, "mb_per_second": Double(bytes) / 1e6 / max(coldTime.seconds, 1e-9),
      "warm_seconds": warmTime.seconds, "update_milliseconds": updateTime.seconds * 1000,
      "query_p50_ms": percentile(0.5), "query_p99_ms": percentile(0.99), "queries": latencies.count,
      "index_bytes": indexBytes, "peak_rss_bytes": peakRSS, "peak_rss_cold_bytes": peakRSSCold,
      "resident_warm_bytes": residentWarm, "symbols": symbolCount,
      "symbol_p50_ms": symbolLatencies.percentile(0.5).seconds * 1000,
      "symbol_p99_ms": symbolLatencies.percentile(0.99).seconds * 1000,
      "symbol_250k_median_ms": synthetic.median.seconds * 1000,
      "symbol_250k_slowest_ms": synthetic.slowest.seconds * 1000,
    ]
    if arguments.flags.contains("json") {
      let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
      writeOutput(String(decoding: data, as: UTF8.self) + "\n")
    } else {
      writeOutput(
        String(
          format: """
            bench index %@
              files %d, chunks %d, %.1f MB indexed
              cold index      %.2f s (%.2f MB/s)
              warm re-open    %.3f s
              file update     %.1f ms
              query p50/p99   %.3f / %.3f ms over %d queries
              index on disk   %.1f MB
              peak RSS        %.1f MB (%.2f× the corpus; %.1f MB during cold indexing)
              resident warm   %.1f MB (after re-open and queries)
              symbol lookup   p50/p99 %.3f / %.3f ms over %d queries, %d symbols
              symbol 250k     median %.3f ms, slowest %.3f ms (synthetic, ~10,000 files)

            """, workspace, querySnapshot.fileCount, querySnapshot.chunkCount, Double(bytes) / 1e6, coldTime.seconds,
          Double(bytes) / 1e6 / max(coldTime.seconds, 1e-9), warmTime.seconds, updateTime.seconds * 1000,
          percentile(0.5), percentile(0.99), latencies.count, Double(indexBytes) / 1e6, Double(peakRSS) / 1e6,
          Double(peakRSS) / Double(max(bytes, 1)), Double(peakRSSCold) / 1e6, Double(residentWarm) / 1e6,
          symbolLatencies.percentile(0.5).seconds * 1000, symbolLatencies.percentile(0.99).seconds * 1000,
          symbolLatencies.count, symbolCount, synthetic.median.seconds * 1000, synthetic.slowest.seconds * 1000))
    }
    warm.shutDown()
    return 0
  }

  /// The most memory this process has held resident so far, in bytes.
  private static func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
  }

  /// The memory this process holds resident now, in bytes (from `/proc/self/statm`; 0 where it does not exist).
  private static func currentResidentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }

  /// The largest Swift or Python file below `root` (skipping hidden and build folders), for the update test.
  private static func largestSourceFile(in root: String) -> String? {
    var best: (path: String, size: Int)?
    let enumerator = FileManager.default.enumerator(atPath: root)
    while let relative = enumerator?.nextObject() as? String {
      guard relative.hasSuffix(".swift") || relative.hasSuffix(".py"), !relative.contains("/."),
        !relative.hasPrefix(".")
      else { continue }
      let path = root + "/" + relative
      let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
      if size <= 200_000 && size > (best?.size ?? 0) { best = (path, size) }
    }
    return best?.path
  }
}
