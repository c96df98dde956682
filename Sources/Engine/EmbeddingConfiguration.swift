/// Which embedding model semantic search uses, and how it is loaded.
public struct EmbeddingConfiguration: Sendable {
  /// Makes the model; `nil` turns semantic search off.
  public var loader: EmbeddingModelLoader?
  /// The model's directory.
  public var modelPath: String

  /// A configuration; the default loads all-MiniLM-L6-v2 from the models directory the environment names.
  public init(
    loader: EmbeddingModelLoader? = .bert, modelPath: String = ModelsDirectory.fromEnvironment().embeddingModelPath
  ) {
    self.loader = loader
    self.modelPath = modelPath
  }

  /// Semantic search turned off.
  public static let disabled = EmbeddingConfiguration(loader: nil, modelPath: "")
}
