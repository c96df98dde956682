// `docent bench model`: prompt processing, generation and time to first token after an edit, on one model, with
// the same token counts the llama.cpp peer (scripts/bench_model_peer.py) uses.

import Basics
import Foundation
import Inference

/// Times the decoder the way `scripts/bench-model.sh` times llama.cpp beside it.
///
/// Every figure is the best of `repetitions` runs, so a briefly busy machine shows as a slower best rather than
/// noise. Token ids come from the model's tokenizer over `text`, repeated if short.
public enum ModelBenchmark {
  /// The figures of one run.
  public struct Report: Sendable {
    /// Tokens of the prompt-processing run.
    public var promptTokenCount: Int
    /// Prompt tokens per second (one evaluation from an empty cache).
    public var promptTokensPerSecond: Double
    /// Tokens of the generation run.
    public var generatedTokenCount: Int
    /// Generated tokens per second (one single-token forward pass and greedy pick per token).
    public var generationTokensPerSecond: Double
    /// Tokens of the cached prompt in the edit run.
    public var cachedPromptTokenCount: Int
    /// Tokens changed at its end.
    public var editedTokenCount: Int
    /// Seconds from submitting the edited prompt to having its first new token.
    public var timeToFirstTokenAfterEdit: Double
    /// Weight bytes one generated token reads.
    public var weightBytesPerToken: Int
    /// Threads used.
    public var threadCount: Int

    /// Weight bytes read per second while generating, in GB/s.
    public var generationWeightGigabytesPerSecond: Double {
      Double(weightBytesPerToken) * generationTokensPerSecond / 1e9
    }
  }

  /// Runs the three measurements on the GGUF model at `path`.
  ///
  /// - Parameters:
  ///   - path: The model file.
  ///   - text: Text whose tokens (repeated as needed) form the prompts.
  ///   - threadCount: Threads for the kernels.
  ///   - promptTokens: Tokens of the prompt-processing run (512).
  ///   - generatedTokens: Tokens of the generation run (128).
  ///   - cachedTokens: Tokens of the cached prompt (1000).
  ///   - editedTokens: Tokens replaced at its end (20).
  ///   - repetitions: Runs per measurement; the best counts.
  /// - Throws: ``EngineError`` (`modelFailed`) when the model cannot be loaded.
  public static func run(
    path: String, text: String, threadCount: Int, promptTokens: Int = 512, generatedTokens: Int = 128,
    cachedTokens: Int = 1000, editedTokens: Int = 20, repetitions: Int = 3
  ) throws -> Report {
    let languageModel: LanguageModel
    do {
      languageModel = try LanguageModel(file: try MappedFile(path: path))
    } catch {
      throw EngineError(.modelFailed, "cannot load the model \(path): \(error)")
    }
    let model = languageModel.decoder
    var source = languageModel.encode(text)
    guard !source.isEmpty else { throw EngineError(.invalidArgument, "the benchmark text has no tokens") }
    while source.count < max(promptTokens, cachedTokens) + editedTokens { source += source }
    let clock = ContinuousClock()
    let session = DecoderSession(
      model: model, contextCapacity: max(promptTokens + generatedTokens + 16, cachedTokens) + 16, batchCapacity: 512,
      threadCount: threadCount)

    func best(_ body: () throws -> Duration) rethrows -> Double {
      var fastest = Double.infinity
      for _ in 0..<max(1, repetitions) { let (seconds, attoseconds) = try body().components
        fastest = min(fastest, Double(seconds) + Double(attoseconds) * 1e-18) }
      return fastest
    }
    func argmax() -> Int32 {
      let logits = session.logits
      var bestIndex = 0
      for i in 1..<logits.count where logits[i] > logits[bestIndex] { bestIndex = i }
      return Int32(bestIndex)
    }

    do {
      // Prompt processing from an empty cache.
      let prompt = Array(source[..<promptTokens])
      let promptSeconds = try best {
        session.reset()
        return try clock.measure { try session.evaluate(prompt) }
      }
      // Generation: greedy single-token steps after a 16-token prompt.
      let generationSeconds = try best {
        session.reset()
        try session.evaluate(Array(source[..<16]))
        return try clock.measure {
          for _ in 0..<generatedTokens { try session.append(argmax()) }
        }
      }
      // Time to first token after editing the end of a cached prompt.
      let cached = Array(source[..<cachedTokens])
      var edited = cached
      edited.replaceSubrange((cachedTokens - editedTokens)..., with: source[cachedTokens..<(cachedTokens + editedTokens)])
      let editSeconds = try best {
        session.reset()
        try session.evaluate(cached)
        return try clock.measure {
          try session.evaluate(edited)
          _ = argmax()
        }
      }
      return Report(
        promptTokenCount: promptTokens, promptTokensPerSecond: Double(promptTokens) / promptSeconds,
        generatedTokenCount: generatedTokens, generationTokensPerSecond: Double(generatedTokens) / generationSeconds,
        cachedPromptTokenCount: cachedTokens, editedTokenCount: editedTokens, timeToFirstTokenAfterEdit: editSeconds,
        weightBytesPerToken: model.weightByteCountPerToken, threadCount: threadCount)
    } catch {
      throw EngineError(.modelFailed, "the benchmark failed: \(error)")
    }
  }
}
