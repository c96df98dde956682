// The model's owner at run time: one actor per loaded model, on a thread of its own, serving requests in order.

public import Basics

/// Generates text with one decoder model, one request at a time, on a dedicated thread.
///
/// Requests are served first come, first served. A request cancelled while waiting leaves the queue at once; one
/// cancelled while running stops before its next token, so the model is free for the next request within one
/// token's time. The KV cache persists between requests, so a prompt sharing a prefix with the previous one
/// evaluates only its new suffix.
///
/// - Important: The kernels block the generator's own thread (a ``DedicatedThreadExecutor``), never the
///   cooperative pool.
public actor Generator {
  private let executor: DedicatedThreadExecutor
  private let session: DecoderSession
  private let model: LanguageModel
  private let turnstile = FIFOTurnstile()

  /// The generator runs on its own thread.
  public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

  /// The model's hyperparameters.
  public nonisolated let config: DecoderConfig
  /// Bytes of weights one generated token reads.
  public nonisolated let weightByteCountPerToken: Int

  /// Loads the GGUF model and tokenizer in `file`.
  ///
  /// - Parameters:
  ///   - file: A GGUF file of a supported architecture.
  ///   - threadCount: Threads for the kernels.
  ///   - contextCapacity: Positions of the KV cache (prompt plus generated tokens).
  /// - Throws: ``InferenceError`` when the file cannot be read or its model is not supported.
  public init(file: MappedFile, threadCount: Int, contextCapacity: Int = 4096) throws {
    let model = try LanguageModel(file: file)
    self.model = model
    config = model.decoder.config
    weightByteCountPerToken = model.decoder.weightByteCountPerToken
    session = DecoderSession(model: model.decoder, contextCapacity: contextCapacity, threadCount: threadCount)
    executor = DedicatedThreadExecutor(name: "docent.generator")
  }

  /// Generates text after `prompt`.
  ///
  /// The prompt is tokenized with the model's tokenizer (adding a beginning-of-sequence token if the model asks
  /// for one, and reading special tokens such as `<|im_start|>`).
  ///
  /// - Parameters:
  ///   - prompt: The prompt text.
  ///   - options: Limits, sampling and stop sequences.
  ///   - onText: Called with each new piece of final text, on the generator's thread.
  /// - Returns: The generated text with its figures.
  /// - Throws: `CancellationError` when the calling task is cancelled, while waiting or between tokens;
  ///   ``InferenceError`` for an empty prompt.
  public nonisolated func generate(
    _ prompt: String, options: GenerationOptions = GenerationOptions(),
    onText: @escaping @Sendable (String) -> Void = { _ in }
  ) async throws -> GenerationResult {
    try await turnstile.enter()
    defer { turnstile.leave() }
    return try await run(prompt, options: options, onText: onText)
  }

  /// Token ids of `text` as the model sees it.
  public func tokenize(_ text: String) -> [Int32] { model.encode(text) }

  private func run(
    _ prompt: String, options: GenerationOptions, onText: @Sendable (String) -> Void
  ) throws -> GenerationResult {
    try Task.checkCancellation()
    let model = self.model
    return try session.generate(
      prompt: model.encode(prompt), options: options, endOfSequence: model.endOfGenerationTokenIDs,
      tokenBytes: { model.bytes(of: $0) }, onText: onText,
      isCancelled: { Task.isCancelled })
  }
}
