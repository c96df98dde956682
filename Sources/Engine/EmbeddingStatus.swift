/// Where semantic search stands: whether a model is loaded and how many chunks have vectors.
public struct EmbeddingStatus: Sendable, Hashable {
  /// The stage of the embedding model and the vectors.
  public enum Phase: String, Sendable, Hashable {
    /// Semantic search is turned off (no model configured).
    case disabled
    /// The model is being loaded.
    case loading
    /// The model could not be loaded; search is lexical. ``EmbeddingStatus/message`` says why.
    case unavailable
    /// Chunks are being embedded; search stays lexical by default until they are done.
    case embedding
    /// Every chunk has a vector; search is hybrid by default.
    case ready
  }

  public var phase: Phase
  /// Chunks with a vector, over all roots.
  public var embeddedChunkCount: Int
  /// Why the model is unavailable, for the user.
  public var message: String?

  /// Creates a status.
  public init(phase: Phase, embeddedChunkCount: Int = 0, message: String? = nil) {
    self.phase = phase
    self.embeddedChunkCount = embeddedChunkCount
    self.message = message
  }
}
