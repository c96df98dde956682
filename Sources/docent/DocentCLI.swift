import Basics
import Engine
import Foundation
import Server

/// The `docent` command line: one entry per subcommand, each with its own help.
enum DocentCLI {
  struct Subcommand: Sendable {
    var name: String
    var usage: String
    var summary: String
    var options: [CommandLineArguments.OptionSpec]
    var run: @Sendable (CommandLineArguments) async throws -> Int32
  }

  static let helpOption = CommandLineArguments.OptionSpec(name: "help", valueName: nil, help: "Show this help.")
  static let logLevelOption = CommandLineArguments.OptionSpec(
    name: "log-level", valueName: "LEVEL", help: "off, error, warning, info (default), debug or trace; logs go to stderr.")

  static let subcommands: [Subcommand] = [
    Subcommand(
      name: "serve", usage: "docent serve [--stdio] [--log-level LEVEL] [--max-message-bytes N]",
      summary: "Run the language server on standard input and output (what editors start).",
      options: [
        .init(name: "stdio", valueName: nil, help: "Accepted for editors that pass it; stdio is the only transport."),
        logLevelOption,
        .init(
          name: "max-message-bytes", valueName: "N",
          help: "Refuse messages larger than N bytes (default 67108864 = 64 MiB)."),
        helpOption,
      ],
      run: serve),
    Subcommand(
      name: "status", usage: "docent status [PATH] [--json] [--models DIR] [--no-semantic] [--log-level LEVEL]",
      summary: "Index a workspace (default: the current directory) and print what the server would know.",
      options: [
        .init(name: "json", valueName: nil, help: "Print the status as JSON."),
        .init(name: "models", valueName: "DIR", help: "The models directory (default $DOCENT_MODELS or ~/.cache/docent/models)."),
        .init(name: "no-semantic", valueName: nil, help: "Do not embed chunks (lexical search only)."),
        .init(name: "log-level", valueName: "LEVEL", help: "off, error, warning (default), info, debug or trace."),
        helpOption,
      ],
      run: status),
    Subcommand(
      name: "index", usage: "docent index [PATH] [--json] [--models DIR] [--no-semantic] [--log-level LEVEL]",
      summary: "Index a workspace (default: the current directory) and save the index, as the server would.",
      options: [
        .init(name: "json", valueName: nil, help: "Print the summary as JSON."),
        .init(name: "models", valueName: "DIR", help: "The models directory (default $DOCENT_MODELS or ~/.cache/docent/models)."),
        .init(name: "no-semantic", valueName: nil, help: "Do not embed chunks (lexical search only)."),
        .init(name: "log-level", valueName: "LEVEL", help: "off, error, warning (default), info, debug or trace."),
        helpOption,
      ],
      run: index),
    Subcommand(
      name: "search",
      usage:
        "docent search QUERY [--workspace PATH] [--limit N] [--path GLOB]... [--language NAME]... [--mode MODE] [--models DIR] [--json]",
      summary: "Search a workspace (default: the current directory) the way docent/search does.",
      options: [
        .init(name: "workspace", valueName: "PATH", help: "The workspace to search (default: the current directory)."),
        .init(name: "limit", valueName: "N", help: "The most results, 1...100 (default 10)."),
        .init(name: "path", valueName: "GLOB", help: "Only paths matching this gitignore-style glob (repeatable)."),
        .init(name: "language", valueName: "NAME", help: "Only this language, such as swift or python (repeatable)."),
        .init(name: "json", valueName: nil, help: "Print the results as JSON."),
        .init(name: "mode", valueName: "MODE", help: "lexical, semantic or hybrid (default: hybrid when the model is present)."),
        .init(name: "models", valueName: "DIR", help: "The models directory (default $DOCENT_MODELS or ~/.cache/docent/models)."),
        .init(name: "no-semantic", valueName: nil, help: "Do not embed chunks (lexical search only)."),
        .init(name: "log-level", valueName: "LEVEL", help: "off, error, warning (default), info, debug or trace."),
        helpOption,
      ],
      run: search),
    generateSubcommand,
    Subcommand(
      name: "bench",
      usage: "docent bench rpc [--requests N] [--pipelined N] [--workspace PATH]\n       docent bench index --workspace PATH [--queries FILE] [--json] [--verbose]\n       docent bench embed [--workspace PATH] [--chunks N] [--threads N] [--batch N] [--write-chunks FILE] [--json]\n       docent bench search [--count N] [--exact-count N] [--queries N] [--m M] [--ef-construction N] [--ef-search N,N] [--export DIR] [--quick] [--json]\n       docent bench model --text FILE [--model PATH] [--threads N] [--repetitions N] [--json]",
      summary:
        "Benchmarks (use a release build). 'rpc': request round trips and pipelined throughput; 'index': indexing, re-open, update and query latency; 'embed': MiniLM embedding throughput on ~256-token code chunks; 'search': exact and HNSW vector search on random unit vectors; 'model': prompt processing, generation and time to first token after an edit.",
      options: [
        .init(name: "requests", valueName: "N", help: "rpc: sequential round trips to time (default 2000)."),
        .init(name: "pipelined", valueName: "N", help: "rpc: requests sent back to back (default 10000)."),
        .init(
          name: "workspace", valueName: "PATH",
          help: "rpc: workspace the server opens (default: an empty temporary one); index: the corpus; embed: where the code chunks come from (default: the current directory)."),
        .init(name: "chunks", valueName: "N", help: "embed: chunks to embed (default 256)."),
        .init(name: "threads", valueName: "N", help: "embed, model: kernel threads; search: threads for exact search and ground truth (default 2)."),
        .init(name: "batch", valueName: "N", help: "embed: chunks per embedding call (default 32)."),
        .init(name: "models", valueName: "PATH", help: "embed: the models directory (default $DOCENT_MODELS or ~/.cache/docent/models)."),
        .init(name: "write-chunks", valueName: "FILE", help: "embed: write the chunks as a JSON array for a peer."),
        .init(name: "queries", valueName: "FILE|N", help: "index: queries to time, one per line; search: query count (200)."),
        .init(name: "json", valueName: nil, help: "index, embed, search, model: print the figures as JSON."),
        .init(name: "verbose", valueName: nil, help: "index: also list every query's time on stderr, slowest first."),
        .init(name: "count", valueName: "N", help: "search: vectors in the HNSW part (default 1000000; 0 skips it)."),
        .init(name: "exact-count", valueName: "N", help: "search: vectors in the exact part (default 100000; 0 skips it)."),
        .init(name: "dimension", valueName: "N", help: "search: vector length (default 384)."),
        .init(name: "m", valueName: "M", help: "search: HNSW links per node (default 16)."),
        .init(name: "ef-construction", valueName: "N", help: "search: HNSW build beam (default 200)."),
        .init(name: "ef-search", valueName: "N,N", help: "search: HNSW search beams (default 16,32,64,128,256)."),
        .init(name: "k", valueName: "N", help: "search: results per query, the recall depth (default 10)."),
        .init(name: "encoding", valueName: "NAME", help: "search: HNSW row encoding, float32 (default), float16 or int8."),
        .init(name: "seed", valueName: "N", help: "search: seed of the random vectors (default 42)."),
        .init(
          name: "intrinsic-dimension", valueName: "N",
          help: "search: draw vectors near a random N-dimensional subspace, like embeddings (default 0: isotropic)."),
        .init(name: "export", valueName: "DIR", help: "search: write the HNSW rows, queries and exact ids for a peer."),
        .init(name: "quick", valueName: nil, help: "search: at most 100000 vectors in each part."),
        .init(name: "model", valueName: "PATH", help: "model: the GGUF model (default: the default completion model)."),
        .init(name: "text", valueName: "FILE", help: "model: text whose tokens form the prompts."),
        .init(name: "repetitions", valueName: "N", help: "model: runs per figure, the best counts (default 3)."),
        helpOption,
      ],
      run: bench),
  ]

