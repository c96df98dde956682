import Kernels
import Testing

/// Dequantization against the `gguf` package (fixtures from scripts/make-quant-fixtures.py).
@Suite struct DequantizationFixtureTests {
  /// Largest error, relative to the largest magnitude in the block, between our decoding and the `gguf` package's.
  /// Zero: both compute `d * q + m` in Float with the same operation order and no fused multiply-add (Swift does
  /// not contract `a * b + c`), so decoding is bit-exact. Loosen only with a comment saying which kernel fuses.
  static let dequantizationTolerance: Float = 0

  static let types: [QuantType] = [.f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K]

  @Test(arguments: types)
  func fastDequantizationMatchesGGUFPackage(type: QuantType) throws {
    let (blocks, expected) = try fixture(type)
    #expect(!expected.isEmpty)
    var values = [Float](repeating: .nan, count: expected.count)
    blocks.withUnsafeBytes { bytes in values.withUnsafeMutableBufferPointer { type.dequantize(bytes, into: $0) } }
    let error = worstBlockRelativeError(values, expected)
    #expect(error <= Self.dequantizationTolerance, "\(type): worst relative error \(error)")
  }

  @Test(arguments: types)
  func referenceDequantizationMatchesGGUFPackage(type: QuantType) throws {
    let (blocks, expected) = try fixture(type)
    var values = [Float](repeating: .nan, count: expected.count)
    blocks.withUnsafeBytes { bytes in
      values.withUnsafeMutableBufferPointer { Reference.dequantize(bytes, type: type, into: $0) }
    }
    let error = worstBlockRelativeError(values, expected)
    #expect(error <= Self.dequantizationTolerance, "\(type): worst relative error \(error)")
  }

  /// The namespaces decode like the type-dispatched entry point (one spot check per format, so both stay wired).
  @Test func namespacesAgreeWithQuantType() throws {
    let checks: [(QuantType, (UnsafeRawBufferPointer, UnsafeMutableBufferPointer<Float>) -> Void)] = [
      (.q4_0, Q4_0.dequantize), (.q4_1, Q4_1.dequantize), (.q5_0, Q5_0.dequantize), (.q5_1, Q5_1.dequantize),
      (.q8_0, Q8_0.dequantize), (.q4_K, Q4_K.dequantize), (.q5_K, Q5_K.dequantize), (.q6_K, Q6_K.dequantize),
      (.f16, F16.dequantize), (.bf16, BF16.dequantize),
    ]
    for (type, decode) in checks {
      let (blocks, expected) = try fixture(type)
      var values = [Float](repeating: .nan, count: expected.count)
      blocks.withUnsafeBytes { bytes in values.withUnsafeMutableBufferPointer { decode(bytes, $0) } }
      #expect(worstBlockRelativeError(values, expected) <= Self.dequantizationTolerance, "\(type)")
    }
  }
}
