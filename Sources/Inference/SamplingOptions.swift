// How the next token is chosen from the logits.

/// The sampling settings of one generation request.
///
/// The defaults are greedy (temperature 0), so runs are reproducible. With a temperature above zero the pipeline
/// is llama.cpp's usual one: repetition penalty, top-k, temperature, top-p, then a draw from the seeded generator.
public struct SamplingOptions: Sendable, Equatable {
  /// Divides the logits before the softmax; `0` (or less) picks the most likely token (greedy).
  public var temperature: Float = 0
  /// Keep only the `topK` most likely tokens; `0` keeps all.
  public var topK: Int = 40
  /// Keep the smallest set of most likely tokens whose probabilities sum to at least `topP`; `1` keeps all.
  public var topP: Float = 0.95
  /// Divides positive logits (multiplies negative ones) of tokens seen in the last ``repetitionWindow`` tokens;
  /// `1` disables it.
  public var repetitionPenalty: Float = 1
  /// How many recent tokens (prompt and generated) the repetition penalty looks at.
  public var repetitionWindow: Int = 64
  /// Seeds the random draws, so the same request gives the same text.
  public var seed: UInt64 = 0

  /// Greedy decoding with no penalty.
  public init() {}

  /// Sets every field; omitted ones keep their defaults.
  public init(
    temperature: Float = 0, topK: Int = 40, topP: Float = 0.95, repetitionPenalty: Float = 1,
    repetitionWindow: Int = 64, seed: UInt64 = 0
  ) {
    self.temperature = temperature
    self.topK = topK
    self.topP = topP
    self.repetitionPenalty = repetitionPenalty
    self.repetitionWindow = repetitionWindow
    self.seed = seed
  }
}