  static func main(_ arguments: [String]) async -> Int32 {
    guard let first = arguments.first else {
      StandardError.write(generalHelp)
      return 64
    }
    switch first {
    case "--help", "-h", "help":
      if arguments.count > 1, let subcommand = subcommands.first(where: { $0.name == arguments[1] }) {
        writeOutput(help(for: subcommand))
      } else {
        writeOutput(generalHelp)
      }
      return 0
    case "--version", "-V", "version":
      writeOutput("docent \(docentVersion)\n")
      return 0
    default:
      break
    }
    guard let subcommand = subcommands.first(where: { $0.name == first }) else {
      StandardError.write("docent: unknown command '\(first)'\n\n\(generalHelp)")
      return 64
    }
    do {
      let parsed = try CommandLineArguments(arguments.dropFirst(), specs: subcommand.options, subcommand: first)
      if parsed.flags.contains("help") {
        writeOutput(help(for: subcommand))
        return 0
      }
      return try await subcommand.run(parsed)
    } catch let error as CommandLineArguments.UsageError {
      StandardError.write("docent: \(error.message)\n")
      return 64
    } catch {
      StandardError.write("docent \(first): \(error)\n")
      return 1
    }
  }

  static var generalHelp: String {
    var text = """
      docent \(docentVersion): a local, private code-assistant backend (language server over stdio).

      USAGE: docent <command> [options]

      COMMANDS:

      """
    for subcommand in subcommands {
      text += "  " + subcommand.name.padding(toLength: 10, withPad: " ", startingAt: 0) + subcommand.summary + "\n"
    }
    text += """

      OPTIONS:
        --help      Show help; 'docent <command> --help' for a command.
        --version   Print the version.

      """
    return text
  }

