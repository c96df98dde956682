import Foundation
import JSONRPC
import LSP
import Testing
import TestSupport

/// The built `docent` command line: help for the tool and for each subcommand, the version, usage errors that say
/// what to do (status 64, stderr only), and the README's CLI reference agreeing with the help.
@Suite struct CommandLineEndToEndTests {
  /// What one run of `docent` printed and returned.
  struct Run: Sendable {
    var status: Int32
    var standardOutput: String
    var standardError: String
  }

  /// Runs the built `docent` with `arguments` and no input, with its cache in a fresh temporary directory.
  static func docent(_ arguments: [String]) async throws -> Run {
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent("docent-cli-cache-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: cache) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try DocentExecutable.path())
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(["DOCENT_CACHE_DIR": cache.path]) { $1 }
    let output = Pipe()
    let error = Pipe()
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = error
    try process.run()
    // Read both pipes to the end before waiting, so a full pipe cannot stall the child.
    async let standardOutput = output.fileHandleForReading.readToEnd() ?? Data()
    async let standardError = error.fileHandleForReading.readToEnd() ?? Data()
    let (out, err) = try await (standardOutput, standardError)
    try await withTimeout(.seconds(60), "docent \(arguments.joined(separator: " ")) to exit") {
      while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
    }
    return Run(
      status: process.terminationStatus, standardOutput: String(decoding: out, as: UTF8.self),
      standardError: String(decoding: err, as: UTF8.self))
  }

  /// The subcommands `docent --help` lists, with the options each one's help lists.
  static let subcommands: [(name: String, options: [String])] = [
    ("serve", ["--stdio", "--log-level", "--max-message-bytes", "--help"]),
    ("status", ["--json", "--models", "--no-semantic", "--log-level", "--help"]),
    ("index", ["--json", "--models", "--no-semantic", "--log-level", "--help"]),
    ("search", [
      "--workspace", "--limit", "--path", "--language", "--json", "--mode", "--models", "--no-semantic", "--log-level",
      "--help",
    ]),
    ("bench", ["--requests", "--pipelined", "--workspace", "--queries", "--json", "--help"]),
  ]

  @Test(arguments: [["--help"], ["-h"], ["help"]])
  func generalHelpListsEverySubcommand(_ arguments: [String]) async throws {
    let run = try await Self.docent(arguments)
    #expect(run.status == 0)
    #expect(run.standardError.isEmpty)
    #expect(run.standardOutput.contains("USAGE: docent <command> [options]"))
    for subcommand in Self.subcommands {
      #expect(run.standardOutput.contains("\n  \(subcommand.name) "), "\(subcommand.name) missing from the help")
    }
    #expect(run.standardOutput.contains("--version"))
  }

  /// `docent X --help`, `docent X -h` and `docent help X` print X's usage and every option it takes.
  @Test(arguments: subcommands.map(\.name))
  func everySubcommandHasItsOwnHelp(_ name: String) async throws {
    let options = try #require(Self.subcommands.first { $0.name == name }?.options)
    var texts: [String] = []
    for arguments in [[name, "--help"], [name, "-h"], ["help", name]] {
      let run = try await Self.docent(arguments)
      #expect(run.status == 0, "\(arguments)")
      #expect(run.standardError.isEmpty, "\(arguments): \(run.standardError)")
      #expect(run.standardOutput.contains("USAGE: docent \(name)"), "\(arguments)")
      for option in options {
        #expect(run.standardOutput.contains("  \(option)"), "\(arguments): \(option) missing")
      }
      texts.append(run.standardOutput)
    }
    #expect(Set(texts).count == 1, "the three spellings print the same help")
    let general = try await Self.docent(["--help"])
    #expect(texts.first != general.standardOutput)
  }

  @Test(arguments: [["--version"], ["-V"], ["version"]])
  func versionMatchesTheServerInfo(_ arguments: [String]) async throws {
    let run = try await Self.docent(arguments)
    #expect(run.status == 0)
    #expect(run.standardError.isEmpty)
    let client = try TestClient.launch(executable: try DocentExecutable.path())
    let version = try await client.initialize(workspace: nil).serverInfo?.version
    try await client.shutdownAndExit()
    #expect(run.standardOutput == "docent \(try #require(version))\n")
  }

  /// A usage error exits with 64, prints nothing on stdout, and says on stderr what was wrong and where help is.
  struct UsageError: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var message: String
    var testDescription: String { arguments.joined(separator: " ") }
  }

