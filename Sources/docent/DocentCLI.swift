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
      name: "status", usage: "docent status [PATH] [--json] [--log-level LEVEL]",
      summary: "Scan a workspace (default: the current directory) and print what the server would know.",
      options: [
        .init(name: "json", valueName: nil, help: "Print the status as JSON."),
        logLevelOption,
        helpOption,
      ],
      run: status),
    Subcommand(
      name: "bench", usage: "docent bench rpc [--requests N] [--pipelined N] [--workspace PATH]",
      summary: "Benchmarks (use a release build). 'rpc': request round-trip latency and pipelined throughput.",
      options: [
        .init(name: "requests", valueName: "N", help: "Sequential round trips to time (default 2000)."),
        .init(name: "pipelined", valueName: "N", help: "Requests sent back to back (default 10000)."),
        .init(name: "workspace", valueName: "PATH", help: "Workspace the server opens (default: an empty temporary one)."),
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
    let engine = DocentEngine(logger: logger)
    if let error = engine.addRoots([DocentEngine.uri(forPath: path)]).first {
      StandardError.write("docent status: \(error.message)\n")
      return 1
    }
    engine.start()
    try await engine.synchronize()
    let snapshot = engine.snapshot()
    if arguments.flags.contains("json") {
      let object: [String: Any] = [
        "ready": snapshot.isReady, "state": snapshot.state.rawValue, "files": snapshot.fileCount,
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
        version    \(docentVersion)

        """)
    }
    return 0
  }

  static func bench(_ arguments: CommandLineArguments) async throws -> Int32 {
    guard arguments.positionals == ["rpc"] else {
      throw CommandLineArguments.UsageError(
        message: "unknown benchmark '\(arguments.positionals.joined(separator: " "))'; available: rpc")
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