  static func help(for subcommand: Subcommand) -> String {
    var text = "\(subcommand.summary)\n\nUSAGE: \(subcommand.usage)\n\nOPTIONS:\n"
    for option in subcommand.options {
      let left = "--\(option.name)" + (option.valueName.map { " \($0)" } ?? "")
      text += "  " + left.padding(toLength: 26, withPad: " ", startingAt: 0) + option.help + "\n"
    }
    return text
  }

  /// Writes to standard output; used only by subcommands that do not speak the protocol there.
  static func writeOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  /// Writes to standard error (messages for the user that are not log lines).
  static func writeError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  static func makeLogger(_ arguments: CommandLineArguments, default level: LogLevel) throws -> Logger {
    guard let name = arguments.options["log-level"] else { return Logger(level: level) }
    guard let level = LogLevel(name: name) else {
      throw CommandLineArguments.UsageError(
        message: "unknown log level '\(name)'; expected off, error, warning, info, debug or trace")
    }
    return Logger(level: level)
  }

  // MARK: Subcommands

  static func serve(_ arguments: CommandLineArguments) async throws -> Int32 {
    guard arguments.positionals.isEmpty else {
      throw CommandLineArguments.UsageError(message: "'docent serve' takes no arguments; see 'docent serve --help'")
    }
    let logger = try makeLogger(arguments, default: .info)
    let limit = try arguments.integer("max-message-bytes", default: 64 * 1024 * 1024, range: 1024...(1 << 40))
    return await StandardIOServer.run(logger: logger, maxMessageBytes: limit)
  }

  static func status(_ arguments: CommandLineArguments) async throws -> Int32 {
    guard arguments.positionals.count <= 1 else {
      throw CommandLineArguments.UsageError(message: "'docent status' takes at most one PATH")
    }
    let logger = try makeLogger(arguments, default: .warning)
    let path = absolutePath(arguments.positionals.first ?? FileManager.default.currentDirectoryPath)
    let engine = try await openWorkspace(path, logger: logger, arguments: arguments)
    await engine.flushIndexes()
    let snapshot = engine.snapshot()
    if arguments.flags.contains("json") {
      let object: [String: Any] = [
        "ready": snapshot.isReady, "state": snapshot.state.rawValue, "files": snapshot.fileCount,
        "chunks": snapshot.chunkCount, "symbols": snapshot.symbolCount,
        "embeddingState": snapshot.embedding.phase.rawValue, "embeddedChunks": snapshot.embedding.embeddedChunkCount,
        "roots": snapshot.roots.map { DocentEngine.uri(forPath: $0) }, "version": docentVersion,
      ]
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
      writeOutput(String(decoding: data, as: UTF8.self) + "\n")
    } else {
      writeOutput(
        """
        workspace  \(snapshot.roots.joined(separator: ", "))
        state      \(snapshot.state.rawValue)
        files      \(snapshot.fileCount)
        chunks     \(snapshot.chunkCount)
        symbols    \(snapshot.symbolCount)
        version    \(docentVersion)

        """)
    }
    return 0
  }

