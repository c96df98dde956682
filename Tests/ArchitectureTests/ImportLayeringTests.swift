import Foundation
import Testing

/// Scans the `import` lines of every file under `Sources/` and checks them against the layering table of
/// STYLE.md §2, so a target cannot start depending on a layer above it (or on a module outside the toolchain).
@Suite struct ImportLayeringTests {
  /// What each target may import besides the standard library; Foundation and Dispatch are allowed everywhere
  /// except `Kernels`, which may use Dispatch only.
  static let allowed: [String: Set<String>] = [
    "Basics": ["Synchronization", "Glibc", "Darwin"],
    "Kernels": ["Dispatch"],
    "GGUF": ["Basics"],
    "Safetensors": ["Basics"],
    "Tokenization": ["Basics"],
    "SourceScanning": ["Basics"],
    "Retrieval": ["SourceScanning", "Kernels", "Basics"],
    "Inference": ["Kernels", "GGUF", "Safetensors", "Tokenization", "Basics"],
    "Training": ["Inference", "Kernels", "GGUF", "Safetensors", "Basics"],
    "Workspace": ["Basics"],
    "Engine": ["Workspace", "SourceScanning", "Retrieval", "Inference", "Training", "Basics"],
    "JSONRPC": ["Basics"],
    "LSP": ["JSONRPC"],
    "Server": ["LSP", "JSONRPC", "Engine", "Basics"],
    "docent": ["Server", "Engine", "Basics"],
    // The fuzz targets drive each reader's pure entry point over bytes (STYLE.md §2); built only by scripts/fuzz.sh.
    "Fuzzing": ["JSONRPC", "LSP", "GGUF", "Safetensors", "Workspace", "SourceScanning", "Tokenization", "Basics"],
  ]

  /// Toolchain modules that every target except `Kernels` may import, and the platform C modules the file
  /// readers and system-call wrappers use.
  static let everywhere: Set<String> = ["Foundation", "Dispatch", "Synchronization", "Glibc", "Darwin"]

  static var sourcesDirectory: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources")
  }

  /// The module names a Swift file imports (`import X`, `public import X`, `@testable import X`, `import struct X.Y`).
  static func imports(in text: String) -> [String] {
    var modules: [String] = []
    for rawLine in text.split(separator: "\n") {
      var words = rawLine.split(separator: " ").map(String.init).filter { !$0.isEmpty }
      while let first = words.first, first.hasPrefix("@") || ["public", "package", "internal", "private",
        "fileprivate"].contains(first) {
        words.removeFirst()
      }
      guard words.first == "import", words.count >= 2 else { continue }
      var module = words[1]
      if ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"].contains(module), words.count >= 3 {
        module = words[2]
      }
      modules.append(String(module.split(separator: ".").first ?? ""))
    }
    return modules
  }

  static func targets() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: sourcesDirectory.path).filter { !$0.hasPrefix(".") }.sorted()
  }

  @Test func everyTargetIsInTheTable() throws {
    for target in try Self.targets() where target != "TestSupport" {
      #expect(Self.allowed[target] != nil, "Sources/\(target) is not in the layering table (STYLE.md §2)")
    }
  }

  @Test(arguments: try targets().filter { $0 != "TestSupport" })
  func importsFollowTheLayering(target: String) throws {
    let allowed = (Self.allowed[target] ?? []).union(target == "Kernels" ? ["Dispatch"] : Self.everywhere)
    let directory = Self.sourcesDirectory.appendingPathComponent(target)
    let enumerator = FileManager.default.enumerator(atPath: directory.path)
    var checked = 0
    while let relative = enumerator?.nextObject() as? String {
      guard relative.hasSuffix(".swift") else { continue }
      let text = try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
      for module in Self.imports(in: text) {
        #expect(allowed.contains(module), "Sources/\(target)/\(relative) imports \(module), which \(target) may not")
      }
      checked += 1
    }
    #expect(checked > 0, "no Swift files found in Sources/\(target)")
  }

  @Test func noTypeSharesItsModulesName() throws {
    for target in try Self.targets() {
      let directory = Self.sourcesDirectory.appendingPathComponent(target)
      let enumerator = FileManager.default.enumerator(atPath: directory.path)
      while let relative = enumerator?.nextObject() as? String {
        guard relative.hasSuffix(".swift") else { continue }
        let text = try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
        for keyword in ["struct", "class", "enum", "actor", "protocol", "typealias"] {
          #expect(
            !text.contains("\(keyword) \(target) ") && !text.contains("\(keyword) \(target):")
              && !text.contains("\(keyword) \(target){"),
            "Sources/\(target)/\(relative) declares a type named like its module")
        }
      }
    }
  }

  @Test func nothingButTheWriterTouchesStandardOutput() throws {
    // `docent serve` owns stdout; only the CLI's non-serving commands may print, through `writeOutput`.
    for target in try Self.targets() where target != "TestSupport" {
      let directory = Self.sourcesDirectory.appendingPathComponent(target)
      let enumerator = FileManager.default.enumerator(atPath: directory.path)
      while let relative = enumerator?.nextObject() as? String {
        guard relative.hasSuffix(".swift") else { continue }
        let text = try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
        for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
          #expect(!line.contains("print("), "Sources/\(target)/\(relative): print() writes to stdout: \(line)")
          if target != "docent" {
            #expect(
              !line.contains("standardOutput.write") && !line.contains("FileHandle.standardOutput"),
              "Sources/\(target)/\(relative) writes to stdout: \(line)")
          }
        }
      }
    }
  }

  @Test func theImportScannerReadsEveryForm() {
    let text = """
      import Foundation
      public import Basics
      @testable import Server
      @preconcurrency internal import Dispatch
      import struct Engine.TextEdit
      // import Commented
      let importantValue = 1
      """
    #expect(Self.imports(in: text) == ["Foundation", "Basics", "Server", "Dispatch", "Engine"])
  }
}
