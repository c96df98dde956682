import Basics
import Inference
import Kernels
import Testing
import TestSupport

/// The decoder, its KV cache and the generator on tiny seeded models from `TestSupport.TinyModel` (llama, qwen2 and
/// gemma3 layouts), so these properties are checked for every architecture without the default models.
@Suite(.offCooperativePool) struct TinyModelTests {
  static let tokens: [Int32] = [1, 72, 101, 108, 108, 111, 35, 259, 260, 44, 200, 201, 3, 90, 91, 92, 93, 17, 18, 19]

  /// Float32 sums in a different order (batch tiles, single rows): measured below 1e-5 on these models, whose
  /// logits span several units; a wrong cache position or a stale entry moves them by tenths.
  static let orderTolerance: Float = 1e-4

  func maxAbsDiff(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) } }

  func session(
    _ model: DecoderModel, capacity: Int = 64, batch: Int = 16, threads: Int = 2,
    activations: ActivationPrecision = .float
  ) -> DecoderSession {
    DecoderSession(
      model: model, contextCapacity: capacity, batchCapacity: batch, threadCount: threads, activations: activations)
  }

  @Test(arguments: TinyModel.Architecture.allCases)
  func prefixReuseBatchingAndSingleStepsGiveFreshLogits(architecture: TinyModel.Architecture) throws {
    let model = try DecoderModel(file: TinyModel.file(architecture, seed: 11))
    let fresh = session(model)
    try fresh.evaluate(Self.tokens)
    let expected = Array(fresh.logits)
    let spread = (expected.max() ?? 0) - (expected.min() ?? 0)
    #expect(spread > 1, "logits of a random model should spread over units, not \(spread)")

    let reusing = session(model)
    try reusing.evaluate(Array(Self.tokens[..<12]) + [5, 6, 7])
    #expect(try reusing.evaluate(Self.tokens) == 12)
    #expect(maxAbsDiff(Array(reusing.logits), expected) <= Self.orderTolerance)

    let small = session(model, batch: 3, threads: 1)
    try small.evaluate(Self.tokens)
    #expect(maxAbsDiff(Array(small.logits), expected) <= Self.orderTolerance)

    let stepwise = session(model)
    try stepwise.evaluate([Self.tokens[0]])
    for token in Self.tokens.dropFirst() { try stepwise.append(token) }
    #expect(maxAbsDiff(Array(stepwise.logits), expected) <= Self.orderTolerance)
  }

  /// 8-bit activations stay near Float: each product moves by at most half a quant step of x per block (under 0.4%
  /// of the block's largest value), which over two layers and the head moves these logits by a few percent of their
  /// spread (measured up to 1.0%); a wrong block sum or scale moves them by its whole size. With 8-bit
  /// activations, a prompt evaluated at once and token by token agrees up to summation order: batches multiply the
  /// same rounded activations (measured 2e-6; the tolerance leaves room for a rare flip of one rounding on a tie).
  @Test(arguments: TinyModel.Architecture.allCases)
  func int8ActivationsStayNearFloatAndDoNotDependOnBatching(architecture: TinyModel.Architecture) throws {
    let model = try DecoderModel(file: TinyModel.file(architecture, seed: 12))
    let exact = session(model), rounded = session(model, activations: .int8)
    try exact.evaluate([Self.tokens[0]])
    try rounded.evaluate([Self.tokens[0]])
    var worst: Float = 0
    for token in Self.tokens.dropFirst() {
      try exact.append(token)
      try rounded.append(token)
      let logits = Array(exact.logits)
      let spread = (logits.max() ?? 0) - (logits.min() ?? 0)
      worst = max(worst, maxAbsDiff(logits, Array(rounded.logits)) / spread)
    }
    #expect(worst > 0, "8-bit activations should change the logits a little")
    #expect(worst <= 0.05, "max |Δ| / spread \(worst) between Float and 8-bit activations")

    let batched = session(model, activations: .int8)
    try batched.evaluate(Self.tokens)
    let gap = maxAbsDiff(Array(batched.logits), Array(rounded.logits))
    #expect(gap <= 1e-2, "8-bit activations: batched vs single steps \(gap)")
  }

  @Test func contextOverflowIsAnErrorAndLeavesTheCacheUsable() throws {
    let model = try DecoderModel(file: TinyModel.file(.llama, seed: 13))
    let session = session(model, capacity: 8, batch: 4)
    #expect(throws: InferenceError.self) { try session.evaluate(Array(Self.tokens[..<9])) }
    try session.evaluate(Array(Self.tokens[..<8]))
    #expect(session.cachedTokens == Array(Self.tokens[..<8]))
    #expect(throws: InferenceError.self) { try session.append(5) }
    #expect(throws: InferenceError.self) { try session.evaluate([Int32(TinyModel.vocabularyCount)]) }
    #expect(throws: InferenceError.self) { try session.evaluate([]) }
    #expect(try session.evaluate(Array(Self.tokens[..<7]) + [9]) == 7)
  }

  @Test func cancellationStopsBetweenBatchesAndKeepsTheFinishedOnes() throws {
    let model = try DecoderModel(file: TinyModel.file(.qwen2, seed: 14))
    let session = session(model, batch: 4)
    var polls = 0
    #expect(throws: CancellationError.self) {
      try session.evaluate(Self.tokens) {
        polls += 1
        return polls > 2
      }
    }
    #expect(session.cachedTokens == Array(Self.tokens[..<8]))
    #expect(try session.evaluate(Self.tokens) == 8)
    let resumed = Array(session.logits)
    let fresh = self.session(model, batch: 4)
    try fresh.evaluate(Self.tokens)
    #expect(maxAbsDiff(resumed, Array(fresh.logits)) <= Self.orderTolerance)
  }

  @Test(arguments: TinyModel.Architecture.allCases)
  func seededSamplingRepeatsAndGreedyFollowsTheArgmax(architecture: TinyModel.Architecture) async throws {
    let file = try TinyModel.file(architecture, seed: 15)
    let generator = try Generator(file: file, threadCount: 2, contextCapacity: 64)
    var sampling = SamplingOptions()
    sampling.temperature = 4
    sampling.topK = 0
    sampling.topP = 1
    sampling.seed = 99
    let options = GenerationOptions(maxTokens: 12, sampling: sampling)
    let first = try await generator.generate("hello there", options: options)
    let second = try await generator.generate("hello there", options: options)
    #expect(first.tokens == second.tokens)
    #expect(first.tokens.count == 12 || first.finishReason != .maxTokens)
    sampling.seed = 100
    var differs = false
    for seed in UInt64(100)..<UInt64(105) where !differs {
      sampling.seed = seed
      let other = try await generator.generate(
        "hello there", options: GenerationOptions(maxTokens: 12, sampling: sampling))
      differs = other.tokens != first.tokens
    }
    #expect(differs, "five other seeds all drew the same 12 tokens")

    // Greedy decoding picks the argmax of the session's logits at every step.
    let greedy = try await generator.generate("hello there", options: GenerationOptions(maxTokens: 6))
    let model = try DecoderModel(file: file)
    let language = try LanguageModel(file: file)
    let session = session(model, activations: .int8)
    try session.evaluate(language.encode("hello there"))
    for token in greedy.tokens {
      let logits = Array(session.logits)
      let best = logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) }!
      #expect(Int32(best) == token)
      try session.append(token)
    }
  }
}
