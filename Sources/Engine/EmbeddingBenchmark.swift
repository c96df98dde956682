// The engine side of `docent bench embed`: code chunks of about one model window each, embedded with the
// BERT encoder, timed. The CLI only parses options and prints; the peer script feeds the same chunks to
// sentence-transformers so both sides embed identical text.

import Foundation
import Inference

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Measures sentence-embedding throughput of ``BertEncoder`` on code chunks of a workspace.
public enum EmbeddingBenchmark {
  /// The figures of one run.
  public struct Report: Sendable {
    /// Chunks embedded in the timed run.
    public var chunkCount: Int
    /// Tokens the model saw in the timed run, `[CLS]`/`[SEP]` included.
    public var tokenCount: Int
    /// Threads per kernel call.
    public var threadCount: Int
    /// Chunks per ``BertEncoder/embed(_:)`` call.
    public var batchSize: Int
    /// Time to load the model (mapping, conversion, weight packing).
    public var loadSeconds: Double
    /// Wall time of the timed run.
    public var seconds: Double
    /// CPU time of this process (all threads) during the timed run: the figure that a busy machine distorts least.
    public var cpuSeconds: Double
    /// `chunkCount / seconds`.
    public var chunksPerSecond: Double { seconds > 0 ? Double(chunkCount) / seconds : 0 }
    /// `tokenCount / seconds`.
    public var tokensPerSecond: Double { seconds > 0 ? Double(tokenCount) / seconds : 0 }
  }

  /// The default models directory; see ``ModelsDirectory/fromEnvironment(_:)``.
  public static func defaultModelsDirectory() -> String { ModelsDirectory.fromEnvironment().path }

  /// File name endings read as code for the chunks.
  static let codeExtensions: Set<String> = ["swift", "py", "c", "h", "cc", "cpp", "rs", "go", "js", "ts", "java", "kt", "sh"]

  /// Cuts the code files under `workspace` (sorted paths, hidden and `.build` folders skipped) into chunks of
  /// whole lines that each reach `tokensPerChunk` model tokens, until `count` chunks exist.
  ///
  /// An unreadable file is skipped; the result may be shorter than `count`.
  static func chunks(workspace: String, count: Int, tokensPerChunk: Int, encoder: BertEncoder) -> [String] {
    var files: [String] = []
    let root = URL(fileURLWithPath: workspace)
    if let enumerator = FileManager.default.enumerator(
      at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
    {
      for case let url as URL in enumerator {
        if url.lastPathComponent == ".build" || url.lastPathComponent == "Fixtures" {
          enumerator.skipDescendants()
          continue
        }
        if codeExtensions.contains(url.pathExtension) { files.append(url.path) }
      }
    }
    files.sort()
    var chunks: [String] = []
    var lines: [Substring] = []
    var tokens = 0
    for file in files {
      guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
      for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        lines.append(line)
        tokens += encoder.pieceCount(String(line))
        if tokens + 2 >= tokensPerChunk {
          chunks.append(lines.joined(separator: "\n"))
          if chunks.count == count { return chunks }
          lines = []
          tokens = 0
        }
      }
    }
    return chunks
  }

  /// Loads all-MiniLM-L6-v2 from `modelDirectory`, cuts `chunkCount` chunks of ~`tokensPerChunk` tokens from
  /// `workspace`, embeds a few to warm up, then times embedding all of them in calls of `batchSize`.
  ///
  /// - Parameters:
  ///   - writeChunksTo: When set, the chunks are written there as a JSON array of strings first, for the peer.
  /// - Throws: ``EngineError`` when the model cannot be loaded or the workspace has no code.
  public static func run(
    modelDirectory: String, workspace: String, chunkCount: Int, tokensPerChunk: Int = 256, batchSize: Int = 32,
    threadCount: Int, writeChunksTo chunksPath: String? = nil
  ) throws -> Report {
    let clock = ContinuousClock()
    let loadStart = clock.now
    let encoder: BertEncoder
    do {
      encoder = try BertEncoder(modelDirectory: URL(fileURLWithPath: modelDirectory), threadCount: threadCount)
    } catch {
      throw EngineError(.invalidArgument, "cannot load the embedding model from \(modelDirectory): \(error)")
    }
    let loadSeconds = (clock.now - loadStart).seconds
    let chunks = chunks(workspace: workspace, count: chunkCount, tokensPerChunk: tokensPerChunk, encoder: encoder)
    guard !chunks.isEmpty else {
      throw EngineError(.invalidArgument, "\(workspace) has no code files to cut into chunks")
    }
    if let chunksPath {
      let data = try JSONSerialization.data(withJSONObject: chunks)
      try data.write(to: URL(fileURLWithPath: chunksPath))
    }
    let tokenCount = chunks.reduce(0) { $0 + encoder.tokenIDs($1).count }
    _ = try encoder.embed(Array(chunks.prefix(min(batchSize, 8))))  // warm-up: page in weights, fault in buffers
    let start = clock.now
    let cpuStart = processCPUSeconds()
    var index = 0
    while index < chunks.count {
      let end = min(index + max(1, batchSize), chunks.count)
      _ = try encoder.embed(Array(chunks[index..<end]))
      index = end
    }
    return Report(
      chunkCount: chunks.count, tokenCount: tokenCount, threadCount: threadCount, batchSize: batchSize,
      loadSeconds: loadSeconds, seconds: (clock.now - start).seconds, cpuSeconds: processCPUSeconds() - cpuStart)
  }

  /// User plus system CPU time of this process so far, in seconds.
  static func processCPUSeconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
      let who = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
      let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0 else { return 0 }
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }
}

extension Duration {
  /// The duration in seconds as a `Double`.
  fileprivate var seconds: Double {
    let parts = components
    return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
  }
}
