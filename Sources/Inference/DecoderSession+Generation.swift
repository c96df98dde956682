// The generation loop: prompt (with prefix reuse) → sample → append, until a stop condition.

extension DecoderSession {
  /// Generates text after `prompt`, streaming it as it becomes final.
  ///
  /// Context overflow: when `prompt.count + maxTokens` exceeds ``contextCapacity``, the **oldest prompt tokens are
  /// dropped** (after the first token, which is kept because it is usually the beginning-of-sequence token), so the
  /// text nearest the end of the prompt (for completion, the code around the cursor) is kept; `maxTokens` is
  /// first reduced to at most half the context. ``GenerationResult/truncatedTokenCount`` reports the drop.
  ///
  /// - Parameters:
  ///   - prompt: The prompt's token ids, including any beginning-of-sequence token.
  ///   - options: Limits, sampling and stop sequences.
  ///   - endOfSequence: Tokens that end generation (not included in the result).
  ///   - tokenBytes: The bytes a token stands for (its piece of UTF-8 text).
  ///   - onText: Called with each new piece of final text, on the calling thread.
  ///   - isCancelled: Polled between prompt batches and between tokens.
  /// - Returns: The text, tokens, finish reason and timings.
  /// - Throws: `CancellationError` when `isCancelled` turns true (the cache keeps what was computed);
  ///   ``InferenceError`` for an empty prompt or a bad token id.
  public func generate(
    prompt: [Int32], options: GenerationOptions, endOfSequence: Set<Int32>, tokenBytes: (Int32) -> [UInt8],
    onText: (String) -> Void = { _ in }, isCancelled: () -> Bool = { false }
  ) throws -> GenerationResult {
    guard !prompt.isEmpty else { throw InferenceError("the prompt has no tokens") }
    let clock = ContinuousClock()
    let maxTokens = max(0, min(options.maxTokens, contextCapacity / 2))
    var tokens = prompt
    var truncated = 0
    if tokens.count + maxTokens > contextCapacity {
      truncated = tokens.count + maxTokens - contextCapacity
      tokens.removeSubrange(1..<(1 + truncated))
    }

    let start = clock.now
    let reused = try evaluate(tokens, isCancelled: isCancelled)
    let promptEnd = clock.now

    let sampler = Sampler(options: options.sampling, vocabularyCount: model.config.vocabularyCount)
    var stream = TextStream(stopSequences: options.stopSequences)
    var generated: [Int32] = []
    generated.reserveCapacity(maxTokens)
    var reason = FinishReason.maxTokens
    while generated.count < maxTokens {
      if isCancelled() { throw CancellationError() }
      let token = sampler.sample(logits, history: tokens)
      if endOfSequence.contains(token) {
        reason = .endOfSequence
        break
      }
      generated.append(token)
      tokens.append(token)
      stream.append(tokenBytes(token))
      let piece = stream.takeStreamable()
      if !piece.isEmpty { onText(piece) }
      if stream.isStopped {
        reason = .stopSequence
        break
      }
      if generated.count == maxTokens { break }  // the last token's logits are never needed
      if cachedTokens.count >= contextCapacity {
        reason = .contextFull
        break
      }
      try append(token)
    }
    let piece = stream.takeStreamable(final: true)
    if !piece.isEmpty { onText(piece) }
    return GenerationResult(
      text: stream.text, tokens: generated, finishReason: reason, promptTokenCount: tokens.count - generated.count,
      reusedTokenCount: reused, truncatedTokenCount: truncated, promptDuration: promptEnd - start,
      generationDuration: clock.now - promptEnd)
  }
}
