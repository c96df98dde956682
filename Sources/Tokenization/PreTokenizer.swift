/// How byte-level BPE splits text into words before merging, named as in GGUF's `tokenizer.ggml.pre`.
///
/// Each case reproduces the splitting regular expression of its model family (and llama.cpp's hand-written
/// matcher for it) with Unicode categories from `Unicode.Scalar.Properties`:
///
/// - `gpt2`: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)`
/// - `smollm`: every `\p{N}` on its own first, then `gpt2` within the rest (StarCoder's splitting).
/// - `llamaBPE` (Llama 3): `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
/// - `qwen2`: as `llamaBPE` with single digits (`\p{N}` instead of `\p{N}{1,3}`).
public enum PreTokenizer: String, Sendable, CaseIterable {
  case gpt2
  case smollm
  case qwen2
  case llamaBPE = "llama-bpe"

  /// Whether a word that is already a whole token skips merging (Llama 3's `ignore_merges`).
  public var ignoresMerges: Bool { self == .llamaBPE }

  /// Splits `scalars` into words.
  ///
  /// - Returns: Consecutive, non-empty ranges of scalar indices that cover `scalars`.
  /// - Complexity: O(*n*).
  func split(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
    let classes = scalars.map(CharacterClass.init)
    var splitter = WordSplitter(scalars: scalars, classes: classes)
    switch self {
    case .gpt2:
      splitter.splitGPT2(0..<scalars.count)
    case .smollm:
      for piece in WordSplitter.isolatingNumbers(classes) { splitter.splitGPT2(piece) }
    case .qwen2:
      splitter.splitLlama3(0..<scalars.count, maximumDigits: 1)
    case .llamaBPE:
      splitter.splitLlama3(0..<scalars.count, maximumDigits: 3)
    }
    return splitter.words
  }
}