  /// Opens `path` as the only root, loads or builds its index and waits until it is current.
  ///
  /// Unless `--no-semantic` is given, the embedding model is loaded from `--models` (or the default models
  /// directory) and every chunk is embedded; a missing model is reported on stderr and search stays lexical.
  static func openWorkspace(
    _ path: String, logger: Logger, arguments: CommandLineArguments
  ) async throws -> DocentEngine {
    let engine = DocentEngine(logger: logger) { event in
      if case .notice(let notice) = event { writeError("docent: \(notice.message)\n") }
    }
    if arguments.flags.contains("no-semantic") {
      engine.configureEmbedding(.disabled)
    } else {
      let models = arguments.options["models"].map { ModelsDirectory(path: absolutePath($0)) }
        ?? ModelsDirectory.fromEnvironment()
      engine.configureEmbedding(EmbeddingConfiguration(loader: .bert, modelPath: models.embeddingModelPath))
    }
    if let error = engine.addRoots([DocentEngine.uri(forPath: path)]).first {
      throw CommandLineArguments.UsageError(message: error.message)
    }
    engine.start()
    try await engine.synchronize()
    return engine
  }

  static func index(_ arguments: CommandLineArguments) async throws -> Int32 {
    guard arguments.positionals.count <= 1 else {
      throw CommandLineArguments.UsageError(message: "'docent index' takes at most one PATH")
    }
    let logger = try makeLogger(arguments, default: .warning)
    let path = absolutePath(arguments.positionals.first ?? FileManager.default.currentDirectoryPath)
    let clock = ContinuousClock()
    let start = clock.now
    let engine = try await openWorkspace(path, logger: logger, arguments: arguments)
    await engine.flushIndexes()
    let elapsed = clock.now - start
    let snapshot = engine.snapshot()
    if arguments.flags.contains("json") {
      let object: [String: Any] = [
        "root": DocentEngine.uri(forPath: path), "files": snapshot.fileCount, "chunks": snapshot.chunkCount,
        "symbols": snapshot.symbolCount, "seconds": elapsed.seconds,
      ]
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
      writeOutput(String(decoding: data, as: UTF8.self) + "\n")
    } else {
      writeOutput(
        """
        indexed    \(path)
        files      \(snapshot.fileCount)
        chunks     \(snapshot.chunkCount)
        symbols    \(snapshot.symbolCount)
        time       \(String(format: "%.2f s", elapsed.seconds))

        """)
    }
    return 0
  }

