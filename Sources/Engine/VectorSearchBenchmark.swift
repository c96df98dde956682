// `docent bench search`: the vector index's exact and HNSW search on seeded random unit vectors, with the data
// exported so a peer (scripts/bench-search.sh runs hnswlib) searches the very same vectors.

import Foundation
import Retrieval

/// Exact and HNSW search figures of the vector index, for `docent bench search` (release builds).
public enum VectorSearchBenchmark {
  /// What to measure.
  public struct Options: Sendable {
    /// Vector length (all-MiniLM-L6-v2 makes 384).
    public var dimension = 384
    /// Rows for the exact-search part (0 skips it).
    public var exactCount = 100_000
    /// Rows for the HNSW part (0 skips it).
    public var graphCount = 1_000_000
    /// Queries timed in each part.
    public var queryCount = 200
    /// Results per query; recall is measured at this depth.
    public var k = 10
    /// HNSW links per node.
    public var m = 16
    /// HNSW build beam.
    public var efConstruction = 200
    /// HNSW search beams to measure.
    public var efSearches = [16, 32, 64, 128, 256]
    /// Threads for the multi-threaded exact search and for ground truth.
    public var threadCount = 2
    /// When positive, vectors lie near a random subspace of this dimension (like real embeddings); 0 draws them
    /// isotropically, the hardest case for any graph index.
    public var intrinsicDimension = 0
    /// How the HNSW part stores rows.
    public var graphEncoding = "float32"
    /// Seeds the vectors: exact rows use `seed`, its queries `seed + 1`, graph rows `seed + 2`, its queries
    /// `seed + 3`.
    public var seed: UInt64 = 42
    /// When set, the HNSW part's rows (`base.f32`), queries (`queries.f32`), both row-major little-endian Float32,
    /// and exact top-k ids (`truth.i64`, little-endian Int64, `k` per query) are written here.
    public var exportDirectory: String?

    /// Creates the default options.
    public init() {}
  }

