// Builds a WordPieceTokenizer from a BERT model directory: the vocabulary from vocab.txt (one token per line,
// id = line number) or tokenizer.json's `model.vocab`, and the options from tokenizer.json when it is there.

public import Foundation
public import Tokenization

extension WordPieceTokenizer {
  /// Loads the tokenizer of the BERT model in `directory`.
  ///
  /// Options come from `tokenizer.json` (`normalizer`: `lowercase`, `strip_accents`, `handle_chinese_chars`,
  /// `clean_text`; `model`: `unk_token`, `continuing_subword_prefix`, `max_input_chars_per_word`;
  /// `added_tokens` as the special tokens) when present, else BERT-uncased defaults. The vocabulary comes from
  /// `vocab.txt`, else from `tokenizer.json`.
  ///
  /// - Throws: ``InferenceError`` when neither file can be read or they are malformed.
  public static func load(modelDirectory directory: URL) throws -> WordPieceTokenizer {
    var configuration = Configuration()
    var vocabulary: [String]?
    let jsonURL = directory.appendingPathComponent("tokenizer.json")
    if let data = try? Data(contentsOf: jsonURL) {
      guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw InferenceError("\(jsonURL.path) is not a JSON object")
      }
      if let normalizer = root["normalizer"] as? [String: Any] {
        if let value = normalizer["lowercase"] as? Bool { configuration.lowercases = value }
        if let value = normalizer["strip_accents"] as? Bool { configuration.stripsAccents = value }
        if let value = normalizer["handle_chinese_chars"] as? Bool { configuration.splitsCJKCharacters = value }
        if let value = normalizer["clean_text"] as? Bool { configuration.cleansText = value }
      }
      if let model = root["model"] as? [String: Any] {
        if let type = model["type"] as? String, type != "WordPiece" {
          throw InferenceError("\(jsonURL.path): model type \(type) is not WordPiece")
        }
        if let value = model["unk_token"] as? String { configuration.unknownToken = value }
        if let value = model["continuing_subword_prefix"] as? String { configuration.continuationPrefix = value }
        if let value = model["max_input_chars_per_word"] as? Int { configuration.maximumCharactersPerWord = value }
        if let vocab = model["vocab"] as? [String: Any] {
          var tokens = [String](repeating: "", count: vocab.count)
          for (token, id) in vocab {
            guard let id = id as? Int, id >= 0, id < vocab.count else {
              throw InferenceError("\(jsonURL.path): vocabulary ids are not 0..<\(vocab.count)")
            }
            tokens[id] = token
          }
          vocabulary = tokens
        }
      }
      if let added = root["added_tokens"] as? [[String: Any]] {
        configuration.specialTokens = added.compactMap { $0["content"] as? String }
      }
    }
    let vocabURL = directory.appendingPathComponent("vocab.txt")
    if let text = try? String(contentsOf: vocabURL, encoding: .utf8) {
      var lines = text.components(separatedBy: "\n")
      if lines.last == "" { lines.removeLast() }
      vocabulary = lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    }
    guard let vocabulary else {
      throw InferenceError("\(directory.path) has neither vocab.txt nor a WordPiece tokenizer.json")
    }
    do {
      return try WordPieceTokenizer(vocabulary: vocabulary, configuration: configuration)
    } catch {
      throw InferenceError("\(directory.path): \(error.message)")
    }
  }
}
