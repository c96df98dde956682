public import Foundation

/// A workspace folder made for one test from an inline fixture, removed by ``remove()``.
///
/// The fixture is one string with `//- relative/path` header lines, each followed by that file's text:
///
/// ```swift
/// let workspace = try TemporaryWorkspace("""
///   //- Sources/Geometry.swift
///   func circleArea(radius: Double) -> Double { .pi * radius * radius }
///   //- README.md
///   # Geometry
///   """)
/// ```
public struct TemporaryWorkspace: Sendable {
  /// The workspace folder (canonical: symbolic links such as `/tmp` are resolved).
  public let url: URL

  /// Creates the folder and writes the fixture's files.
  public init(_ fixture: String = "") throws {
    let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
    url = base.appendingPathComponent("docent-test-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (path, text) in Self.parse(fixture) {
      try write(text, to: path)
    }
  }

  /// Writes `text` to a path relative to the workspace, creating folders.
  public func write(_ text: String, to relativePath: String) throws {
    let file = url.appendingPathComponent(relativePath)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: file)
  }

  /// The `file:` URI of a path relative to the workspace.
  public func uri(_ relativePath: String = "") -> String {
    TestClient.uri(for: relativePath.isEmpty ? url : url.appendingPathComponent(relativePath))
  }

  /// Deletes the folder.
  public func remove() {
    try? FileManager.default.removeItem(at: url)
  }

  /// Splits a fixture into (path, text) pairs.
  public static func parse(_ fixture: String) -> [(String, String)] {
    var files: [(String, String)] = []
    var currentPath: String?
    var lines: [Substring] = []
    func flush() {
      if let currentPath { files.append((currentPath, lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n"))) }
      lines = []
    }
    for line in fixture.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("//- ") {
        flush()
        currentPath = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces)
      } else if currentPath != nil {
        lines.append(line)
      }
    }
    flush()
    return files
  }
}

/// Locates the `docent` binary that `swift build` produced next to the test bundle (or `$DOCENT_EXECUTABLE`).
public enum DocentExecutable {
  /// The path of the built `docent` executable.
  ///
  /// - Throws: When it does not exist (build it with `swift build`).
  public static func path() throws -> String {
    if let override = ProcessInfo.processInfo.environment["DOCENT_EXECUTABLE"] { return override }
    var candidates: [URL] = []
    if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
      candidates.append(bundle.bundleURL.deletingLastPathComponent())
    }
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    candidates.append(executable.deletingLastPathComponent())
    candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
    for directory in candidates {
      let path = directory.appendingPathComponent("docent").path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    struct Missing: Error, CustomStringConvertible {
      let searched: [URL]
      var description: String {
        "the docent executable was not found next to the tests (searched \(searched.map(\.path))); run 'swift build'"
      }
    }
    throw Missing(searched: candidates)
  }
}
