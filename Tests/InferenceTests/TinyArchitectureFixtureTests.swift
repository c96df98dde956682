import Basics
import Foundation
import Inference
import Kernels
import Testing
import TestSupport

/// Tiny random qwen2 and gemma3 models (written by `scripts/make-tiny-decoder-fixtures.py` with the `gguf` package:
/// q/k/v biases; q/k norms, post-norms and an 8-position sliding window) against llama.cpp's logits on the same
/// files, since no real Qwen2 GGUF can be fetched here.
@Suite(.offCooperativePool) struct TinyArchitectureFixtureTests {
  struct Fixture: Decodable {
    struct Case: Decodable {
      var tokens: [Int32]
      var logits: [Float]
      var greedy: [Int32]
    }
    var model: String
    var architecture: String
    var cases: [Case]
  }

  /// Largest allowed |Docent − llama.cpp| over the whole vocabulary (logits spread over about 12 units). llama.cpp
  /// rounds activations to 8 bits and keeps its KV cache in F16: measured 0.089 (qwen2) and 0.126 (gemma3) with
  /// Docent's 8-bit activations, 0.077 and 0.107 with Float ones. A missing bias (spread 0.5 on every q/k/v), norm
  /// or window, or a wrong RoPE layout moves these logits by far more.
  static let llamaCppTolerance: Float = 0.2
  /// Greedy tokens where Docent's choice differs from llama.cpp's must be near ties in Docent's logits.
  static let nearTie: Float = 0.1

  static func directory() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
  }

  @Test(arguments: ["tiny-qwen2.json", "tiny-gemma3.json"], [ActivationPrecision.int8, .float])
  func logitsMatchLlamaCpp(fixture name: String, activations: ActivationPrecision) throws {
    let fixture = try JSONDecoder().decode(
      Fixture.self, from: Data(contentsOf: Self.directory().appendingPathComponent(name)))
    let model = try DecoderModel(file: MappedFile(path: Self.directory().appendingPathComponent(fixture.model).path))
    #expect(model.config.architecture.rawValue == fixture.architecture)
    let session = DecoderSession(
      model: model, contextCapacity: 128, batchCapacity: 32, threadCount: 2, activations: activations)
    var worst: Float = 0
    for item in fixture.cases {
      session.reset()
      try session.evaluate(item.tokens)
      let difference = zip(session.logits, item.logits).map { abs($0 - $1) }.max() ?? .infinity
      worst = max(worst, difference)
      #expect(
        difference <= Self.llamaCppTolerance, "\(name) \(activations) tokens \(item.tokens.prefix(4))…: \(difference)")
      for expected in item.greedy {
        let logits = Array(session.logits)
        let ours = logits.indices.max { logits[$0] < logits[$1] }!
        if ours != Int(expected) {
          #expect(logits[ours] - logits[Int(expected)] <= Self.nearTie, "\(name): greedy \(ours) vs \(expected)")
        }
        try session.append(expected)
      }
    }
    FileHandle.standardError.write(Data("\(name), \(activations) activations: max |Δ llama.cpp| \(worst)\n".utf8))
  }
}
