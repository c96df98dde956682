import Kernels
import Testing

/// The benchmark runs and describes itself; no timing is asserted.
@Suite struct KernelBenchmarkTests {
  @Test func measuresAValidShapeAndRefusesAPartialBlock() throws {
    let measurement = try #require(
      KernelBenchmark.measure(type: .q4_1, rowCount: 8, columnCount: 64, batchCount: 2, threadCount: 2, minimumDuration: .zero))
    #expect(measurement.callCount >= 3)
    #expect(measurement.weightByteCount == 8 * 2 * Q4_1.bytesPerBlock)
    #expect(measurement.description.hasPrefix("Q4_1 8x64 batch 2 threads 2:"))
    #expect(KernelBenchmark.measure(type: .q4_K, rowCount: 8, columnCount: 100, threadCount: 1) == nil)
  }
}
