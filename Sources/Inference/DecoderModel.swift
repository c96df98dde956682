// A decoder-only transformer (llama, qwen2, gemma3) loaded from GGUF: configuration plus weights that stay in the
// memory-mapped file. The forward pass lives in `DecoderSession`, which owns the mutable state.

import Basics

/// A decoder model: its hyperparameters and weights, immutable once loaded.
///
/// The weight matrices point into the mapped file, which the model keeps alive; loading copies only the norm
/// vectors and biases. Create a ``DecoderSession`` to evaluate tokens.
public final class DecoderModel {
  /// The hyperparameters.
  public let config: DecoderConfig
  let weights: DecoderWeights
  /// The mapped file the weights point into; kept for the model's lifetime.
  let file: MappedFile

  /// Builds a model from hyperparameters and a tensor lookup over `file`.
  ///
  /// - Parameters:
  ///   - config: The hyperparameters.
  ///   - file: The mapped file that holds the tensors' bytes.
  ///   - tensor: The tensor called `name`, or `nil` when absent.
  /// - Throws: ``InferenceError`` for a missing tensor or one whose shape or type does not fit `config`.
  init(config: DecoderConfig, file: MappedFile, tensor: (String) throws -> TensorData?) throws {
    self.config = config
    self.file = file
    weights = try DecoderWeights(config: config, tensor: tensor)
  }

  /// Bytes of the weight matrices one token's forward pass reads (all layers plus the output head), the figure
  /// behind the memory-bandwidth bound of generation.
  public var weightByteCountPerToken: Int {
    var total = weights.output.rowByteCount * weights.output.rowCount
    for layer in weights.layers {
      for matrix in [layer.attnQ, layer.attnK, layer.attnV, layer.attnOutput, layer.ffnGate, layer.ffnUp, layer.ffnDown] {
        total += matrix.rowByteCount * matrix.rowCount
      }
    }
    return total
  }
}
