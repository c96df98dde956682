// Loading a decoder from a GGUF file: hyperparameters from metadata, tensors by name.

public import Basics
import GGUF

extension DecoderModel {
  /// Loads the GGUF model in `file`, pointing at its tensors in place.
  ///
  /// - Throws: ``InferenceError`` for a malformed file, an unsupported architecture, missing metadata or tensors,
  ///   or tensors whose shape or type does not fit.
  public convenience init(file: MappedFile) throws {
    let gguf: GGUFFile
    do {
      gguf = try GGUFFile(file: file)
    } catch {
      throw InferenceError("\(file.name) is not a readable GGUF file: \(error)")
    }
    try self.init(gguf: gguf)
  }

  /// Loads the model in `gguf`, reading hyperparameters from its metadata and pointing at its tensors in place.
  ///
  /// - Throws: ``InferenceError`` for an unsupported architecture, missing metadata or tensors, or tensors whose
  ///   shape or type does not fit; `GGUFError` for a malformed file.
  convenience init(gguf: GGUFFile) throws {
    let architecture = try gguf.architecture()
    guard let embedding = gguf.tensorInfo(named: "token_embd.weight"), embedding.shape.count == 2 else {
      throw InferenceError("the model file lacks a two-dimensional 'token_embd.weight'")
    }
    let config = try DecoderConfig(
      architecture: architecture, vocabularyCount: embedding.shape[1],
      integer: { gguf.metadata[$0]?.int }, float: { gguf.metadata[$0]?.float })
    try self.init(config: config, file: gguf.file) { name in
      guard gguf.tensorInfo(named: name) != nil else { return nil }
      let tensor = try gguf.tensor(named: name)
      return TensorData(typeID: tensor.type.rawValue, shape: tensor.shape, bytes: tensor.bytes)
    }
  }
}
