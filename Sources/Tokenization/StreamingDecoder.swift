/// Turns generated token ids into text as they arrive, never splitting a UTF-8 sequence between pieces.
///
/// Byte-fallback and byte-level tokens can end inside a multi-byte character (an emoji is often four byte tokens);
/// ``append(_:)`` holds such an unfinished sequence back until the tokens that complete it arrive, so a streaming
/// callback or a stop-sequence check only ever sees whole characters.
///
/// ```swift
/// var stream = StreamingDecoder(tokenizer: tokenizer)
/// for token in generated { send(stream.append(token)) }
/// send(stream.finish())
/// ```
public struct StreamingDecoder: Sendable {
  private let tokenizer: Tokenizer
  private let rendersSpecialTokens: Bool
  /// Bytes of an unfinished UTF-8 sequence at the end of the output so far.
  private var pending: [UInt8] = []

  /// Creates a decoder.
  ///
  /// - Parameter renderingSpecialTokens: Whether control tokens (`<|im_end|>`) appear as their text; generated
  ///   text usually leaves them out.
  public init(tokenizer: Tokenizer, renderingSpecialTokens: Bool = false) {
    self.tokenizer = tokenizer
    self.rendersSpecialTokens = renderingSpecialTokens
  }

  /// Adds one token and returns the text it completes: empty while a character is still unfinished.
  public mutating func append(_ token: TokenID) -> String {
    pending += tokenizer.pieceBytes(of: token, renderingSpecialTokens: rendersSpecialTokens)
    let complete = Self.completePrefixLength(of: pending)
    let text = String(decoding: pending[..<complete], as: UTF8.self)
    pending.removeFirst(complete)
    return text
  }

  /// Returns what is still held back, an unfinished sequence becoming U+FFFD, and empties the decoder.
  public mutating func finish() -> String {
    defer { pending = [] }
    return String(decoding: pending, as: UTF8.self)
  }

  /// The length of `bytes` without a trailing UTF-8 sequence that more bytes could still complete.
  static func completePrefixLength(of bytes: [UInt8]) -> Int {
    // Look back at most three bytes for the lead byte of the last sequence.
    var i = bytes.count - 1
    while i >= 0 && i >= bytes.count - 4 {
      let byte = bytes[i]
      if byte & 0xC0 != 0x80 {  // a lead byte (or ASCII)
        let needed: Int
        switch byte {
        case 0xC0...0xDF: needed = 2
        case 0xE0...0xEF: needed = 3
        case 0xF0...0xF7: needed = 4
        default: needed = 1  // ASCII, or a byte that starts nothing: complete as it is
        }
        return bytes.count - i < needed ? i : bytes.count
      }
      i -= 1
    }
    return bytes.count  // only continuation bytes: ill-formed whatever follows
  }
}
