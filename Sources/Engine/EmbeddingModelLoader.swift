public import Retrieval

/// Makes the embedding model for semantic search from a model directory.
///
/// The server uses ``bert``; tests pass a deterministic fake so they need no model files.
public struct EmbeddingModelLoader: Sendable {
  /// Loads the model at a directory path; blocking, called on a thread of its own.
  public let load: @Sendable (String) throws -> any EmbeddingModel

  /// A loader from a closure.
  public init(load: @escaping @Sendable (String) throws -> any EmbeddingModel) { self.load = load }

  /// Loads all-MiniLM-L6-v2 (or any BERT sentence encoder) with ``BertEmbeddingModel``.
  public static let bert = EmbeddingModelLoader { try BertEmbeddingModel(directory: $0) }
}
