import Basics
import Retrieval
import SourceScanning
import Workspace

/// What indexing one file produced: chunks with their text from a scan, or content that left the index earlier
/// and comes back with the same bytes (already analyzed, no text).
enum IndexedContent: Sendable {
  /// Freshly scanned chunks and symbols.
  case scanned(chunks: [ChunkContent], symbols: [SymbolEntry])
  /// Content re-used by hash.
  case reused(DetachedFileContent)
}

/// Turns a file's bytes into index entries: secrets are redacted first, so they can never reach the index,
/// search results, prompts or training data; then the language scanner finds declarations and chunks.
enum FileIndexer {
  /// Chunk sizes, chosen by measurement on the search development set: small neighbouring declarations are
  /// merged into chunks of up to 40 lines, because a query often describes one member while its neighbours
  /// share its vocabulary.
  static let chunking = ChunkingOptions(maxLines: 40, overlapLines: 10, minLines: 20, maxBytes: 6_000)

  /// Indexes `bytes` as the file at `relativePath`.
  ///
  /// - Complexity: O(*n*) in the file's size.
  static func index(_ bytes: [UInt8], relativePath: String) -> IndexedContent {
    let language = Language.detect(path: relativePath)
    let redacted = SecretRedactor.redact(bytes)
    let result = SourceScanner.scan(redacted.bytes, language: language, options: chunking)
    let chunks = result.chunks.map { chunk -> ChunkContent in
      var symbol = chunk.symbol ?? ""
      var container = chunk.container ?? ""
      if symbol.isEmpty, let heading = chunk.headingPath.last {
        // Documents: the heading names the section, its parents give the context.
        symbol = heading
        container = chunk.headingPath.dropLast().joined(separator: " / ")
      }
      return ChunkContent(
        language: language.rawValue, startLine: chunk.lineRange.lowerBound + 1, endLine: chunk.lineRange.upperBound + 1,
        symbol: symbol, kind: chunk.kind?.rawValue ?? "", container: container,
        documentation: chunk.documentation ?? "", body: chunk.text)
    }
    var allChunks = chunks
    if language != .markdown && language != .restructuredText {
      allChunks += lineWindows(of: redacted.bytes, language: language.rawValue, existing: chunks)
    }
    let symbols = result.declarations.map { declaration in
      SymbolEntry(
        name: declaration.name, kind: declaration.kind.rawValue, container: declaration.container ?? "",
        path: relativePath, line: declaration.lineRange.lowerBound + 1)
    }
    return .scanned(chunks: allChunks, symbols: symbols)
  }

  /// Lines per window in the second, declaration-blind layer of chunks.
  static let windowLineCount = 40
  /// Lines shared by consecutive windows.
  static let windowOverlapLineCount = 10

  /// Overlapping fixed-size line windows over the whole file, indexed beside the declaration chunks.
  ///
  /// Declaration chunks are precise but never overlap; a question about one declaration often shares its words
  /// with the comments and names of its neighbours, which a window spanning both catches. Search reports the
  /// better of overlapping hits, so the two layers do not crowd each other out. A file that fits in one
  /// declaration chunk gets no windows.
  static func lineWindows(of bytes: [UInt8], language: String, existing: [ChunkContent]) -> [ChunkContent] {
    var lineStarts = [0]
    for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") && offset + 1 < bytes.count {
      lineStarts.append(offset + 1)
    }
    let lineCount = lineStarts.count
    guard lineCount > windowLineCount || existing.count > 1 else { return [] }
    var windows: [ChunkContent] = []
    var first = 0
    while first < lineCount {
      let last = min(lineCount, first + windowLineCount) - 1
      let end = last + 1 < lineCount ? lineStarts[last + 1] : bytes.count
      let text = String(decoding: bytes[lineStarts[first]..<end], as: UTF8.self)
      windows.append(ChunkContent(language: language, startLine: first + 1, endLine: last + 1, body: text))
      if last == lineCount - 1 { break }
      first += windowLineCount - windowOverlapLineCount
    }
    return windows
  }

  /// Reads a file for indexing, applying the crawler's limits.
  ///
  /// - Returns: The bytes, or `nil` when the file is missing, unreadable, too large, binary or minified.
  static func read(_ path: String, maxFileBytes: Int) -> [UInt8]? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    // `read(upToCount:)` answers `nil`, not empty data, for an empty file; only a thrown error means unreadable.
    let data: Data
    do {
      data = try handle.read(upToCount: maxFileBytes + 1) ?? Data()
    } catch {
      return nil
    }
    guard data.count <= maxFileBytes else { return nil }
    let bytes = [UInt8](data)
    guard ContentKind(sniffing: bytes, isWholeFile: true) == .text else { return nil }
    return bytes
  }
}

import Foundation
