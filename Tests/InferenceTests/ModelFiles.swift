import Basics
import Foundation
import Inference

/// The default models, loaded once per test process from the models directory (`$DOCENT_MODELS`, default
/// `~/.cache/docent/models`, filled by `scripts/fetch-models.sh`). A missing file fails the test that needs it.
enum ModelFiles {
  static let smolLM2 = "SmolLM2-135M-Instruct.Q4_1.gguf"
  static let gemma3 = "gemma-3-270m-q4_k_m.gguf"

  static var directory: String {
    let environment = ProcessInfo.processInfo.environment
    if let models = environment["DOCENT_MODELS"], !models.isEmpty { return models }
    let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory() + "/.cache"
    return cache + "/docent/models"
  }

  /// Loads `name` from the models directory.
  static func load(_ name: String) throws -> DecoderModel {
    let path = directory + "/" + name
    guard FileManager.default.fileExists(atPath: path) else {
      throw InferenceError("model \(path) is missing: run scripts/fetch-models.sh (or set DOCENT_MODELS)")
    }
    return try DecoderModel(file: MappedFile(path: path))
  }
}
