import Foundation

/// Where Docent looks for model files: `$DOCENT_MODELS`, else `$XDG_CACHE_HOME/docent/models`, else
/// `~/.cache/docent/models`. `scripts/fetch-models.sh` unpacks the default models there.
///
/// Settings and command-line flags may point anywhere else; this type is the one place that knows the default.
public struct ModelsDirectory: Sendable, Hashable {
  /// The directory's absolute path.
  public var path: String

  /// A models directory at `path`.
  public init(path: String) { self.path = path }

  /// The directory named by the environment (see the type's summary).
  public static func fromEnvironment(_ environment: [String: String]? = nil) -> ModelsDirectory {
    let environment = environment ?? ProcessInfo.processInfo.environment
    if let path = environment["DOCENT_MODELS"], !path.isEmpty { return ModelsDirectory(path: path) }
    if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty {
      return ModelsDirectory(path: cache + "/docent/models")
    }
    return ModelsDirectory(path: HomeDirectory.path(environment) + "/.cache/docent/models")
  }

  /// The folder name of the sentence-embedding model (a sentence-transformers directory).
  public static let embeddingModelName = "all-MiniLM-L6-v2"

  /// The sentence-embedding model's directory inside this one.
  public var embeddingModelPath: String { path + "/" + Self.embeddingModelName }
}
