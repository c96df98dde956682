// Micro-benchmarks of the vector index, for `docent bench search` (unit tests never assert timings).

import Basics
import Foundation

/// One measured figure of a benchmark, in a fixed unit.
public struct BenchmarkFigure: Sendable, Equatable {
  /// A stable key for JSON output, such as `exact.float16.p50_ms`.
  public let key: String
  /// The value.
  public let value: Double

  /// Creates a figure.
  public init(_ key: String, _ value: Double) {
    self.key = key
    self.value = value
  }
}

extension VectorIndex {
  /// Deterministic pseudo-random unit vectors: Gaussian elements (Box-Muller over SplitMix64), L2-normalized.
  ///
  /// - Returns: `count × dimension` floats, row-major.
  public static func randomUnitVectors(count: Int, dimension: Int, seed: UInt64) -> [Float] {
    var state = seed
    func next() -> Double {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      return (Double(z >> 11) + 0.5) / Double(UInt64(1) << 53)  // (0, 1)
    }
    var values = [Float](repeating: 0, count: count * dimension)
    for row in 0..<count {
      var sumOfSquares: Double = 0
      var i = 0
      while i < dimension {
        let radius = (-2 * log(next())).squareRoot(), angle = 2 * Double.pi * next()
        let pair = [radius * cos(angle), radius * sin(angle)]
        for value in pair where i < dimension {
          values[row * dimension + i] = Float(value)
          sumOfSquares += value * value
          i += 1
        }
      }
      let inverse = Float(1 / sumOfSquares.squareRoot())
      for i in 0..<dimension { values[row * dimension + i] *= inverse }
    }
    return values
  }

  /// Deterministic pseudo-random unit vectors near a random `intrinsicDimension`-dimensional subspace, like
  /// sentence embeddings, whose neighborhoods have a low intrinsic dimension (isotropic vectors in hundreds of
  /// dimensions are the worst case for every graph index: all pairwise distances are nearly equal).
  ///
  /// Row *i* is `normalize(W · z_i + ε_i)` with `W` a fixed `dimension × intrinsicDimension` Gaussian matrix,
  /// `z_i` Gaussian, and Gaussian noise `ε_i` of a tenth of the signal's per-element standard deviation.
  ///
  /// - Returns: `count × dimension` floats, row-major.
  public static func randomUnitVectors(
    count: Int, dimension: Int, intrinsicDimension: Int, seed: UInt64
  ) -> [Float] {
    guard intrinsicDimension > 0 else { return randomUnitVectors(count: count, dimension: dimension, seed: seed) }
    let r = intrinsicDimension
    // Unnormalized Gaussians: scale the unit rows back by sqrt(length), which is close enough for a generator.
    let basis = randomUnitVectors(count: dimension, dimension: r, seed: seed ^ 0xBA5E)
    let latent = randomUnitVectors(count: count, dimension: r, seed: seed)
    let noise = randomUnitVectors(count: count, dimension: dimension, seed: seed ^ 0x4015E)
    let signalScale = Float(r).squareRoot()  // a unit latent row times unit basis rows: per-element sd ≈ 1/√r
    var values = [Float](repeating: 0, count: count * dimension)
    for row in 0..<count {
      var sumOfSquares: Float = 0
      for i in 0..<dimension {
        var x: Float = 0
        for j in 0..<r { x += basis[i * r + j] * latent[row * r + j] }
        x = x * signalScale + 0.1 * noise[row * dimension + i] * Float(dimension).squareRoot()
        values[row * dimension + i] = x
        sumOfSquares += x * x
      }
      let inverse = 1 / max(sumOfSquares.squareRoot(), .leastNormalMagnitude)
      for i in 0..<dimension { values[row * dimension + i] *= inverse }
    }
    return values
  }

  /// Appends `count` rows of `vectors` (ids 0..<count) in one encoding, without a graph; call
  /// ``rebuildGraph(threadCount:)`` to build one.
  public static func benchmarkIndex(
    vectors: [Float], count: Int, configuration: Configuration
  ) -> VectorIndex {
    var appendOnly = configuration
    appendOnly.graphThreshold = .max
    var index = VectorIndex(configuration: appendOnly)
    index.storage.reserveCapacity(count)
    let d = configuration.dimension
    for row in 0..<count {
      try? index.insert(Array(vectors[row * d..<(row + 1) * d]), for: DocumentID(UInt64(row)))
    }
    return index
  }

  /// The fraction of `truth`'s ids (per query) that `found` returned.
  public static func recall(_ found: [[SearchHit]], truth: [[SearchHit]]) -> Double {
    var hits = 0, total = 0
    for (f, t) in zip(found, truth) {
      let expected = Set(t.map(\.documentID))
      hits += f.reduce(0) { $0 + (expected.contains($1.documentID) ? 1 : 0) }
      total += expected.count
    }
    return total == 0 ? 1 : Double(hits) / Double(total)
  }

  /// Times `search` once per query (after warming up on ten) and returns the results and sorted latencies.
  ///
  /// - Parameter cpuTime: Measure the thread's CPU time (``Basics/ThreadCPUClock``) rather than wall time, so
  ///   other processes on a shared machine do not inflate the figures; use wall time for multi-threaded searches.
  public static func timeQueries(
    _ queries: [Float], dimension: Int, cpuTime: Bool = false, _ search: ([Float]) -> [SearchHit]
  ) -> (results: [[SearchHit]], latencies: [Duration]) {
    let count = queries.count / dimension
    let rows = (0..<count).map { Array(queries[$0 * dimension..<($0 + 1) * dimension]) }
    for row in rows.prefix(10) { _ = search(row) }
    let clock = ContinuousClock()
    var results: [[SearchHit]] = []
    var latencies: [Duration] = []
    for row in rows {
      var hits: [SearchHit] = []
      latencies.append(cpuTime ? ThreadCPUClock.measure { hits = search(row) } : clock.measure { hits = search(row) })
      results.append(hits)
    }
    return (results, latencies.sorted())
  }
}