  static func search(_ arguments: CommandLineArguments) async throws -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw CommandLineArguments.UsageError(message: "'docent search' needs a QUERY; see 'docent search --help'")
    }
    let query = arguments.positionals.joined(separator: " ")
    let logger = try makeLogger(arguments, default: .warning)
    let limit = try arguments.integer("limit", default: 10, range: 1...100)
    let path = absolutePath(arguments.options["workspace"] ?? FileManager.default.currentDirectoryPath)
    let engine = try await openWorkspace(path, logger: logger, arguments: arguments)
    let options = SearchOptions(
      limit: limit, pathGlobs: arguments.repeated("path"), languages: arguments.repeated("language"))
    var mode: SearchMode?
    if let name = arguments.options["mode"] {
      guard let parsed = SearchMode(rawValue: name) else {
        throw CommandLineArguments.UsageError(message: "--mode must be lexical, semantic or hybrid, not '\(name)'")
      }
      mode = parsed
    }
    let results = try await engine.search(query, options: options, mode: mode, in: engine.snapshot())
    await engine.flushIndexes()
    let root = engine.snapshot().roots.first ?? path
    func relative(_ file: String) -> String {
      file.hasPrefix(root + "/") ? String(file.dropFirst(root.count + 1)) : file
    }
    if arguments.flags.contains("json") {
      let objects: [[String: Any]] = results.map { result in
        var object: [String: Any] = [
          "path": relative(result.path), "uri": result.uri, "startLine": result.startLine + 1,
          "endLine": result.endLine + 1, "score": result.score, "language": result.language, "snippet": result.snippet,
        ]
        if let symbol = result.symbol { object["symbol"] = symbol }
        if let kind = result.kind { object["kind"] = kind }
        return object
      }
      let data = try JSONSerialization.data(
        withJSONObject: ["query": query, "results": objects], options: [.sortedKeys, .withoutEscapingSlashes])
      writeOutput(String(decoding: data, as: UTF8.self) + "\n")
    } else if results.isEmpty {
      writeOutput("no results for '\(query)'\n")
    } else {
      var text = ""
      for (rank, result) in results.enumerated() {
        let location = "\(relative(result.path)):\(result.startLine + 1)-\(result.endLine + 1)"
        let symbol = result.symbol.map { "  \($0)" + (result.kind.map { " (\($0))" } ?? "") } ?? ""
        text += String(format: "%2d. %6.2f  ", rank + 1, result.score) + location + symbol + "\n"
        let firstLine = result.snippet.split(separator: "\n").first.map(String.init) ?? ""
        text += "              " + firstLine.trimmingCharacters(in: .whitespaces).prefix(100) + "\n"
      }
      writeOutput(text)
    }
    return 0
  }

  static func bench(_ arguments: CommandLineArguments) async throws -> Int32 {
    if arguments.positionals == ["index"] { return try await benchIndex(arguments) }
    if arguments.positionals == ["embed"] { return try benchEmbed(arguments) }
    if arguments.positionals == ["search"] { return try await benchSearch(arguments) }
    if arguments.positionals == ["model"] { return try await benchModel(arguments) }
    guard arguments.positionals == ["rpc"] else {
      throw CommandLineArguments.UsageError(
        message: "unknown benchmark '\(arguments.positionals.joined(separator: " "))'; available: rpc, index, embed, search, model")
    }
    let requests = try arguments.integer("requests", default: 2000, range: 1...10_000_000)
    let pipelined = try arguments.integer("pipelined", default: 10_000, range: 1...10_000_000)
    var workspace = arguments.options["workspace"].map(absolutePath)
    var temporary: String?
    if workspace == nil {
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docent-bench-\(getpid())").path
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      workspace = folder
      temporary = folder
    }
    defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
    #if DEBUG
      StandardError.write("docent bench: this is a debug build; use 'swift build -c release' for figures.\n")
    #endif
    let report = try await RPCBenchmark.run(
      executable: currentExecutable(), workspace: workspace ?? "/", roundTrips: requests, pipelined: pipelined)
    func milliseconds(_ duration: Duration) -> String { String(format: "%.3f ms", duration.seconds * 1000) }
    writeOutput(
      """
      bench rpc (docent/status round trips over pipes to 'docent serve')
        round trips     \(report.roundTrips)
        p50             \(milliseconds(report.p50))
        p99             \(milliseconds(report.p99))
        pipelined       \(report.pipelinedRequests) requests in \(milliseconds(report.pipelinedElapsed))
        throughput      \(String(format: "%.0f", report.requestsPerSecond)) requests/s

      """)
    return 0
  }

  static func absolutePath(_ path: String) -> String {
    let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    return url.standardizedFileURL.path
  }

  static func currentExecutable() -> String {
    #if os(Linux)
      if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        return resolved
      }
    #endif
    return Bundle.main.executablePath ?? CommandLine.arguments[0]
  }
}
