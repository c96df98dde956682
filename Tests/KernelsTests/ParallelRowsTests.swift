import Kernels
import Testing

@Suite struct ParallelRowsTests {
  @Test(arguments: [(0, 1), (1, 4), (7, 2), (100, 3), (1023, 2), (5, 8)])
  func everyRowIsVisitedOnce(rowCount: Int, threadCount: Int) {
    let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(rowCount, 1))
    counts.initialize(repeating: 0)
    defer { counts.deallocate() }
    let box = UnsafeSendable(counts)
    parallelRows(rowCount, threadCount: threadCount) { range in
      for row in range { box.value[row] += 1 }
    }
    #expect(Array(counts.prefix(rowCount)) == Array(repeating: 1, count: rowCount))
  }
}
