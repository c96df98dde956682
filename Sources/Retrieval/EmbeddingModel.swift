/// Turns texts into fixed-size vectors whose dot products measure semantic similarity.
///
/// `Retrieval` declares the protocol and never sees a model: `Engine` adapts the BERT encoder to it, and tests use
/// a deterministic fake, so the vector index is tested without model files.
///
/// Vectors need not be normalized; ``VectorIndex`` L2-normalizes what it stores and every query, so its scores are
/// cosine similarities.
public protocol EmbeddingModel: Sendable {
  /// Names the model and its revision; vectors made by another identifier are not comparable and are discarded.
  var identifier: String { get }
  /// The length of every vector ``embed(_:)`` returns.
  var dimension: Int { get }
  /// Embeds a batch of texts.
  ///
  /// - Parameter texts: The texts, in any number; the model splits them into batches of its own size.
  /// - Returns: One vector of ``dimension`` floats per text, in order.
  /// - Throws: `CancellationError` when the calling task is cancelled between batches, or the model's own error.
  func embed(_ texts: [String]) async throws -> [[Float]]
}
