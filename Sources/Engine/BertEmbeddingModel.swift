import Basics
import Foundation
import Inference
public import Retrieval

/// Adapts the BERT sentence encoder (`Inference`) to ``Retrieval/EmbeddingModel``, so the vector index never sees
/// a model type.
///
/// Each call runs on a thread of its own (``Basics/BlockingWork``), never on the cooperative pool, in batches of
/// ``batchSize`` texts with a cancellation check between batches.
public struct BertEmbeddingModel: EmbeddingModel {
  /// Texts per forward pass: large enough to keep the matrix kernels busy, small enough to cancel promptly.
  public static let batchSize = 16

  let encoder: BertEncoder
  public let identifier: String
  public var dimension: Int { encoder.dimension }

  /// Loads a sentence-transformers model directory (`config.json`, `model.safetensors`, `tokenizer.json`).
  ///
  /// - Parameters:
  ///   - directory: The model's directory.
  ///   - threadCount: Threads per kernel call.
  /// - Throws: ``EngineError`` with ``EngineError/Code/modelUnavailable`` when the directory or a file is missing
  ///   or malformed.
  public init(directory: String, threadCount: Int = 2) throws {
    guard FileManager.default.fileExists(atPath: directory + "/config.json") else {
      throw EngineError(.modelUnavailable, "no embedding model at \(directory) (config.json is missing)")
    }
    do {
      encoder = try BertEncoder(modelDirectory: URL(fileURLWithPath: directory), threadCount: threadCount)
    } catch {
      throw EngineError(.modelUnavailable, "cannot load the embedding model at \(directory): \(error)")
    }
    // The folder name plus the shape: a different model gives incomparable vectors, which the index discards.
    let name = URL(fileURLWithPath: directory).lastPathComponent
    identifier = "\(name)/\(encoder.configuration.hiddenSize)x\(encoder.maxSequenceLength)"
  }

  public func embed(_ texts: [String]) async throws -> [[Float]] {
    var vectors: [[Float]] = []
    vectors.reserveCapacity(texts.count)
    var start = 0
    while start < texts.count {
      try Task.checkCancellation()
      let batch = Array(texts[start..<min(texts.count, start + Self.batchSize)])
      let encoder = encoder
      let result = await BlockingWork.run(name: "docent-embed") { _ in
        Result { try encoder.embed(batch) }
      }
      vectors += try result.get()
      start += batch.count
    }
    return vectors
  }
}
