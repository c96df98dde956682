import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Crafted model files given to the built `docent`: a GGUF model to `docent generate --model`, and a safetensors
/// embedding model to `docent status --models`. Each is refused with a clear message naming what is wrong, and the
/// process's peak resident memory (its `ru_maxrss`, from `wait4`) stays within a fixed allowance of a run that loads
/// nothing, so a declared 2^40-element tensor or 2^32 metadata pairs never turn into an allocation.
///
/// LoRA adapter files are the adapters branch's own loader and tests (they are GGUF or safetensors files read by
/// the readers checked here).
@Suite(.offCooperativePool) struct HostileModelFilesEndToEndTests {
  /// The peak memory a crafted file may add to a run that refuses a missing file, in bytes.
  static let allowance = 48 << 20

  static func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
  static func u64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
  static func string(_ s: String) -> [UInt8] { u64(UInt64(s.utf8.count)) + Array(s.utf8) }
  /// Magic, version 3, tensor count, metadata count, then `body`.
  static func gguf(tensors: UInt64 = 0, keys: UInt64 = 0, _ body: [UInt8] = []) -> [UInt8] {
    Array("GGUF".utf8) + u32(3) + u64(tensors) + u64(keys) + body
  }
  /// A tensor entry: name, one dimension per element of `shape`, type (0 = F32), offset.
  static func tensor(_ name: String, _ shape: [UInt64], type: UInt32 = 0, offset: UInt64 = 0) -> [UInt8] {
    string(name) + u32(UInt32(shape.count)) + shape.flatMap(u64) + u32(type) + u64(offset)
  }
  static let architecture = string("general.architecture") + u32(8) + string("llama")

  /// Each crafted GGUF file and a phrase its error message must contain.
  static let hostileGGUF: [(name: String, bytes: [UInt8], message: String)] = [
    ("truncated magic", Array("GGU".utf8), "GGUF"),
    ("2^32 metadata pairs", gguf(keys: 1 << 32, architecture), "metadata count"),
    ("2^62 tensors", gguf(tensors: 1 << 62), "tensor count"),
    ("a key of 2^50 bytes", gguf(keys: 1, u64(1 << 50) + [UInt8](repeating: 0x41, count: 64)), "length of a metadata key"),
    ("an array of 2^61 uint32", gguf(keys: 1, string("k") + u32(9) + u32(4) + u64(1 << 61)), "element count"),
    ("an array of 2^40 strings", gguf(keys: 1, string("k") + u32(9) + u32(8) + u64(1 << 40)), "element count"),
    (
      "a 2^40-element tensor",
      gguf(tensors: 1, keys: 1, architecture + tensor("token_embd.weight", [1 << 20, 1 << 20]))
        + [UInt8](repeating: 0, count: 64),
      "outside the data section"
    ),
    (
      "an offset past the end",
      gguf(tensors: 1, keys: 1, architecture + tensor("w", [4], offset: 1 << 40)) + [UInt8](repeating: 0, count: 64),
      "outside the data section"
    ),
    (
      "overlapping tensors",
      gguf(tensors: 2, keys: 1, architecture + tensor("a", [16]) + tensor("b", [8], offset: 32))
        + [UInt8](repeating: 0, count: 256),
      "overlaps"
    ),
    (
      "the alignment as a string",
      gguf(keys: 2, architecture + string("general.alignment") + u32(8) + string("many")), "alignment"
    ),
    ("a model without its tensors", gguf(keys: 1, architecture), "token_embd.weight"),
    ("an unknown value type", gguf(keys: 1, string("k") + u32(99) + u64(0)), "type"),
  ]

