// The Engine's facade over the model runtime, in the terms the CLI and the server use.

import Basics
import Foundation
import Inference

/// A loaded completion model: generates text for prompts, one request at a time, first come first served.
///
/// Wraps `Inference.Generator`; see there for the queueing, cancellation and prefix-reuse behaviour.
public final class CompletionModel: Sendable {
  /// The settings of one request, in CLI and settings terms.
  public struct Request: Sendable {
    /// The prompt text (special tokens such as `<|im_start|>` are recognized).
    public var prompt: String
    /// The most tokens to generate.
    public var maxTokens = 128
    /// `0` for greedy decoding (the default, reproducible), else the sampling temperature.
    public var temperature: Float = 0
    /// Top-k cut-off when sampling; `0` disables it.
    public var topK = 40
    /// Top-p (nucleus) cut-off when sampling; `1` disables it.
    public var topP: Float = 0.95
    /// Repetition penalty over the last 64 tokens; `1` disables it.
    public var repetitionPenalty: Float = 1
    /// Seed of the sampler.
    public var seed: UInt64 = 0
    /// Strings that end generation (not included in the text).
    public var stopSequences: [String] = []

    /// A greedy request for `prompt`.
    public init(prompt: String) { self.prompt = prompt }
  }

  /// The outcome of one request.
  public struct Response: Sendable {
    /// The generated text.
    public var text: String
    /// Why generation ended: `endOfSequence`, `stopSequence`, `maxTokens` or `contextFull`.
    public var finishReason: String
    /// Prompt tokens after any truncation to fit the context.
    public var promptTokenCount: Int
    /// Prompt tokens reused from the previous request's cache.
    public var reusedPromptTokenCount: Int
    /// Prompt tokens computed per second.
    public var promptTokensPerSecond: Double
    /// Tokens generated.
    public var generatedTokenCount: Int
    /// Generated tokens per second.
    public var generationTokensPerSecond: Double
  }

  private let generator: Generator
  /// The model file's path.
  public let path: String

  /// Loads the GGUF model at `path`.
  ///
  /// - Parameters:
  ///   - path: A GGUF file (see ``ModelLocator``).
  ///   - threadCount: Threads for the kernels (default: the active processors).
  ///   - contextLength: Positions of the KV cache.
  /// - Throws: ``EngineError`` with code `modelFailed` when the file cannot be mapped, parsed or run.
  public init(path: String, threadCount: Int? = nil, contextLength: Int = 4096) throws {
    self.path = path
    let threads = threadCount ?? ProcessInfo.processInfo.activeProcessorCount
    do {
      generator = try Generator(
        file: try MappedFile(path: path), threadCount: max(1, threads), contextCapacity: contextLength)
    } catch {
      throw EngineError(.modelFailed, "cannot load the model \(path): \(error)")
    }
  }

  /// Generates text for `request`, streaming final text pieces to `onText` as they are produced.
  ///
  /// - Throws: `CancellationError` when the task is cancelled; ``EngineError`` (`modelFailed`) otherwise.
  public func generate(
    _ request: Request, onText: @escaping @Sendable (String) -> Void = { _ in }
  ) async throws -> Response {
    let options = GenerationOptions(
      maxTokens: request.maxTokens,
      sampling: SamplingOptions(
        temperature: request.temperature, topK: request.topK, topP: request.topP,
        repetitionPenalty: request.repetitionPenalty, seed: request.seed),
      stopSequences: request.stopSequences)
    let result: GenerationResult
    do {
      result = try await generator.generate(request.prompt, options: options, onText: onText)
    } catch let error as CancellationError {
      throw error
    } catch {
      throw EngineError(.modelFailed, "generation failed: \(error)")
    }
    return Response(
      text: result.text, finishReason: result.finishReason.rawValue, promptTokenCount: result.promptTokenCount,
      reusedPromptTokenCount: result.reusedTokenCount, promptTokensPerSecond: result.promptTokensPerSecond,
      generatedTokenCount: result.tokens.count, generationTokensPerSecond: result.generationTokensPerSecond)
  }
}
