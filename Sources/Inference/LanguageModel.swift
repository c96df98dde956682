// A GGUF file's decoder together with its tokenizer: what generation needs, loaded in one step.

public import Basics
import GGUF
import Tokenization

/// A decoder model and the tokenizer from the same GGUF file.
public final class LanguageModel {
  /// The decoder.
  public let decoder: DecoderModel
  let tokenizer: Tokenizer

  /// Parses `file` once and builds both the decoder and the tokenizer from it.
  ///
  /// - Throws: ``InferenceError`` when the file is not GGUF or its model or tokenizer is not supported.
  public init(file: MappedFile) throws {
    let gguf: GGUFFile
    do {
      gguf = try GGUFFile(file: file)
    } catch {
      throw InferenceError("\(file.name) is not a readable GGUF file: \(error)")
    }
    decoder = try DecoderModel(gguf: gguf)
    tokenizer = try Tokenizer(gguf: gguf)
  }

  /// Token ids of `text`, with the beginning-of-sequence token if the model wants one and special tokens such as
  /// `<|im_start|>` recognized.
  public func encode(_ text: String) -> [Int32] { tokenizer.encode(text) }

  /// The bytes token `token` stands for (special tokens render as nothing).
  public func bytes(of token: Int32) -> [UInt8] { tokenizer.pieceBytes(of: token, renderingSpecialTokens: false) }

  /// Tokens that end generation (end-of-sequence, end-of-turn and similar).
  public var endOfGenerationTokenIDs: Set<Int32> { tokenizer.endOfGenerationTokenIDs }
}
