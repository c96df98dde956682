import Basics
import Engine
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension DocentCLI {
  /// `docent bench model`: prompt processing, generation and time to first token after an edit of a cached
  /// prompt, with the token counts `scripts/bench-model.sh` gives llama.cpp beside it.
  static func benchModel(_ arguments: CommandLineArguments) async throws -> Int32 {
    #if DEBUG
      StandardError.write("docent bench: this is a debug build; use 'swift build -c release' for figures.\n")
    #endif
    let path = try ModelLocator.completionModelPath(explicitPath: arguments.options["model"].map(absolutePath))
    let threads = try arguments.integer("threads", default: 2, range: 1...256)
    let repetitions = try arguments.integer("repetitions", default: 3, range: 1...100)
    guard let textFile = arguments.options["text"] else {
      throw CommandLineArguments.UsageError(message: "'docent bench model' needs --text FILE (the prompt source)")
    }
    let text = try String(contentsOfFile: absolutePath(textFile), encoding: .utf8)
    let report = try await BlockingWork.run(name: "docent.bench.model") { _ in
      Result { try ModelBenchmark.run(path: path, text: text, threadCount: threads, repetitions: repetitions) }
    }.get()
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let peakRSS = Int(usage.ru_maxrss) * 1024
    if arguments.flags.contains("json") {
      let object: [String: Any] = [
        "promptTokens": report.promptTokenCount, "promptTokensPerSecond": report.promptTokensPerSecond,
        "generatedTokens": report.generatedTokenCount,
        "generationTokensPerSecond": report.generationTokensPerSecond,
        "cachedTokens": report.cachedPromptTokenCount, "editedTokens": report.editedTokenCount,
        "timeToFirstTokenAfterEditSeconds": report.timeToFirstTokenAfterEdit,
        "weightBytesPerToken": report.weightBytesPerToken,
        "generationWeightGigabytesPerSecond": report.generationWeightGigabytesPerSecond,
        "peakResidentBytes": peakRSS, "threads": threads,
      ]
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      writeOutput(String(decoding: data, as: UTF8.self) + "\n")
    } else {
      writeOutput(
        String(
          format: """
            bench model (%@, %d threads, best of %d)
            prompt processing   %d tokens   %.1f tok/s
            generation          %d tokens   %.1f tok/s   (weights read at %.2f GB/s)
            first token after editing the last %d of %d cached tokens   %.1f ms
            peak resident memory  %.1f MiB

            """, (path as NSString).lastPathComponent, threads, repetitions, report.promptTokenCount,
          report.promptTokensPerSecond, report.generatedTokenCount, report.generationTokensPerSecond,
          report.generationWeightGigabytesPerSecond, report.editedTokenCount, report.cachedPromptTokenCount,
          report.timeToFirstTokenAfterEdit * 1000, Double(peakRSS) / 1_048_576))
    }
    return 0
  }
}
