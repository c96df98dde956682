import Basics
import Engine
import Foundation

extension DocentCLI {
  /// `docent bench embed`: all-MiniLM-L6-v2 embedding throughput on ~256-token code chunks, in this process
  /// (a release build gives meaningful figures). scripts/bench-embed.sh runs sentence-transformers beside it.
  static func benchEmbed(_ arguments: CommandLineArguments) throws -> Int32 {
    let workspace = arguments.options["workspace"].map(absolutePath) ?? FileManager.default.currentDirectoryPath
    let chunkCount = try arguments.integer("chunks", default: 256, range: 1...1_000_000)
    let threads = try arguments.integer("threads", default: 2, range: 1...256)
    let batch = try arguments.integer("batch", default: 32, range: 1...4096)
    let models = ModelsDirectory(path: arguments.options["models"].map(absolutePath) ?? ModelsDirectory.fromEnvironment().path)
    #if DEBUG
      StandardError.write("docent bench: this is a debug build; use 'swift build -c release' for figures.\n")
    #endif
    let report = try EmbeddingBenchmark.run(
      modelDirectory: models.embeddingModelPath, workspace: workspace, chunkCount: chunkCount, batchSize: batch,
      threadCount: threads, writeChunksTo: arguments.options["write-chunks"].map(absolutePath))
    if arguments.flags.contains("json") {
      let object: [String: Any] = [
        "chunks": report.chunkCount, "tokens": report.tokenCount, "threads": report.threadCount,
        "batch": report.batchSize, "load_seconds": report.loadSeconds, "seconds": report.seconds, "cpu_seconds": report.cpuSeconds,
        "chunks_per_second": report.chunksPerSecond, "tokens_per_second": report.tokensPerSecond,
      ]
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      writeOutput(String(decoding: data, as: UTF8.self) + "\n")
    } else {
      writeOutput(
        """
        bench embed (all-MiniLM-L6-v2, \(report.threadCount) threads, \(report.batchSize) chunks per call)
          chunks          \(report.chunkCount) (\(report.tokenCount) tokens, \(report.tokenCount / max(1, report.chunkCount)) per chunk)
          model load      \(String(format: "%.2f s", report.loadSeconds))
          embedding       \(String(format: "%.2f s", report.seconds)) (\(String(format: "%.2f", report.cpuSeconds)) s CPU)
          throughput      \(String(format: "%.1f", report.chunksPerSecond)) chunks/s, \(String(format: "%.0f", report.tokensPerSecond)) tokens/s

        """)
    }
    return 0
  }
}
