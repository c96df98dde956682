import Basics
import Engine
import Foundation

extension DocentCLI {
  static let generateSubcommand = Subcommand(
    name: "generate",
    usage: "docent generate [--model PATH] [--threads N] [--max-tokens N] [--temperature T] [--seed N] \"prompt\"",
    summary: "Generate text after a prompt with the completion model (greedy by default, so runs are reproducible).",
    options: [
      .init(
        name: "model", valueName: "PATH",
        help: "A GGUF model (default: SmolLM2-135M-Instruct.Q4_1.gguf in $DOCENT_MODELS or ~/.cache/docent/models)."),
      .init(name: "threads", valueName: "N", help: "Threads for the kernels (default: the active processors)."),
      .init(name: "max-tokens", valueName: "N", help: "The most tokens to generate (default 128)."),
      .init(name: "temperature", valueName: "T", help: "Sampling temperature; 0 (the default) is greedy."),
      .init(name: "seed", valueName: "N", help: "Seed of the sampler (default 0)."),
      .init(name: "stop", valueName: "TEXT", help: "Stop before this text (repeatable)."),
      helpOption,
    ],
    run: generate)

  /// `docent generate`: the generated text on stdout as it is produced, the figures as the last stderr line.
  static func generate(_ arguments: CommandLineArguments) async throws -> Int32 {
    guard arguments.positionals.count == 1, let prompt = arguments.positionals.first else {
      throw CommandLineArguments.UsageError(message: "'docent generate' needs exactly one prompt argument")
    }
    let threads = try arguments.integer("threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...256)
    var request = CompletionModel.Request(prompt: prompt)
    request.maxTokens = try arguments.integer("max-tokens", default: 128, range: 0...1_000_000)
    request.seed = UInt64(try arguments.integer("seed", default: 0, range: 0...Int.max))
    request.stopSequences = arguments.repeated("stop")
    if let text = arguments.options["temperature"] {
      guard let temperature = Float(text), temperature >= 0, temperature.isFinite else {
        throw CommandLineArguments.UsageError(message: "'--temperature' must be a number ≥ 0, not '\(text)'")
      }
      request.temperature = temperature
    }
    let path = try ModelLocator.completionModelPath(explicitPath: arguments.options["model"].map(absolutePath))
    let model = try CompletionModel(path: path, threadCount: threads)
    let response = try await model.generate(request) { piece in writeOutput(piece) }
    writeOutput("\n")
    StandardError.write(
      String(
        format: "prompt: %d tokens, %.1f tok/s; generation: %d tokens, %.1f tok/s\n", response.promptTokenCount,
        response.promptTokensPerSecond, response.generatedTokenCount, response.generationTokensPerSecond))
    return 0
  }
}
