import Basics
import Testing

@testable import Inference

/// Sampling, text streaming and request queueing, without a model.
@Suite struct GenerationUnitTests {
  func sample(_ logits: [Float], _ options: SamplingOptions, history: [Int32] = []) -> Int32 {
    var copy = logits
    let sampler = Sampler(options: options, vocabularyCount: logits.count)
    return copy.withUnsafeMutableBufferPointer { sampler.sample($0, history: history) }
  }

  @Test func greedyPicksTheLargestLogitAndTheLowestIndexOnTies() {
    #expect(sample([0.1, 3, -1, 2.9], SamplingOptions()) == 1)
    #expect(sample([1, 5, 5, 2], SamplingOptions()) == 1)
  }

  @Test func repetitionPenaltyDemotesRecentTokens() {
    // 3 / 1.5 = 2 < 2.5, so the penalized token loses its lead.
    #expect(sample([0, 3, 2.5], SamplingOptions(repetitionPenalty: 1.5), history: [1]) == 2)
    #expect(sample([0, 3, 2.5], SamplingOptions(repetitionPenalty: 1.5), history: [0]) == 1)
  }

  @Test func seededSamplingIsReproducibleAndTopKOneIsGreedy() {
    let logits: [Float] = (0..<100).map { Float(($0 * 37) % 11) / 3 }
    let options = SamplingOptions(temperature: 1.2, topK: 0, topP: 1, seed: 42)
    let first = (0..<20).map { _ in sample(logits, options) }
    let second = (0..<20).map { _ in sample(logits, options) }
    #expect(first == second)
    #expect(sample(logits, SamplingOptions(temperature: 5, topK: 1, seed: 7)) == sample(logits, SamplingOptions()))
    // A generator draws differently under another seed somewhere among many draws.
    let sampler = Sampler(options: SamplingOptions(temperature: 1, topK: 0, topP: 1, seed: 1), vocabularyCount: 100)
    var copy = logits
    let draws = Set((0..<50).map { _ in copy.withUnsafeMutableBufferPointer { sampler.sample($0, history: []) } })
    #expect(draws.count > 3)
  }

  @Test func topPKeepsOnlyTheSmallestNucleus() {
    // Token 0 has ~99.99% of the mass: with top-p 0.5 nothing else can be drawn.
    let logits: [Float] = [20, 0, 0, 0, 0]
    for seed in 0..<20 {
      #expect(sample(logits, SamplingOptions(temperature: 1, topK: 0, topP: 0.5, seed: UInt64(seed))) == 0)
    }
  }

  @Test func textStreamJoinsSplitCharactersAndCutsStopSequences() {
    var stream = TextStream(stopSequences: ["\n\n", "END"])
    let euro = Array("€".utf8)  // three bytes, split across two tokens
    stream.append([UInt8(ascii: "a")] + euro[..<2])
    #expect(stream.takeStreamable() == "a")
    stream.append(Array(euro[2...]) + Array("b E".utf8))
    // "E" might start "END": held back.
    #expect(stream.takeStreamable() == "€b ")
    stream.append(Array("NDx".utf8))
    #expect(stream.isStopped)
    #expect(stream.text == "a€b ")
    #expect(stream.takeStreamable(final: true) == "")
  }

  @Test func textStreamFlushesHeldBackTextAtTheEnd() {
    var stream = TextStream(stopSequences: ["\n\n"])
    stream.append(Array("line\n".utf8))
    #expect(stream.takeStreamable() == "line")
    #expect(stream.takeStreamable(final: true) == "\n")
    #expect(!stream.isStopped)
  }

  @Test func gemmaLayersFollowTheFiveLocalOneGlobalPattern() throws {
    let values: [String: Int] = [
      "gemma3.block_count": 18, "gemma3.embedding_length": 640, "gemma3.feed_forward_length": 2048,
      "gemma3.attention.head_count": 4, "gemma3.attention.head_count_kv": 1, "gemma3.attention.key_length": 256,
      "gemma3.context_length": 32768, "gemma3.attention.sliding_window": 512,
    ]
    let config = try DecoderConfig(
      architecture: "gemma3", vocabularyCount: 262_144, integer: { values[$0] }, float: { _ in nil })
    #expect((0..<18).filter { !config.isSlidingWindowLayer($0) } == [5, 11, 17])
    #expect(config.ropeBaseLocal == 10_000)
    #expect(config.attentionScale == 1.0 / 16)
    #expect(throws: InferenceError.self) {
      try DecoderConfig(architecture: "mamba", vocabularyCount: 10, integer: { values[$0] }, float: { _ in nil })
    }
  }

  @Test func turnstileServesInArrivalOrderAndDropsCancelledWaiters() async throws {
    let turnstile = FIFOTurnstile()
    try await turnstile.enter()  // held: everyone below waits
    actor Order {
      var values: [Int] = []
      func append(_ value: Int) { values.append(value) }
    }
    let order = Order()
    var tasks: [Task<Void, any Error>] = []
    for i in 0..<4 {
      tasks.append(
        Task {
          try await turnstile.enter()
          await order.append(i)
          turnstile.leave()
        })
      // Let task i reach the queue before task i+1 starts.
      while true {
        try await Task.sleep(for: .milliseconds(1))
        if turnstile.waiterCount == i + 1 { break }
      }
    }
    tasks[2].cancel()
    await #expect(throws: CancellationError.self) { try await tasks[2].value }
    turnstile.leave()
    for (i, task) in tasks.enumerated() where i != 2 { try await task.value }
    #expect(await order.values == [0, 1, 3])
  }
}
