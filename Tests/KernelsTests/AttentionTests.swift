import Kernels
import Testing

/// The attention kernel against its scalar twin, on sizes that are not multiples of the vector width.
@Suite struct AttentionTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var tokenCount: Int, startPosition: Int, headCount: Int, kvHeadCount: Int, headDim: Int, window: Int?
    var testDescription: String {
      "T=\(tokenCount) S=\(startPosition) H=\(headCount) G=\(kvHeadCount) D=\(headDim) W=\(window.map(String.init) ?? "-")"
    }
  }

  static let cases: [Case] = [
    Case(tokenCount: 1, startPosition: 0, headCount: 1, kvHeadCount: 1, headDim: 16, window: nil),
    Case(tokenCount: 3, startPosition: 0, headCount: 4, kvHeadCount: 2, headDim: 20, window: nil),
    Case(tokenCount: 17, startPosition: 5, headCount: 3, kvHeadCount: 1, headDim: 64, window: nil),
    Case(tokenCount: 1, startPosition: 33, headCount: 9, kvHeadCount: 3, headDim: 64, window: nil),
    Case(tokenCount: 31, startPosition: 2, headCount: 4, kvHeadCount: 1, headDim: 33, window: 7),
    Case(tokenCount: 2, startPosition: 63, headCount: 2, kvHeadCount: 2, headDim: 7, window: 16),
  ]

  /// Attention sums at most a few hundred products of values near 1; Float32 against Float32 in another order.
  static let tolerance: Float = 1e-5

  @Test(arguments: cases)
  func matchesReference(_ c: Case) {
    var generator = TestRandom(seed: UInt64(c.tokenCount * 1000 + c.startPosition))
    let P = c.startPosition + c.tokenCount
    let kvDim = c.kvHeadCount * c.headDim
    let queries = (0..<(c.tokenCount * c.headCount * c.headDim)).map { _ in generator.signedUnit() }
    let keys = (0..<(P * kvDim)).map { _ in generator.signedUnit() }
    let values = (0..<(P * kvDim)).map { _ in generator.signedUnit() }
    let shape = AttentionShape(
      tokenCount: c.tokenCount, startPosition: c.startPosition, headCount: c.headCount, kvHeadCount: c.kvHeadCount,
      headDim: c.headDim, window: c.window, scale: 1 / Float(c.headDim).squareRoot())
    let expected = Reference.attention(queries: queries, keys: keys, values: values, shape: shape)

    let capacity = P + 3  // a stride larger than the positions in use
    var transposed = [Float](repeating: .nan, count: kvDim * capacity)
    transposed.withUnsafeMutableBufferPointer { t in
      storeTransposedKeys(keys, tokenCount: P, width: kvDim, into: t.baseAddress!, capacity: capacity, startPosition: 0)
    }
    var output = [Float](repeating: .nan, count: expected.count)
    var scratch = [Float](repeating: 0, count: 2 * P)
    output.withUnsafeMutableBufferPointer { out in
      scratch.withUnsafeMutableBufferPointer { s in
        attention(
          queries: queries, transposedKeys: transposed, keyCapacity: capacity, values: values,
          output: out.baseAddress!, shape: shape, scratch: s.baseAddress!, threadCount: 2)
      }
    }
    let diff = zip(output, expected).map { abs($0 - $1) }.max() ?? .nan
    #expect(diff <= Self.tolerance)
  }
}

