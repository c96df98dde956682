import Basics
import Engine
import Foundation

extension DocentCLI {
  /// `docent bench search`: exact and HNSW vector search on seeded random unit vectors (release build).
  static func benchSearch(_ arguments: CommandLineArguments) async throws -> Int32 {
    var options = VectorSearchBenchmark.Options()
    func integer(_ name: String) throws -> Int? {
      guard let text = arguments.options[name] else { return nil }
      guard let value = Int(text), value >= 0 else {
        throw CommandLineArguments.UsageError(message: "--\(name) needs a non-negative integer, got '\(text)'")
      }
      return value
    }
    if let value = try integer("count") { options.graphCount = value }
    if let value = try integer("exact-count") { options.exactCount = value }
    if let value = try integer("queries") { options.queryCount = max(value, 1) }
    if let value = try integer("dimension") { options.dimension = max(value, 1) }
    if let value = try integer("m") { options.m = min(max(value, 2), 256) }
    if let value = try integer("ef-construction") { options.efConstruction = max(value, 1) }
    if let value = try integer("threads") { options.threadCount = max(value, 1) }
    if let value = try integer("k") { options.k = max(value, 1) }
    if let value = try integer("seed") { options.seed = UInt64(value) }
    if let value = try integer("intrinsic-dimension") { options.intrinsicDimension = min(value, options.dimension) }
    if let text = arguments.options["ef-search"] {
      let values = text.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
      guard !values.isEmpty else {
        throw CommandLineArguments.UsageError(message: "--ef-search needs a comma-separated list of integers")
      }
      options.efSearches = values
    }
    if let encoding = arguments.options["encoding"] { options.graphEncoding = encoding }
    options.exportDirectory = arguments.options["export"].map(absolutePath)
    if arguments.flags.contains("quick") {
      options.graphCount = min(options.graphCount, 100_000)
      options.exactCount = min(options.exactCount, 100_000)
    }
    #if DEBUG
      StandardError.write("docent bench search: this is a debug build; use 'swift build -c release' for figures.\n")
    #endif
    let chosen = options
    let figures = try await BlockingWork.run(name: "bench-search") { _ in
      Result { try VectorSearchBenchmark.run(chosen) { StandardError.write($0 + "\n") } }
    }.get()
    if arguments.flags.contains("json") {
      var object: [String: Any] = [:]
      for figure in figures { object[figure.key] = figure.value }
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      writeOutput(String(decoding: data, as: UTF8.self) + "\n")
    } else {
      writeOutput(figures.map { String(format: "%-40@ %12.4f", $0.key as NSString, $0.value) }.joined(separator: "\n") + "\n")
    }
    return 0
  }
}