  /// Runs the benchmark.
  ///
  /// - Parameters:
  ///   - options: What to measure.
  ///   - progress: Called with a line of progress now and then (print it to stderr).
  /// - Returns: Figures by key, in measurement order: `exact.<encoding>.*` and `hnsw.*` latencies in
  ///   milliseconds, recalls in 0...1, sizes in bytes, build time in seconds. Single-threaded latencies are the
  ///   thread's CPU time (see ``Basics/ThreadCPUClock``), multi-threaded ones (`*_threads`) and the build are
  ///   wall time.
  /// - Throws: ``EngineError`` with code `invalidArgument` for an unknown encoding; the file system's error when
  ///   the export directory cannot be written.
  public static func run(
    _ options: Options, progress: (String) -> Void
  ) throws -> [(key: String, value: Double)] {
    var figures: [(key: String, value: Double)] = []
    let d = options.dimension
    func record(_ key: String, _ value: Double) {
      figures.append((key, value))
      progress(String(format: "  %-34@ %.4f", key as NSString, value))
    }
    func milliseconds(_ duration: Duration) -> Double {
      Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
    func percentile(_ sorted: [Duration], _ fraction: Double) -> Double {
      guard !sorted.isEmpty else { return 0 }
      return milliseconds(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))])
    }
    func mean(_ durations: [Duration]) -> Double {
      durations.isEmpty ? 0 : durations.reduce(0) { $0 + milliseconds($1) } / Double(durations.count)
    }

    if options.exactCount > 0 {
      progress("exact: \(options.exactCount) × \(d) vectors, \(options.queryCount) queries")
      let rows = VectorIndex.randomUnitVectors(
        count: options.exactCount, dimension: d, intrinsicDimension: options.intrinsicDimension, seed: options.seed)
      let queries = VectorIndex.randomUnitVectors(
        count: options.queryCount, dimension: d, intrinsicDimension: options.intrinsicDimension,
        seed: options.seed &+ 1)
      var truth: [[SearchHit]] = []
      for encoding in VectorEncoding.allCases {
        let configuration = VectorIndex.Configuration(dimension: d, encoding: encoding, graphThreshold: Int.max)
        let index = VectorIndex.benchmarkIndex(vectors: rows, count: options.exactCount, configuration: configuration)
        let (single, singleLatencies) = VectorIndex.timeQueries(queries, dimension: d, cpuTime: true) {
          index.exactSearch($0, limit: options.k)
        }
        let (_, parallelLatencies) = VectorIndex.timeQueries(queries, dimension: d) {
          index.exactSearch($0, limit: options.k, threadCount: options.threadCount)
        }
        if encoding == .float32 { truth = single }
        let key = "exact.\(encoding)"
        record("\(key).p50_ms", percentile(singleLatencies, 0.5))
        record("\(key).p99_ms", percentile(singleLatencies, 0.99))
        record("\(key).p50_ms_\(options.threadCount)_threads", percentile(parallelLatencies, 0.5))
        record("\(key).recall_vs_float32", VectorIndex.recall(single, truth: truth))
        record("\(key).bytes_per_vector", Double(index.memoryByteCount) / Double(max(index.count, 1)))
      }
    }

    if options.graphCount > 0 {
      guard let encoding = VectorEncoding.allCases.first(where: { "\($0)" == options.graphEncoding }) else {
        throw EngineError(
          .invalidArgument, "unknown encoding '\(options.graphEncoding)'; use float32, float16 or int8")
      }
      progress("hnsw: \(options.graphCount) × \(d) \(encoding) vectors (intrinsic dimension "
        + "\(options.intrinsicDimension)), m \(options.m), efConstruction \(options.efConstruction), "
        + "\(options.queryCount) queries")
      let rows = VectorIndex.randomUnitVectors(
        count: options.graphCount, dimension: d, intrinsicDimension: options.intrinsicDimension,
        seed: options.seed &+ 2)
      let queries = VectorIndex.randomUnitVectors(
        count: options.queryCount, dimension: d, intrinsicDimension: options.intrinsicDimension,
        seed: options.seed &+ 3)
      let configuration = VectorIndex.Configuration(
        dimension: d, encoding: encoding, graphThreshold: 1,
        graph: HNSWParameters(m: options.m, efConstruction: options.efConstruction))
      let clock = ContinuousClock()
      var index = VectorIndex.benchmarkIndex(vectors: rows, count: options.graphCount, configuration: configuration)
      let buildTime = clock.measure { index.rebuildGraph(threadCount: options.threadCount) }
      record("hnsw.build_seconds", milliseconds(buildTime) / 1000)
      record("hnsw.build_threads", Double(options.threadCount))
      record("hnsw.bytes_per_vector", Double(index.memoryByteCount) / Double(max(index.count, 1)))
      progress("hnsw: exact ground truth")
      let (truth, exactLatencies) = VectorIndex.timeQueries(queries, dimension: d) {
        index.exactSearch($0, limit: options.k, threadCount: options.threadCount)
      }
      record("hnsw.exact_p50_ms_\(options.threadCount)_threads", percentile(exactLatencies, 0.5))
      for ef in options.efSearches {
        let (found, latencies) = VectorIndex.timeQueries(queries, dimension: d, cpuTime: true) {
          index.graphSearch($0, limit: options.k, efSearch: ef)
        }
        record("hnsw.ef\(ef).recall", VectorIndex.recall(found, truth: truth))
        record("hnsw.ef\(ef).p50_ms", percentile(latencies, 0.5))
        record("hnsw.ef\(ef).mean_ms", mean(latencies))
      }
      if let directory = options.exportDirectory {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func write<T>(_ values: [T], _ name: String) throws {
          let data = values.withUnsafeBytes { Data($0) }  // little-endian on every supported platform
          try data.write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
        try write(rows, "base.f32")
        try write(queries, "queries.f32")
        try write(truth.flatMap { hits in hits.map { Int64($0.documentID.rawValue) } }, "truth.i64")
        progress("hnsw: vectors written to \(directory)")
      }
    }
    return figures
  }
}
