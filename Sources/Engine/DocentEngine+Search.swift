import Basics
import Synchronization
import Retrieval
import Workspace

/// What to search and how much to return.
public struct SearchOptions: Sendable, Hashable {
  /// The most results.
  public var limit: Int
  /// Gitignore-style globs relative to a root; when non-empty a result's path must match one.
  public var pathGlobs: [String]
  /// Language names (`swift`, `python`, …); when non-empty a result must be in one.
  public var languages: [String]

  public init(limit: Int = 10, pathGlobs: [String] = [], languages: [String] = []) {
    self.limit = limit
    self.pathGlobs = pathGlobs
    self.languages = languages
  }
}

/// One ranked chunk.
public struct SearchResult: Sendable, Hashable {
  /// The file's `file:` URI.
  public let uri: String
  /// The file's canonical path.
  public let path: String
  /// First line, 0-based.
  public let startLine: Int
  /// Last line, 0-based, inclusive.
  public let endLine: Int
  public let score: Double
  /// The chunk's first lines.
  public let snippet: String
  /// `Container.name` of the declaration the chunk covers, if any.
  public let symbol: String?
  /// The declaration's kind, if any.
  public let kind: String?
  public let language: String
}

/// A declaration found by name.
public struct SymbolResult: Sendable, Hashable {
  public let name: String
  public let kind: String
  /// The enclosing type or namespace, if any.
  public let container: String?
  public let uri: String
  /// The declaration's line, 0-based.
  public let line: Int
}

/// Candidates fetched per requested result, so that de-duplication and filters still fill the page.
let candidateFactor = 4

/// A chunk of one root with its score in one ranking.
struct SearchCandidate: Sendable {
  var score: Float
  var root: String
  var document: ChunkDocument

  /// Higher score first, then path and line, so rankings are deterministic.
  static func ranksBefore(_ lhs: SearchCandidate, _ rhs: SearchCandidate) -> Bool {
    if lhs.score != rhs.score { return lhs.score > rhs.score }
    if lhs.document.path != rhs.document.path { return lhs.document.path < rhs.document.path }
    return lhs.document.startLine < rhs.document.startLine
  }
}

/// The score factor of chunks in tests, examples, fixtures and benchmarks: questions about what code does are
/// usually about the code itself, and tests repeat its vocabulary. Chosen on the development set.
private let supportingCodeScoreFactor: Float = 0.6

/// Folder names that hold tests, examples, fixtures or benchmarks.
private let supportingFolderNames: Set<String> = [
  "test", "tests", "testing", "spec", "specs", "__tests__", "example", "examples", "fixtures", "benchmark",
  "benchmarks", "benches",
]

/// Whether a relative path is a test, example, fixture or benchmark file.
///
/// Runs on every search candidate, so it works on the path's bytes (ASCII case folded) without allocating.
func isSupportingCode(_ relativePath: String) -> Bool {
  var path = relativePath
  return path.withUTF8 { bytes -> Bool in
    var start = 0
    var index = 0
    while index <= bytes.count {
      if index == bytes.count || bytes[index] == UInt8(ascii: "/") {
        let component = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if index == bytes.count { return isSupportingFileName(component) }
        if !component.isEmpty && isSupportingFolderName(component) { return true }
        start = index + 1
      }
      index += 1
    }
    return false
  }
}

/// Whether a folder name (any case) is one of ``supportingFolderNames`` or ends in `tests`.
private func isSupportingFolderName(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
  if asciiLowercaseHasSuffix(name, "tests") { return true }
  return supportingFolderNames.contains { asciiLowercaseEquals(name, $0) }
}

/// The file-name rules: `test_x`, `x_test`, `xtest(s)`, `x.test.js`, `x.spec.ts`, `conftest.py` (any case).
private func isSupportingFileName(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
  // The stem ends at the first dot after a leading run of dots.
  var stemStart = 0
  while stemStart < name.count && name[stemStart] == UInt8(ascii: ".") { stemStart += 1 }
  var stemEnd = stemStart
  while stemEnd < name.count && name[stemEnd] != UInt8(ascii: ".") { stemEnd += 1 }
  let stem = UnsafeBufferPointer(rebasing: name[stemStart..<stemEnd])
  if asciiLowercaseHasPrefix(stem, "test_") || asciiLowercaseHasSuffix(stem, "_test")
    || asciiLowercaseHasSuffix(stem, "test") || asciiLowercaseHasSuffix(stem, "tests")
    || asciiLowercaseEquals(stem, "conftest")
  {
    return true
  }
  return asciiLowercaseContains(name, ".test.") || asciiLowercaseContains(name, ".spec.")
}

@inline(__always) private func asciiLowercased(_ byte: UInt8) -> UInt8 {
  byte &- 0x41 < 26 ? byte | 0x20 : byte
}

private func asciiLowercaseEquals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: String) -> Bool {
  bytes.count == word.utf8.count && zip(bytes, word.utf8).allSatisfy { asciiLowercased($0) == $1 }
}

private func asciiLowercaseHasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ word: String) -> Bool {
  bytes.count >= word.utf8.count && zip(bytes, word.utf8).allSatisfy { asciiLowercased($0) == $1 }
}

private func asciiLowercaseHasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ word: String) -> Bool {
  let n = word.utf8.count
  guard bytes.count >= n else { return false }
  return zip(bytes[(bytes.count - n)...], word.utf8).allSatisfy { asciiLowercased($0) == $1 }
}

