import Foundation
import TestSupport

/// A scratch git repository for comparing our ignore decisions with git's own.
///
/// Git runs with an empty environment configuration (no system or global config, `HOME` inside the scratch
/// folder) so a developer's `core.excludesFile` cannot change the answers.
struct GitRepository {
  let workspace: TemporaryWorkspace
  var path: String { workspace.url.path }

  /// Makes a folder and runs `git init` in it.
  init() throws {
    workspace = try TemporaryWorkspace()
    _ = try run(["init", "-q"])
  }

  func remove() { workspace.remove() }

  /// Writes a file (relative path), creating folders.
  func write(_ text: String, to relativePath: String) throws {
    try workspace.write(text, to: relativePath)
  }

  /// The paths among `paths` that `git check-ignore --no-index` reports as ignored.
  func ignoredPaths(_ paths: [String]) throws -> Set<String> {
    let input = paths.map { $0 + "\0" }.joined()
    return Set(
      try run(["check-ignore", "--no-index", "--stdin", "-z"], input: input, acceptedStatuses: [0, 1])
        .split(separator: "\0").map(String.init))
  }

  /// The files `git ls-files --others --exclude-standard` lists (untracked and not ignored).
  func untrackedFiles() throws -> Set<String> {
    Set(try run(["ls-files", "--others", "--exclude-standard", "-z"]).split(separator: "\0").map(String.init))
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// Runs git in the repository and returns its standard output.
  @discardableResult
  func run(_ arguments: [String], input: String = "", acceptedStatuses: Set<Int32> = [0]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    process.currentDirectoryURL = workspace.url
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    environment["HOME"] = path
    environment["XDG_CONFIG_HOME"] = path + "/.git/xdg"
    process.environment = environment
    let standardInput = Pipe()
    let standardOutput = Pipe()
    let standardError = Pipe()
    process.standardInput = standardInput
    process.standardOutput = standardOutput
    process.standardError = standardError
    try process.run()
    standardInput.fileHandleForWriting.write(Data(input.utf8))
    try standardInput.fileHandleForWriting.close()
    let output = standardOutput.fileHandleForReading.readDataToEndOfFile()
    let errors = standardError.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard acceptedStatuses.contains(process.terminationStatus) else {
      throw Failure(
        description: "git \(arguments.joined(separator: " ")) exited with \(process.terminationStatus): "
          + String(decoding: errors, as: UTF8.self))
    }
    return String(decoding: output, as: UTF8.self)
  }
}