  @Test(arguments: 0..<hostileGGUF.count)
  func craftedGGUFIsRefusedWithBoundedMemory(_ index: Int) async throws {
    let crafted = Self.hostileGGUF[index]
    let folder = try TemporaryWorkspace()
    defer { folder.remove() }
    let path = folder.url.appendingPathComponent("model.gguf").path
    try Data(crafted.bytes).write(to: URL(fileURLWithPath: path))
    let baseline = try MeasuredRun(["generate", "--model", folder.url.appendingPathComponent("missing.gguf").path, "hi"])
    let run = try MeasuredRun(["generate", "--model", path, "--max-tokens", "1", "hi"])
    print("hostile GGUF '\(crafted.name)': peak RSS \(run.peakResidentBytes >> 20) MiB (baseline \(baseline.peakResidentBytes >> 20) MiB)")
    #expect(run.status != 0, "\(crafted.name): accepted")
    #expect(run.standardError.contains(crafted.message), "\(crafted.name): \(run.standardError)")
    #expect(!run.standardError.contains("Fatal error"), "\(crafted.name) trapped: \(run.standardError)")
    #expect(
      run.peakResidentBytes <= baseline.peakResidentBytes + Self.allowance,
      "\(crafted.name): peak RSS \(run.peakResidentBytes >> 20) MiB against \(baseline.peakResidentBytes >> 20) MiB")
  }

  /// Crafted `model.safetensors` files in a copy of the default embedding model's folder (its config and
  /// vocabulary, so only the weights file is hostile), and a phrase of the error.
  static let hostileSafetensors: [(name: String, bytes: [UInt8], message: String)] = {
    func file(_ header: String, headerLength: UInt64? = nil, data: Int = 0) -> [UInt8] {
      u64(headerLength ?? UInt64(header.utf8.count)) + Array(header.utf8) + [UInt8](repeating: 0, count: data)
    }
    let big = #"{"embeddings.word_embeddings.weight":{"dtype":"F32","shape":[1099511627776,1],"data_offsets":[0,4398046511104]}}"#
    return [
      ("a header length of 2^60", file("{}", headerLength: 1 << 60), "header length"),
      ("a 2^40-element tensor", file(big, data: 64), "data_offsets"),
      (
        "an overflowing shape",
        file(#"{"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,16]}}"#, data: 16), "overflow"
      ),
      (
        "overlapping tensors",
        file(
          #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}"#,
          data: 24), "overlaps"
      ),
      ("a header that is not JSON", file("{\"a\":", data: 8), "JSON"),
      ("a dtype of the wrong type", file(#"{"w":{"dtype":7,"shape":[1],"data_offsets":[0,4]}}"#, data: 4), "dtype"),
      ("truncated", Array(file(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#).prefix(20)), "exceeds"),
    ]
  }()

  @Test(arguments: 0..<hostileSafetensors.count)
  func craftedSafetensorsIsRefusedWithBoundedMemory(_ index: Int) async throws {
    let crafted = Self.hostileSafetensors[index]
    let models = try TemporaryWorkspace()
    defer { models.remove() }
    let workspace = try TemporaryWorkspace("//- a.swift\nlet a = 1\n")
    defer { workspace.remove() }
    let source = URL(fileURLWithPath: try DefaultModels.directory()).appendingPathComponent("all-MiniLM-L6-v2")
    let model = models.url.appendingPathComponent("all-MiniLM-L6-v2")
    try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
    for name in ["config.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json", "sentence_bert_config.json"] {
      let from = source.appendingPathComponent(name)
      if FileManager.default.fileExists(atPath: from.path) {
        try FileManager.default.copyItem(at: from, to: model.appendingPathComponent(name))
      }
    }
    let empty = try TemporaryWorkspace()
    defer { empty.remove() }
    let baseline = try MeasuredRun(["status", workspace.url.path, "--models", empty.url.path])
    try Data(crafted.bytes).write(to: model.appendingPathComponent("model.safetensors"))
    let run = try MeasuredRun(["status", workspace.url.path, "--models", models.url.path])
    print("hostile safetensors '\(crafted.name)': peak RSS \(run.peakResidentBytes >> 20) MiB (baseline \(baseline.peakResidentBytes >> 20) MiB)")
    // The status is still printed (search stays lexical); the error says why the model was refused.
    #expect(run.status == 0, "\(crafted.name): \(run.standardError)")
    #expect(run.standardError.contains(crafted.message), "\(crafted.name): \(run.standardError)")
    #expect(!run.standardError.contains("Fatal error"), "\(crafted.name) trapped: \(run.standardError)")
    #expect(
      run.peakResidentBytes <= baseline.peakResidentBytes + Self.allowance,
      "\(crafted.name): peak RSS \(run.peakResidentBytes >> 20) MiB against \(baseline.peakResidentBytes >> 20) MiB")
  }
}

/// The default models directory, as the setup script fills it; a missing model fails the test (STYLE.md §8).
enum DefaultModels {
  static func directory() throws -> String {
    let environment = ProcessInfo.processInfo.environment
    let directory =
      environment["DOCENT_MODELS"]
      ?? (environment["XDG_CACHE_HOME"].map { $0 + "/docent/models" } ?? NSHomeDirectory() + "/.cache/docent/models")
    guard FileManager.default.fileExists(atPath: directory + "/all-MiniLM-L6-v2/model.safetensors") else {
      throw UnexpectedOutput(description: "no all-MiniLM-L6-v2 in \(directory): run scripts/fetch-models.sh")
    }
    return directory
  }
}

/// One run of the built `docent` with `posix_spawn` and `wait4`, for its exit status, its stderr and its peak
/// resident memory (Foundation's `Process` reaps the child itself, so its `rusage` would be lost).
struct MeasuredRun {
  var status: Int32
  var standardError: String
  var peakResidentBytes: Int

  init(_ arguments: [String]) throws {
    let executable = try DocentExecutable.path()
    let errorPath = NSTemporaryDirectory() + "docent-measured-\(UUID().uuidString).err"
    defer { unlink(errorPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { throw UnexpectedOutput(description: "posix_spawn failed: \(spawned)") }
    var rawStatus: Int32 = 0
    var usage = rusage()
    while wait4(pid, &rawStatus, 0, &usage) < 0 {
      guard errno == EINTR else { throw UnexpectedOutput(description: "wait4 failed: \(errno)") }
    }
    // WIFEXITED / WEXITSTATUS by hand (the macros are not imported): a signal shows as 128 + its number.
    let signal = rawStatus & 0x7F
    status = signal == 0 ? (rawStatus >> 8) & 0xFF : 128 + signal
    standardError = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    peakResidentBytes = usage.ru_maxrss * 1024
  }
}
