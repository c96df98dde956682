import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// `docent index` killed with SIGKILL at arbitrary moments (while reading, chunking and writing its index file):
/// the next run must open a consistent index or rebuild it, and end with exactly the workspace's files indexed.
@Suite struct IndexCrashSafetyEndToEndTests {
  /// A workspace with enough files that indexing and saving take a while.
  static func makeWorkspace() throws -> TemporaryWorkspace {
    let workspace = try TemporaryWorkspace()
    for index in 0..<400 {
      var text = "/// Computes value number \(index) of the series.\n"
      for line in 0..<60 { text += "func series\(index)Step\(line)(x: Int) -> Int { x * \(line) + \(index) }\n" }
      try workspace.write(text, to: "Sources/Module\(index % 20)/File\(index).swift")
    }
    return workspace
  }

  /// Runs `docent index --json` with the cache in `cache`, returning its exit status and output.
  static func runIndex(_ workspace: TemporaryWorkspace, cache: String, killAfter delay: Duration?) async throws
    -> (status: Int32, output: String)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try DocentExecutable.path())
    // Lexical only: embedding 400 files in a debug build would outlast the timeouts; the vectors live in the same
    // atomically replaced file, so the lexical index shows its crash safety for them too.
    process.arguments = ["index", workspace.url.path, "--json", "--log-level", "off", "--no-semantic"]
    process.environment = ProcessInfo.processInfo.environment.merging(["DOCENT_CACHE_DIR": cache]) { $1 }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    if let delay {
      try await Task.sleep(for: delay)
      kill(process.processIdentifier, SIGKILL)
    }
    let data = try await withTimeout(.seconds(120), "docent index to finish") {
      try output.fileHandleForReading.readToEnd() ?? Data()
    }
    try await withTimeout(.seconds(30), "docent index to exit") {
      while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
    }
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test func killedIndexingNeverLeavesAnIndexThatCannotBeOpened() async throws {
    let workspace = try Self.makeWorkspace()
    defer { workspace.remove() }
    let cache = workspace.url.path + "-cache"
    defer { try? FileManager.default.removeItem(atPath: cache) }

    // A clean run gives the reference figures.
    let reference = try await Self.runIndex(workspace, cache: cache, killAfter: nil)
    #expect(reference.status == 0)
    #expect(reference.output.contains("\"files\":400"), "\(reference.output)")
    // Every round below is an update of a few files (load, re-read, save), much shorter than the first, full
    // run: time one such update, so the kills land across its phases instead of after it has finished.
    for index in stride(from: 3, to: 400, by: 37) {
      try workspace.write("func warmup\(index)() {}\n", to: "Sources/Module\(index % 20)/File\(index).swift")
    }
    let clock = ContinuousClock()
    let start = clock.now
    let update = try await Self.runIndex(workspace, cache: cache, killAfter: nil)
    let duration = clock.now - start
    #expect(update.status == 0)

    var killed = 0
    for round in 0..<12 {
      // Each round changes some files (so there is work and a new index to write), then kills at a moment
      // spread over the run's length.
      for index in stride(from: round % 7, to: 400, by: 37) {
        try workspace.write("func changed\(round)x\(index)() {}\n", to: "Sources/Module\(index % 20)/File\(index).swift")
      }
      let fraction = Double(round % 8 + 1) / 9
      let result = try await Self.runIndex(workspace, cache: cache, killAfter: duration * fraction)
      if result.status != 0 { killed += 1 }
      // Whatever the kill interrupted, the next run opens the stored index (or rebuilds it) and is complete.
      let check = try await Self.runIndex(workspace, cache: cache, killAfter: nil)
      #expect(check.status == 0)
      #expect(check.output.contains("\"files\":400"), "round \(round): \(check.output)")
    }
    #expect(killed > 0, "no run was interrupted; the kills came too late to test anything")
  }
}
