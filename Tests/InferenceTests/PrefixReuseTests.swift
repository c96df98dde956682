import Inference
import Kernels
import Testing
import TestSupport

/// The KV cache's prefix reuse and batching must not change the numbers: a reused prefix, a batch split and a
/// token-by-token evaluation all give the logits of a fresh evaluation. Sessions use Float activations, so batched
/// and single-token products compute the same sums (8-bit activations in single-token products are compared with
/// llama.cpp in DecoderFixtureTests).
@Suite(.offCooperativePool) struct PrefixReuseTests {
  static let tokens: [Int32] = [1, 504, 3458, 282, 4649, 314, 253, 1345, 30, 378, 2193, 7283, 314, 1035, 3811, 28,
    2436, 511, 8219, 4037, 2117, 30, 9234, 17, 42, 1000]

  func logits(_ session: DecoderSession) -> [Float] { Array(session.logits) }

  func maxAbsDiff(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
  }

  @Test(arguments: [ModelFiles.smolLM2, ModelFiles.gemma3])
  func reusedPrefixGivesFreshLogits(model name: String) throws {
    let model = try ModelFiles.load(name)
    let fresh = DecoderSession(
      model: model, contextCapacity: 256, batchCapacity: 64, threadCount: 2, activations: .float)
    try fresh.evaluate(Self.tokens)
    let expected = logits(fresh)

    // The same sequence after a prompt that shares its first 20 tokens and then differs.
    let reusing = DecoderSession(
      model: model, contextCapacity: 256, batchCapacity: 64, threadCount: 2, activations: .float)
    try reusing.evaluate(Array(Self.tokens[..<20]) + [77, 88, 99, 111])
    let reused = try reusing.evaluate(Self.tokens)
    #expect(reused == 20)
    #expect(maxAbsDiff(logits(reusing), expected) < 1e-3)

    // Small batches, then one token at a time.
    let small = DecoderSession(
      model: model, contextCapacity: 256, batchCapacity: 7, threadCount: 1, activations: .float)
    try small.evaluate(Self.tokens)
    #expect(maxAbsDiff(logits(small), expected) < 1e-3)
    let stepwise = DecoderSession(
      model: model, contextCapacity: 256, batchCapacity: 64, threadCount: 2, activations: .float)
    try stepwise.evaluate([Self.tokens[0]])
    for token in Self.tokens.dropFirst() { try stepwise.append(token) }
    #expect(maxAbsDiff(logits(stepwise), expected) < 1e-3)
  }
}
