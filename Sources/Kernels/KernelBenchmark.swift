// Micro benchmarks of the matrix kernels, for `docent bench` (release builds only; tests never time anything).

/// Times the matrix kernels on synthetic weights of a given type and shape.
///
/// Weights are random blocks with finite scales, allocated once; the timed loop calls
/// ``matmul(weights:type:rowCount:columnCount:x:into:threadCount:)`` until `minimumDuration` has passed and reports
/// the fastest call, so a busy machine shows up as a slower best, not as noise in an average.
public enum KernelBenchmark {
  /// One measured kernel configuration.
  public struct Measurement: Sendable, CustomStringConvertible {
    /// Storage type of W.
    public var type: QuantType
    /// R, C and B of the product.
    public var rowCount: Int, columnCount: Int, batchCount: Int
    /// Threads the kernel was allowed.
    public var threadCount: Int
    /// Calls timed.
    public var callCount: Int
    /// The fastest call, in seconds.
    public var bestSeconds: Double
    /// Bytes of W read per call.
    public var weightByteCount: Int

    /// Weight bytes read per second of the fastest call, in GB/s (10^9 bytes).
    public var weightGigabytesPerSecond: Double { Double(weightByteCount) / bestSeconds / 1e9 }
    /// Multiply-adds per second of the fastest call, counted as two operations, in GFLOP/s.
    public var gigaflopsPerSecond: Double { 2 * Double(rowCount * columnCount * batchCount) / bestSeconds / 1e9 }

    /// One line: shape, threads, time, GB/s and GFLOP/s.
    public var description: String {
      let micros = (bestSeconds * 1e6 * 10).rounded() / 10
      let gbps = (weightGigabytesPerSecond * 100).rounded() / 100
      let gflops = (gigaflopsPerSecond * 10).rounded() / 10
      return "\(type) \(rowCount)x\(columnCount) batch \(batchCount) threads \(threadCount): \(micros) µs, "
        + "\(gbps) GB/s of weights, \(gflops) GFLOP/s (best of \(callCount))"
    }
  }

  /// Measures `out = W x` (`batchCount` = 1) or `out = W xᵀ` for a random W of `type`.
  ///
  /// - Parameters:
  ///   - type: Storage type of W.
  ///   - rowCount: R.
  ///   - columnCount: C, a whole number of blocks of `type`.
  ///   - batchCount: B, rows of x.
  ///   - threadCount: Threads for the kernel.
  ///   - minimumDuration: Keep calling until this much time has passed (at least 3 calls).
  /// - Returns: The fastest call, or `nil` if the shape is not a whole number of blocks.
  /// - Important: Blocks the calling thread for about `minimumDuration`.
  public static func measure(
    type: QuantType, rowCount: Int, columnCount: Int, batchCount: Int = 1, threadCount: Int,
    minimumDuration: Duration = .milliseconds(500)
  ) -> Measurement? {
    guard rowCount > 0, batchCount > 0, let rowBytes = type.byteCount(valueCount: columnCount), columnCount > 0
    else { return nil }
    var state: UInt64 = 0x5EED
    func next() -> UInt64 {  // SplitMix64
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    var weights = [UInt8](repeating: 0, count: rowCount * rowBytes)
    for i in weights.indices { weights[i] = UInt8(truncatingIfNeeded: next()) }
    if type == .f32 || type == .f16 || type == .bf16 {
      // Keep float values finite: small random values in place of random bit patterns.
      let count = rowCount * columnCount
      for i in 0..<count {
        let value = Float(Int(next() % 2001) - 1000) / 1000
        switch type {
        case .f32: withUnsafeBytes(of: value) { for k in 0..<4 { weights[4 * i + k] = $0[k] } }
        default:
          let bits = type == .bf16 ? UInt16(value.bitPattern >> 16) : halfBits(value)
          weights[2 * i] = UInt8(bits & 0xFF)
          weights[2 * i + 1] = UInt8(bits >> 8)
        }
      }
    } else {
      let fields: [Int] =
        switch type {
        case .q4_1, .q5_1, .q4_K, .q5_K: [0, 2]
        case .q6_K: [208]
        default: [0]
        }
      for b in 0..<(rowCount * rowBytes / type.bytesPerBlock) {
        for offset in fields {
          let bits = halfBits(Float(Int(next() % 2001) - 1000) / 20000)
          weights[b * type.bytesPerBlock + offset] = UInt8(bits & 0xFF)
          weights[b * type.bytesPerBlock + offset + 1] = UInt8(bits >> 8)
        }
      }
    }
    let x = (0..<(batchCount * columnCount)).map { _ in Float(Int(next() % 2001) - 1000) / 1000 }
    var out = [Float](repeating: 0, count: batchCount * rowCount)
    let clock = ContinuousClock()
    var best = Duration.seconds(1_000_000)
    var calls = 0
    let start = clock.now
    weights.withUnsafeBytes { w in
      x.withUnsafeBufferPointer { x in
        out.withUnsafeMutableBufferPointer { out in
          while calls < 3 || clock.now - start < minimumDuration {
            let t0 = clock.now
            matmul(weights: w, type: type, rowCount: rowCount, columnCount: columnCount, x: x, into: out, threadCount: threadCount)
            best = min(best, clock.now - t0)
            calls += 1
          }
        }
      }
    }
    let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
    return Measurement(
      type: type, rowCount: rowCount, columnCount: columnCount, batchCount: batchCount, threadCount: threadCount,
      callCount: calls, bestSeconds: seconds, weightByteCount: rowCount * rowBytes)
  }

  /// The configurations `docent bench kernels` should report: matrix shapes (rows x columns) and types of the default
  /// models, SmolLM2-135M (Q4_1, Q8_0, F32) and Gemma 3 270M (Q4_K, Q5_0, Q6_K), for one row and for a batch of 64.
  public static let defaultConfigurations: [(type: QuantType, rowCount: Int, columnCount: Int, batchCount: Int)] = [
    (.q4_1, 1536, 576, 1), (.q4_1, 576, 1536, 1), (.q8_0, 1536, 576, 1), (.q4_K, 640, 1024, 1),
    (.q6_K, 640, 2048, 1), (.q5_0, 2048, 640, 1), (.f32, 1536, 576, 1), (.f16, 1536, 576, 1),
    (.q4_1, 1536, 576, 64), (.q4_1, 576, 1536, 64),
  ]
}

/// Rounds `value` to the nearest IEEE half, as bits (benchmark data only; finite inputs below 65504).
private func halfBits(_ value: Float) -> UInt16 {
  let bits = value.bitPattern
  let sign = UInt16((bits >> 16) & 0x8000)
  let exponent = Int((bits >> 23) & 0xFF) - 127 + 15
  if exponent <= 0 { return sign }  // flush tiny values to zero
  let mantissa = UInt16((bits >> 13) & 0x3FF)
  return sign | UInt16(min(exponent, 30)) << 10 | mantissa
}
