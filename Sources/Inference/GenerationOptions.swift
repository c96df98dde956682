// What one generation request asks for.

/// The settings of one generation request.
public struct GenerationOptions: Sendable, Equatable {
  /// The most tokens to generate.
  public var maxTokens: Int = 128
  /// How each token is chosen; greedy by default.
  public var sampling = SamplingOptions()
  /// Generation stops before the first occurrence of any of these strings; the stop string is not returned.
  public var stopSequences: [String] = []

  /// Sets every field; omitted ones keep their defaults.
  public init(maxTokens: Int = 128, sampling: SamplingOptions = SamplingOptions(), stopSequences: [String] = []) {
    self.maxTokens = maxTokens
    self.sampling = sampling
    self.stopSequences = stopSequences
  }
}

/// Why generation ended.
public enum FinishReason: String, Sendable, Equatable {
  /// The model produced an end-of-sequence token.
  case endOfSequence
  /// A stop sequence appeared (it is cut from the text).
  case stopSequence
  /// ``GenerationOptions/maxTokens`` tokens were generated.
  case maxTokens
  /// The context is full.
  case contextFull
}

/// The outcome of one generation request, with the figures `docent generate` prints.
public struct GenerationResult: Sendable, Equatable {
  /// The generated text, without any stop sequence.
  public var text: String
  /// The generated token ids (including those of a stop sequence, excluding an end-of-sequence token).
  public var tokens: [Int32]
  /// Why generation ended.
  public var finishReason: FinishReason
  /// Tokens of the prompt as evaluated (after any truncation to fit the context).
  public var promptTokenCount: Int
  /// Leading prompt tokens whose keys and values were reused from the previous request.
  public var reusedTokenCount: Int
  /// Prompt tokens dropped from the front to fit the context (see ``DecoderSession/generate(prompt:options:endOfSequence:tokenBytes:onText:isCancelled:)``).
  public var truncatedTokenCount: Int
  /// Time to evaluate the prompt (the suffix after the reused prefix) and get the first logits.
  public var promptDuration: Duration
  /// Time from the first logits to the end of generation.
  public var generationDuration: Duration

  /// Prompt tokens actually computed per second.
  public var promptTokensPerSecond: Double {
    Double(promptTokenCount - reusedTokenCount) / max(promptDuration.seconds, 1e-9)
  }
  /// Generated tokens per second.
  public var generationTokensPerSecond: Double {
    Double(tokens.count) / max(generationDuration.seconds, 1e-9)
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double {
    let (s, attoseconds) = components
    return Double(s) + Double(attoseconds) * 1e-18
  }
}