  static let usageErrors: [UsageError] = [
    UsageError(arguments: [], message: "USAGE: docent <command>"),
    UsageError(arguments: ["frobnicate"], message: "unknown command 'frobnicate'"),
    UsageError(
      arguments: ["serve", "--bogus"], message: "unknown option '--bogus' for 'docent serve'; see 'docent serve --help'"),
    UsageError(arguments: ["serve", "--max-message-bytes"], message: "'--max-message-bytes' needs a value N"),
    UsageError(arguments: ["serve", "--max-message-bytes=lots"], message: "'--max-message-bytes' must be an integer"),
    UsageError(arguments: ["serve", "--max-message-bytes", "10"], message: "'--max-message-bytes' must be an integer"),
    UsageError(arguments: ["serve", "--stdio=yes"], message: "'--stdio' takes no value"),
    UsageError(arguments: ["serve", "extra"], message: "'docent serve' takes no arguments"),
    UsageError(arguments: ["serve", "--log-level", "loud"], message: "unknown log level 'loud'"),
    UsageError(arguments: ["status", "a", "b"], message: "'docent status' takes at most one PATH"),
    UsageError(arguments: ["search"], message: "'docent search' needs a QUERY; see 'docent search --help'"),
    UsageError(arguments: ["search", "x", "--limit", "0"], message: "'--limit' must be an integer in 1...100"),
    UsageError(arguments: ["bench", "nothing"], message: "unknown benchmark 'nothing'; available: rpc, index"),
  ]

  @Test(arguments: usageErrors)
  func usageErrorExitsWith64AndExplains(_ error: UsageError) async throws {
    let run = try await Self.docent(error.arguments)
    #expect(run.status == 64)
    #expect(run.standardOutput.isEmpty)
    #expect(run.standardError.contains(error.message), "\(run.standardError)")
  }

  /// `--stdio`, which editors pass, is accepted and changes nothing.
  @Test func serveAcceptsStdio() async throws {
    let workspace = try TemporaryWorkspace(oneFileFixture)
    defer { workspace.remove() }
    let client = try TestClient.launch(executable: try DocentExecutable.path(), arguments: ["--stdio"])
    try await client.initialize(workspace: workspace.url)
    #expect(try await client.send(SynchronizeRequest()).files == 1)
    #expect(try await client.shutdownAndExit() == 0)
  }

  @Test func statusPrintsWhatTheServerWouldKnow() async throws {
    let workspace = try TemporaryWorkspace(
      """
      //- Sources/A.swift
      func alpha() {}
      //- README.md
      # Title
      """)
    defer { workspace.remove() }
    // Lexical only: the model's load and embedding belong to SemanticSearchEndToEndTests.
    let run = try await Self.docent(["status", workspace.url.path, "--json", "--no-semantic"])
    #expect(run.status == 0, "\(run.standardError)")
    let status = try JSONDecoder().decode(JSONValue.self, from: Data(run.standardOutput.utf8))
    #expect(status["files"] == 2)
    #expect(status["ready"] == true)
    #expect(status["roots"] == [.string(workspace.uri())])

    let missing = try await Self.docent(["status", workspace.url.appendingPathComponent("nowhere").path])
    #expect(missing.status == 64)
    #expect(missing.standardOutput.isEmpty)
    #expect(missing.standardError.contains("does not exist"), "\(missing.standardError)")
  }

  /// The README's CLI reference shows each subcommand's usage line as the help prints it, and every option.
  @Test(arguments: subcommands.map(\.name))
  func readmeDocumentsTheSubcommandAsItsHelpDoes(_ name: String) async throws {
    let readme = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
    let reference = try #require(readme.components(separatedBy: "## CLI reference").dropFirst().first)
      .components(separatedBy: "\n## ").first ?? ""
    let help = try await Self.docent([name, "--help"]).standardOutput
    let usageLines = help.components(separatedBy: "USAGE: ").dropFirst().first?
      .components(separatedBy: "\n\n").first?.split(separator: "\n")
      .map { $0.trimmingCharacters(in: .whitespaces) } ?? []
    #expect(!usageLines.isEmpty)
    for usage in usageLines {
      #expect(reference.contains("**`\(usage)`**"), "README lacks the usage line \(usage)")
    }
    // The entries of this subcommand: from its usage line to the next subcommand's.
    let entries = reference.components(separatedBy: "**`docent ").filter { $0.hasPrefix("\(name) ") }.joined()
    for option in Self.subcommands.first(where: { $0.name == name })?.options ?? [] where option != "--help" {
      #expect(entries.contains(option), "README lacks \(option) of docent \(name)")
    }
  }
}
