import Basics
import Foundation
import Testing

@Suite struct AtomicFileTests {
  struct InjectedFailure: Error {}

  func makeDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "docent-atomic-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func writeCreatesAndReplaces() throws {
    let directory = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/index.bin"
    try AtomicFile.write(Array("first".utf8), to: path)
    #expect(try AtomicFile.contents(atPath: path) == Array("first".utf8))
    try AtomicFile.write(Array("second, longer".utf8), to: path)
    #expect(try AtomicFile.contents(atPath: path) == Array("second, longer".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["index.bin"])
  }

  @Test func failureMidwayLeavesTheOldFileAndNoTemporaryFile() throws {
    let directory = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/index.bin"
    try AtomicFile.write(Array("old contents".utf8), to: path)
    #expect(throws: InjectedFailure.self) {
      try AtomicFile.write(to: path) { output in
        try output.write([UInt8](repeating: 0x41, count: 100_000))
        throw InjectedFailure()
      }
    }
    #expect(try AtomicFile.contents(atPath: path) == Array("old contents".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["index.bin"])
  }

  /// A writer killed mid-write leaves its temporary file; the next write of the same file removes it, but keeps
  /// the temporary files of processes that still run and those of other destinations.
  @Test func writeRemovesTemporaryFilesOfDeadWriters() throws {
    let directory = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/index.bin"
    // No process has the largest PID; PID 1 always runs.
    let dead = ".index.bin.tmp-\(Int32.max)-1a2b"
    let running = ".index.bin.tmp-1-3c4d"
    let otherFile = ".vectors.bin.tmp-\(Int32.max)-5e6f"
    for name in [dead, running, otherFile] { try Data("partial".utf8).write(to: URL(fileURLWithPath: directory + "/" + name)) }
    try AtomicFile.write(Array("new".utf8), to: path)
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    #expect(names == [running, otherFile, "index.bin"].sorted())
  }

  @Test func writeIntoAMissingDirectoryThrows() throws {
    let directory = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(throws: SystemError.self) {
      try AtomicFile.write([1, 2, 3], to: directory + "/missing/index.bin")
    }
  }

  @Test func readingAMissingFileThrows() {
    #expect(throws: SystemError.self) { try AtomicFile.contents(atPath: "/nonexistent/docent/file") }
  }

  @Test func emptyFileRoundTrips() throws {
    let directory = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try AtomicFile.write([], to: directory + "/empty")
    #expect(try AtomicFile.contents(atPath: directory + "/empty") == [])
  }
}
