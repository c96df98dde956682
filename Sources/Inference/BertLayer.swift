// The weights of one BERT transformer layer, packed for Dense.matmul at load time.

import Kernels
import Safetensors

/// One encoder layer: fused Q/K/V projection, attention output, feed-forward, two LayerNorms (post-norm).
struct BertLayer: Sendable {
  /// [hidden] -> [3 · hidden]: the query, key and value projections side by side (rows q | k | v).
  let qkv: Dense.PackedMatrix
  /// [3 · hidden]
  let qkvBias: [Float]
  /// [hidden] -> [hidden]
  let attentionOutput: Dense.PackedMatrix
  let attentionOutputBias: [Float]
  let attentionNormWeight: [Float]
  let attentionNormBias: [Float]
  /// [hidden] -> [intermediate], GELU applied on store.
  let intermediate: Dense.PackedMatrix
  let intermediateBias: [Float]
  /// [intermediate] -> [hidden]
  let output: Dense.PackedMatrix
  let outputBias: [Float]
  let outputNormWeight: [Float]
  let outputNormBias: [Float]

  /// Reads layer `index` (`{prefix}encoder.layer.{index}.…`), checking every shape against `configuration`.
  init(_ file: SafetensorsFile, prefix: String, index: Int, configuration c: BertConfiguration) throws {
    let p = "\(prefix)encoder.layer.\(index)."
    let h = c.hiddenSize, i = c.intermediateSize
    func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
      let info = try file.info(p + name)
      guard info.shape == shape else {
        throw InferenceError("tensor \(p + name) has shape \(info.shape), expected \(shape) from config.json")
      }
      return try file.floats(p + name)
    }
    func packed(_ name: String, outputs: Int, inputs: Int) throws -> Dense.PackedMatrix {
      let w = try tensor(name, [outputs, inputs])
      return w.withUnsafeBufferPointer { Dense.PackedMatrix(transposing: $0.baseAddress!, outputCount: outputs, inputCount: inputs) }
    }
    let qkvWeights = try tensor("attention.self.query.weight", [h, h]) + tensor("attention.self.key.weight", [h, h])
      + tensor("attention.self.value.weight", [h, h])
    qkv = qkvWeights.withUnsafeBufferPointer {
      Dense.PackedMatrix(transposing: $0.baseAddress!, outputCount: 3 * h, inputCount: h)
    }
    qkvBias = try tensor("attention.self.query.bias", [h]) + tensor("attention.self.key.bias", [h])
      + tensor("attention.self.value.bias", [h])
    attentionOutput = try packed("attention.output.dense.weight", outputs: h, inputs: h)
    attentionOutputBias = try tensor("attention.output.dense.bias", [h])
    attentionNormWeight = try tensor("attention.output.LayerNorm.weight", [h])
    attentionNormBias = try tensor("attention.output.LayerNorm.bias", [h])
    intermediate = try packed("intermediate.dense.weight", outputs: i, inputs: h)
    intermediateBias = try tensor("intermediate.dense.bias", [i])
    output = try packed("output.dense.weight", outputs: h, inputs: i)
    outputBias = try tensor("output.dense.bias", [h])
    outputNormWeight = try tensor("output.LayerNorm.weight", [h])
    outputNormBias = try tensor("output.LayerNorm.bias", [h])
  }
}
