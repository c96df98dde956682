import Basics
public import Retrieval

/// A deterministic stand-in for a sentence-embedding model: a hashed bag of character trigrams, L2-normalized.
///
/// Each lowercased UTF-8 trigram of `" " + text + " "` adds ±1 to one of ``dimension`` buckets (bucket and sign
/// from its XXH64 hash), so texts sharing many trigrams get a high cosine similarity and unrelated texts one near
/// zero. Lets `Retrieval` and `Engine` be tested without model files; the vectors mean nothing beyond that.
public struct TrigramEmbedder: EmbeddingModel {
  public let dimension: Int
  public var identifier: String { "trigram-\(dimension)" }

  /// Creates an embedder of `dimension` buckets.
  public init(dimension: Int = 64) { self.dimension = max(dimension, 1) }

  public func embed(_ texts: [String]) async throws -> [[Float]] {
    try texts.map { text in
      try Task.checkCancellation()
      return vector(for: text)
    }
  }

  /// The vector of one text, synchronously.
  public func vector(for text: String) -> [Float] {
    var vector = [Float](repeating: 0, count: dimension)
    let bytes = Array((" " + text.lowercased() + " ").utf8)
    if bytes.count >= 3 {
      for start in 0...(bytes.count - 3) {
        let hash = XXHash64.hash(bytes[start..<start + 3])
        vector[Int(hash % UInt64(dimension))] += (hash >> 63) == 0 ? 1 : -1
      }
    }
    let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return norm > 0 ? vector.map { $0 / norm } : vector
  }
}
