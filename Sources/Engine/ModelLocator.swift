// Where model files live. Only Workspace, Engine, Server and docent choose paths; the model runtime gets a
// MappedFile.

import Foundation

/// Finds model files: the models directory and the default completion model in it.
///
/// The directory is `$DOCENT_MODELS`, or `${XDG_CACHE_HOME:-~/.cache}/docent/models`, the place
/// `scripts/fetch-models.sh` fills. An explicit path (`--model PATH`, a setting) always wins.
public enum ModelLocator {
  /// The completion model used when none is configured.
  public static let defaultCompletionModelFileName = "SmolLM2-135M-Instruct.Q4_1.gguf"

  /// The models directory for `environment` (default: the process's).
  public static func modelsDirectory(environment: [String: String]? = nil) -> String {
    ModelsDirectory.fromEnvironment(environment).path
  }

  /// The completion model's path: `explicitPath` when given, else the default model in the models directory.
  ///
  /// - Throws: ``EngineError`` with code `modelNotFound` when the file does not exist, saying where it was looked
  ///   for and how to get it.
  public static func completionModelPath(
    explicitPath: String? = nil, environment: [String: String]? = nil
  ) throws -> String {
    let path = explicitPath ?? modelsDirectory(environment: environment) + "/" + defaultCompletionModelFileName
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      let hint =
        explicitPath == nil
        ? "run scripts/fetch-models.sh, set DOCENT_MODELS to the directory holding it, or pass --model PATH"
        : "check the path"
      throw EngineError(.modelNotFound, "no model file at \(path): \(hint)")
    }
    return path
  }
}
