import Foundation
import Tokenization

/// The three tokenizers over small vocabularies built here (no model file needed).
enum FuzzTokenizers {
  /// Byte-level BPE: every byte has a token, so decoding the encoding gives the text back exactly.
  static let byteLevel: [Tokenizer] = PreTokenizer.allCases.compactMap { pre in
    var tokens = ["<s>", "</s>", "<|im_start|>", "<|im_end|>"]
    var types = [TokenType](repeating: .control, count: tokens.count)
    let alphabet = gpt2ByteAlphabet()
    tokens += alphabet
    let merges = ["Ġ t", "h e", "Ġt he", "i n", "Ġ a", "e r", "Ġ 1", "f u", "fu n", "Ċ Ċ", "Ġ Ġ", "ĠĠ ĠĠ"]
    for merge in merges { tokens.append(merge.replacingOccurrences(of: " ", with: "")) }
    types += [TokenType](repeating: .normal, count: tokens.count - types.count)
    return try? Tokenizer(
      TokenizerConfiguration(
        model: .byteLevelBPE(pre), tokens: tokens, tokenTypes: types, merges: merges, bosTokenID: 0, eosTokenID: 1))
  }

  /// SentencePiece with `<0xXX>` byte fallback for every byte.
  static let sentencePieceTokenizer: Tokenizer? = {
    var tokens = ["<unk>", "<s>", "</s>", "▁", "▁the", "th", "he", "in", "▁a", "er", "func", "▁▁", "<|x|>"]
    var types = [TokenType](repeating: .normal, count: tokens.count)
    types[0] = .unknown
    types[1] = .control
    types[2] = .control
    types[12] = .userDefined
    var scores: [Float] = [0, 0, 0, -1, -2, -3, -3, -3, -2, -4, -1, -5, 0]
    for byte in 0..<256 {
      let hex = String(byte, radix: 16, uppercase: true)
      tokens.append("<0x" + (hex.count == 1 ? "0" + hex : hex) + ">")
      types.append(.byte)
      scores.append(0)
    }
    return try? Tokenizer(
      TokenizerConfiguration(
        model: .sentencePiece, tokens: tokens, tokenTypes: types, scores: scores, bosTokenID: 1, eosTokenID: 2,
        unknownTokenID: 0, addsBOS: true, addsSpacePrefix: true))
  }()

  static let wordPieceTokenizer: WordPieceTokenizer? = try? WordPieceTokenizer(vocabulary: [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "func", "##tion", "parse", "##js", "##on", "(", ")", "a",
    "##a", "##b", "b", "é", "中", "##s", "data", ".", ",", "_", "##_",
  ])

  /// The first byte picks the pre-tokenizer; the rest is text (invalid UTF-8 repaired as the server's strings are).
  static func bpe(_ bytes: [UInt8]) {
    guard let selector = bytes.first, !byteLevel.isEmpty else { return }
    let tokenizer = byteLevel[Int(selector) % byteLevel.count]
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let ids = tokenizer.encode(text, addingSpecialTokens: false)
    require(tokenizer.decode(ids) == text, "byte-level BPE did not round-trip \(Array(text.utf8))")
    var decoder = StreamingDecoder(tokenizer: tokenizer, renderingSpecialTokens: true)
    var streamed = ""
    for id in ids { streamed += decoder.append(id) }
    streamed += decoder.finish()
    require(streamed == text, "streaming decode differs from decode")
  }

  /// SentencePiece: the round trip holds for text without `▁` (the vocabulary's spelling of a space) and without
  /// special tokens (after each of which the space prefix is added again).
  static func sentencePiece(_ bytes: [UInt8]) {
    guard let tokenizer = sentencePieceTokenizer else { return }
    let text = String(decoding: bytes, as: UTF8.self)
    let ids = tokenizer.encode(text, addingSpecialTokens: false)
    if !text.contains("▁") && !text.contains("<") {
      require(tokenizer.decode(ids) == text, "SentencePiece did not round-trip \(Array(text.utf8))")
    }
    _ = tokenizer.encode(text)
    _ = tokenizer.decode(ids.map { $0 &+ 1 })  // ids out of range at the top are skipped, not trapped on
  }

  /// WordPiece: every id is in the vocabulary and `maxLength` is honoured.
  static func wordPiece(_ bytes: [UInt8]) {
    guard let tokenizer = wordPieceTokenizer else { return }
    let text = String(decoding: bytes, as: UTF8.self)
    let ids = tokenizer.encode(text, maxLength: 16)
    require(ids.count <= 16, "\(ids.count) ids for a maximum of 16")
    require(ids.allSatisfy { $0 >= 0 && $0 < 25 }, "an id outside the vocabulary")
    _ = tokenizer.tokenize(text)
  }

  /// GPT-2's byte-to-character table (the printable Latin-1 bytes stand for themselves; the others for U+0100 on).
  static func gpt2ByteAlphabet() -> [String] {
    var next: UInt32 = 256
    return (0...255).map { (byte: Int) -> String in
      let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
      if printable { return String(Character(Unicode.Scalar(UInt8(byte)))) }
      defer { next += 1 }
      return Unicode.Scalar(next).map { String(Character($0)) } ?? ""
    }
  }
}
