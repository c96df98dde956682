import Basics
import Foundation
import Inference
import Synchronization
import Testing
import TestSupport

/// The generator end to end on SmolLM2: streaming, stop sequences, limits, prefix reuse and cancellation.
@Suite(.offCooperativePool) struct GeneratorTests {
  static func makeGenerator() throws -> Generator {
    let path = ModelFiles.directory + "/" + ModelFiles.smolLM2
    guard FileManager.default.fileExists(atPath: path) else {
      throw InferenceError("model \(path) is missing: run scripts/fetch-models.sh (or set DOCENT_MODELS)")
    }
    return try Generator(file: MappedFile(path: path), threadCount: 2, contextCapacity: 512)
  }

  @Test func streamsTheSameTextItReturnsAndReusesThePromptPrefix() async throws {
    let generator = try Self.makeGenerator()
    let streamed = Mutex<String>("")
    let first = try await generator.generate(
      "The capital of France is", options: GenerationOptions(maxTokens: 12)
    ) { piece in streamed.withLock { $0 += piece } }
    #expect(first.text == streamed.withLock { $0 })
    #expect(first.text.hasPrefix(" Paris"))
    #expect(first.finishReason == .maxTokens)
    #expect(first.tokens.count == 12)
    #expect(first.reusedTokenCount == 0)

    // The same prompt again: all but the last prompt token come from the cache, and greedy output repeats.
    let second = try await generator.generate("The capital of France is", options: GenerationOptions(maxTokens: 12))
    #expect(second.reusedTokenCount == second.promptTokenCount - 1)
    #expect(second.text == first.text)
  }

  @Test func stopSequencesEndGenerationAndAreCut() async throws {
    let generator = try Self.makeGenerator()
    let result = try await generator.generate(
      "The capital of France is", options: GenerationOptions(maxTokens: 40, stopSequences: ["."]))
    #expect(result.finishReason == .stopSequence)
    #expect(result.text == " Paris")
  }

  @Test func overlongPromptsLoseTheirOldestTokens() async throws {
    let generator = try Self.makeGenerator()
    let prompt = String(repeating: "one two three four five six seven eight nine ten ", count: 80)
    let result = try await generator.generate(prompt, options: GenerationOptions(maxTokens: 8))
    #expect(result.truncatedTokenCount > 0)
    #expect(result.promptTokenCount + 8 <= 512)
    #expect(result.tokens.count == 8)
  }

  @Test func cancellingARunningRequestFreesTheModelForTheNext() async throws {
    let generator = try Self.makeGenerator()
    let started = Mutex(false)
    let long = Task {
      try await generator.generate("Once upon a time", options: GenerationOptions(maxTokens: 400)) { _ in
        started.withLock { $0 = true }
      }
    }
    while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
    let next = Task { try await generator.generate("Hello", options: GenerationOptions(maxTokens: 2)) }
    long.cancel()
    await #expect(throws: CancellationError.self) { try await long.value }
    let result = try await next.value
    #expect(result.tokens.count == 2)
  }
}