private func asciiLowercaseContains(_ bytes: UnsafeBufferPointer<UInt8>, _ word: String) -> Bool {
  let n = word.utf8.count
  guard bytes.count >= n else { return false }
  for start in 0...(bytes.count - n) where zip(bytes[start..<start + n], word.utf8).allSatisfy({ asciiLowercased($0) == $1 }) {
    return true
  }
  return false
}

extension DocentEngine {
  /// Ranks the workspace's chunks for `query` with BM25 over symbol names, documentation, path and text.
  ///
  /// Overlapping chunks of one file are reported once (the better one), so windows of one long declaration do
  /// not crowd out other answers.
  ///
  /// - Complexity: O(*p*) in the lengths of the posting lists of the query's terms, per root.
  public func search(_ query: String, options: SearchOptions, in snapshot: EngineSnapshot) -> [SearchResult] {
    let limit = max(1, min(options.limit, 100))
    var candidates: [SearchCandidate] = []
    for (root, index) in snapshot.indexes {
      let hits = index.search(query: query, limit: limit * candidateFactor, filter: searchFilter(options, index: index))
      candidates += rescored(hits, root: root, index: index)
    }
    return results(from: candidates, limit: limit)
  }

  /// The filter of a search's path and language restrictions over one index, or `nil` when there are none.
  func searchFilter(_ options: SearchOptions, index: IndexState) -> SearchFilter? {
    guard !options.pathGlobs.isEmpty || !options.languages.isEmpty else { return nil }
    let filter = PathFilter(include: options.pathGlobs)
    let languages = Set(options.languages.map { $0.lowercased() })
    let documents = index.documents
    return .matching { id in
      guard let document = documents[id] else { return false }
      return (languages.isEmpty || languages.contains(document.language.lowercased()))
        && (options.pathGlobs.isEmpty || filter.admitsFile(document.path))
    }
  }

  /// Hits of one index as candidates, with supporting code (tests, examples) scored down and the list re-ranked.
  func rescored(_ hits: [SearchHit], root: String, index: IndexState) -> [SearchCandidate] {
    var candidates: [SearchCandidate] = []
    for hit in hits {
      guard let document = index.documents[hit.documentID] else { continue }
      let factor = isSupportingCode(document.path) ? supportingCodeScoreFactor : 1
      candidates.append(SearchCandidate(score: hit.score * factor, root: root, document: document))
    }
    candidates.sort(by: SearchCandidate.ranksBefore)
    return candidates
  }

  /// The best `limit` candidates as results, overlapping chunks of one file reported once (the better one).
  func results(from candidates: [SearchCandidate], limit: Int) -> [SearchResult] {
    let candidates = candidates.sorted(by: SearchCandidate.ranksBefore)
    var results: [SearchResult] = []
    var taken: [String: [ClosedRange<Int>]] = [:]
    for candidate in candidates where results.count < limit {
      let document = candidate.document
      let path = absolutePath(of: document.path, in: candidate.root)
      let lines = (document.startLine - 1)...(document.endLine - 1)
      if taken[path, default: []].contains(where: { isNearDuplicate($0, lines) }) { continue }
      taken[path, default: []].append(lines)
      let symbol =
        document.symbol.isEmpty
        ? nil : document.container.isEmpty ? document.symbol : "\(document.container).\(document.symbol)"
      results.append(
        SearchResult(
          uri: DocentEngine.uri(forPath: path), path: path, startLine: lines.lowerBound, endLine: lines.upperBound,
          score: Double(candidate.score), snippet: document.snippet, symbol: symbol,
          kind: document.kind.isEmpty ? nil : document.kind, language: document.language))
    }
    return results
  }

  /// Finds declarations by name: exact, then prefix, then camel-hump, then subsequence matches.
  public func symbols(matching query: String, limit: Int, in snapshot: EngineSnapshot) -> [SymbolResult] {
    var matches: [(match: SymbolMatch, root: String)] = []
    for (root, index) in snapshot.indexes {
      matches += index.symbols.lookup(query, limit: limit).map { ($0, root) }
    }
    // Each root's list is ranked; merging keeps the match kind first and each root's order within a kind.
    let ranked = matches.enumerated().sorted { lhs, rhs in
      if lhs.element.match.kind != rhs.element.match.kind { return lhs.element.match.kind < rhs.element.match.kind }
      return lhs.offset < rhs.offset
    }
    return ranked.prefix(limit).map { _, element in
      let symbol = element.match.symbol
      let path = absolutePath(of: symbol.path, in: element.root)
      return SymbolResult(
        name: symbol.name, kind: symbol.kind, container: symbol.container.isEmpty ? nil : symbol.container,
        uri: DocentEngine.uri(forPath: path), line: max(0, symbol.line - 1))
    }
  }
}

/// Whether two line ranges mostly cover the same lines: their overlap is at least half of the shorter one.
///
/// Such results would show the user the same code twice; ranges that merely touch are both kept, because the
/// second may hold what the first missed.
func isNearDuplicate(_ a: ClosedRange<Int>, _ b: ClosedRange<Int>) -> Bool {
  let overlap = min(a.upperBound, b.upperBound) - max(a.lowerBound, b.lowerBound) + 1
  return overlap * 2 >= min(a.count, b.count)
}
