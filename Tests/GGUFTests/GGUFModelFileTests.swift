import Basics
import Foundation
import GGUF
import Testing
import TestSupport

/// The default models read by Docent agree with the `gguf` package's reader
/// (fixture from `scripts/make-gguf-fixtures.py`). The models must be present; these tests fail without them.
@Suite(.offCooperativePool) struct GGUFModelFileTests {
  struct Expected: Decodable {
    struct Tensor: Decodable {
      let name: String
      let shape: [Int]
      let type: UInt32
      let offset: Int
      let byteCount: Int
    }
    struct ArrayFacts: Decodable {
      let elementType: UInt32?
      let count: Int
    }
    let file: String
    let version: UInt32
    let tensorCount: Int
    let metadataCount: Int
    let arrays: [String: ArrayFacts]
    let tensors: [Tensor]
    let totalTensorBytes: Int
  }

  static let fixtures: [Expected] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/gguf-models.json")
    guard let data = try? Data(contentsOf: url) else { return [] }
    return (try? JSONDecoder().decode([Expected].self, from: data)) ?? []
  }()

  static var modelsDirectory: String {
    ProcessInfo.processInfo.environment["DOCENT_MODELS"]
      ?? (NSHomeDirectory() + "/.cache/docent/models")
  }

  @Test func fixtureIsPresent() {
    #expect(Self.fixtures.count == 2)
  }

  @Test(arguments: 0..<2)
  func modelMatchesTheReferenceReader(index: Int) throws {
    try #require(index < Self.fixtures.count)
    let expected = Self.fixtures[index]
    let path = Self.modelsDirectory + "/" + expected.file
    let file = try GGUFFile(file: MappedFile(path: path))
    #expect(file.version == expected.version)
    #expect(file.tensorInfos.count == expected.tensorCount)
    #expect(file.metadata.count == expected.metadataCount)
    for (key, facts) in expected.arrays {
      let array = try #require(file.metadata[key]?.array, "\(key)")
      #expect(array.count == facts.count, "\(key)")
      #expect(array.elementType.rawValue == facts.elementType, "\(key)")
    }
    for t in expected.tensors {
      let tensor = try file.tensor(named: t.name)
      #expect(tensor.shape == t.shape, "\(t.name)")
      #expect(tensor.type.rawValue == t.type, "\(t.name)")
      #expect(tensor.bytes.count == t.byteCount, "\(t.name)")
      #expect(file.dataOffset + tensor.info.offset == t.offset, "\(t.name)")
    }
    var total = 0
    for i in file.tensorInfos.indices { total += try file.tensor(at: i).bytes.count }
    #expect(total == expected.totalTensorBytes)
  }

  @Test func smolLM2MetadataAndShapes() throws {
    let file = try GGUFFile(file: MappedFile(path: Self.modelsDirectory + "/SmolLM2-135M-Instruct.Q4_1.gguf"))
    #expect(try file.architecture() == "llama")
    #expect(file.metadata["llama.block_count"]?.uint64 == 30)
    #expect(file.metadata["llama.attention.head_count_kv"]?.int == 3)
    #expect(file.metadata["llama.rope.freq_base"]?.float == 100_000)
    #expect(file.metadata["tokenizer.ggml.tokens"]?.stringArray?.count == 49152)
    #expect(file.metadata["tokenizer.ggml.merges"]?.stringArray?.count == 48900)
    let embedding = try file.tensor(named: "token_embd.weight")
    #expect(embedding.shape == [576, 49152])
    #expect(embedding.type == .q8_0)
    #expect(try file.tensor(named: "blk.0.ffn_down.weight").type == .q4_1)
  }

  @Test func gemma3MetadataAndShapes() throws {
    let file = try GGUFFile(file: MappedFile(path: Self.modelsDirectory + "/gemma-3-270m-q4_k_m.gguf"))
    #expect(try file.architecture() == "gemma3")
    #expect(file.metadata["gemma3.block_count"]?.uint64 == 18)
    #expect(file.metadata["gemma3.attention.sliding_window"]?.int == 512)
    #expect(file.metadata["tokenizer.ggml.scores"]?.floatArray?.count == 262_144)
    #expect(file.metadata["tokenizer.ggml.token_type"]?.int32Array?.count == 262_144)
    #expect(try file.tensor(named: "token_embd.weight").shape == [640, 262_144])
    #expect(try file.tensor(named: "blk.0.attn_output.weight").type == .q4_K)
    #expect(try file.tensor(named: "blk.0.attn_k.weight").shape == [640, 256])
  }
}
