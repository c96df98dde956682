import Basics
import Foundation
import Retrieval
import Testing

@Suite struct IndexStoreTests {
  static func sampleState() -> IndexState {
    var state = IndexState()
    state.updateFile(
      relativePath: "Sources/Parser.swift", byteCount: 420, modificationTimeNanoseconds: 1_700_000_000_123_456_789,
      contentHash: 0xDEAD_BEEF_0123_4567,
      chunks: [
        ChunkContent(
          language: "swift", startLine: 1, endLine: 12, symbol: "Parser", kind: "struct",
          documentation: "Parses tokens into a syntax tree.", body: "struct Parser { var tokens: [Token] }"),
        ChunkContent(
          language: "swift", startLine: 14, endLine: 30, symbol: "parseExpression", kind: "func", container: "Parser",
          documentation: "Parses one expression.", body: "func parseExpression() -> Expr { fatalError() }"),
      ],
      symbols: [
        SymbolEntry(name: "Parser", kind: "struct", path: "", line: 1),
        SymbolEntry(name: "parseExpression", kind: "func", container: "Parser", path: "", line: 14),
      ])
    state.updateFile(
      relativePath: "Sources/HTTPServer.swift", byteCount: 99, modificationTimeNanoseconds: -5, contentHash: 7,
      chunks: [
        ChunkContent(
          language: "swift", startLine: 1, endLine: 5, symbol: "HTTPServer", kind: "class",
          body: "final class HTTPServer { func handle(request: Request) async throws -> Response }")
      ],
      symbols: [SymbolEntry(name: "HTTPServer", kind: "class", path: "", line: 1)])
    state.updateFile(
      relativePath: "README.md", byteCount: 30, modificationTimeNanoseconds: 0, contentHash: 1,
      chunks: [ChunkContent(language: "markdown", startLine: 1, endLine: 3, body: "# Café parser — héllo wörld")],
      symbols: [])
    // Churn, so the saved state has tombstones and unused terms to drop.
    state.updateFile(
      relativePath: "Old.swift", byteCount: 1, modificationTimeNanoseconds: 1, contentHash: 1,
      chunks: [ChunkContent(language: "swift", startLine: 1, endLine: 1, body: "obsolete zebra")], symbols: [])
    state.removeFile(relativePath: "Old.swift")
    return state
  }

  static let queries = ["parse", "parser tokens", "http server request", "café", "zebra", "expression tree"]

  /// Everything observable about a state, for equality checks.
  static func fingerprint(_ state: IndexState) -> String {
    var lines: [String] = []
    for id in state.documents.keys.sorted() { lines.append("\(state.documents[id]!)") }
    for path in state.files.keys.sorted() { lines.append("\(state.files[path]!)") }
    lines.append("\(state.symbols.allSymbols)")
    lines.append("next \(state.nextDocumentID)")
    for query in queries { lines.append("\(query): \(state.search(query: query, limit: 10))") }
    lines.append("\(state.symbols.lookup("pE", limit: 5))")
    return lines.joined(separator: "\n")
  }

  @Test func roundTripPreservesEverything() throws {
    let state = Self.sampleState()
    let bytes = IndexStore.encode(state)
    let loaded = try IndexStore.decode(bytes)
    #expect(Self.fingerprint(loaded) == Self.fingerprint(state))
    #expect(IndexStore.encode(loaded) == bytes)
    #expect(!loaded.search(query: "parse", limit: 5).isEmpty)
  }

  @Test func loadedIndexKeepsUpdatingLikeTheOriginal() throws {
    var original = Self.sampleState()
    var loaded = try IndexStore.decode(IndexStore.encode(original))
    for state in [0, 1] {
      var s = state == 0 ? original : loaded
      s.updateFile(
        relativePath: "Sources/New.swift", byteCount: 3, modificationTimeNanoseconds: 3, contentHash: 3,
        chunks: [ChunkContent(language: "swift", startLine: 1, endLine: 2, symbol: "tokenize", body: "parse tokens")],
        symbols: [])
      s.removeFile(relativePath: "README.md")
      if state == 0 { original = s } else { loaded = s }
    }
    #expect(Self.fingerprint(loaded) == Self.fingerprint(original))
  }

  @Test func emptyStateRoundTrips() throws {
    let loaded = try IndexStore.decode(IndexStore.encode(IndexState()))
    #expect(loaded.documents.isEmpty && loaded.files.isEmpty && loaded.symbols.count == 0)
  }

  @Test func everySingleByteFlipIsRejectedOrHarmless() {
    let state = Self.sampleState()
    let bytes = IndexStore.encode(state)
    let expected = Self.fingerprint(state)
    var rejected = 0
    for offset in 0..<bytes.count {
      for mask in [0x01, 0x80, 0xFF] as [UInt8] {
        var corrupted = bytes
        corrupted[offset] ^= mask
        do {
          let loaded = try IndexStore.decode(corrupted)
          #expect(Self.fingerprint(loaded) == expected, "flip at \(offset) loaded a different index")
        } catch {
          rejected += 1
        }
      }
    }
    #expect(rejected > 0)
  }

  @Test func everyTruncationIsRejected() {
    let bytes = IndexStore.encode(Self.sampleState())
    for length in 0..<bytes.count {
      #expect(throws: RetrievalError.self) { try IndexStore.decode(Array(bytes[0..<length])) }
    }
    #expect(throws: RetrievalError.corrupt("2 trailing bytes")) { try IndexStore.decode(bytes + [0, 0]) }
  }

  @Test func otherVersionsAreReportedAsSuch() {
    var bytes = IndexStore.encode(Self.sampleState())
    bytes[8] = 3
    #expect(throws: RetrievalError.unsupportedVersion(3)) { try IndexStore.decode(bytes) }
    bytes[8] = 0
    bytes[11] = 1
    #expect(throws: RetrievalError.unsupportedVersion(0x0100_0000)) { try IndexStore.decode(bytes) }
  }

  @Test func badMagicIsCorrupt() {
    #expect(throws: RetrievalError.corrupt("not a Docent index file (bad magic)")) {
      try IndexStore.decode(Array("GGUF....".utf8) + [UInt8](repeating: 0, count: 40))
    }
  }

  /// Assembles a file from raw section payloads with valid checksums, to reach the decoders with crafted data.
  static func craft(_ payloads: [[UInt8]]) -> [UInt8] {
    var out = ByteWriter()
    out.writeBytes(IndexStore.magic)
    out.writeUInt32(IndexStore.formatVersion)
    out.writeUInt32(UInt32(payloads.count))
    out.writeUInt32(0)
    out.writeUInt32(CRC32C.checksum(out.bytes[0..<20]))
    for (i, payload) in payloads.enumerated() {
      out.writeUInt32(UInt32(i + 1))
      out.writeUInt64(UInt64(payload.count))
      out.writeUInt64(XXHash64.hash(payload))
      out.writeBytes(payload)
    }
    return out.bytes
  }

  static func varints(_ values: [UInt64]) -> [UInt8] {
    var writer = ByteWriter()
    for value in values { writer.writeVarint(value) }
    return writer.bytes
  }

  static var emptyLexical: [UInt8] {
    var writer = ByteWriter()
    for value: Float in [3, 2, 1, 1, 1.2, 0.75] { writer.writeUInt32(value.bitPattern) }
    writer.writeVarint(0)
    writer.writeVarint(0)
    return writer.bytes
  }

  static let craftedCases: [(name: String, payloads: [[UInt8]])] = [
    ("huge document count", [varints([1, 1 << 40, 0, 0]), varints([1 << 40]), varints([0]), emptyLexical, varints([0])]),
    ("huge symbol count", [varints([0, 0, 0, UInt64.max]), varints([0]), varints([0]), emptyLexical, varints([UInt64.max])]),
    ("huge string", [varints([1, 1, 0, 0]), varints([1, 0, 1 << 50]), varints([0]), emptyLexical, varints([0])]),
    ("huge term count", [
      varints([0, 0, 0, 0]), varints([0]), varints([0]), Array(emptyLexical.dropLast()) + varints([1 << 60]), varints([0]),
    ]),
    ("NaN weight", [
      varints([0, 0, 0, 0]), varints([0]), varints([0]), [0, 0, 0xC0, 0x7F] + emptyLexical.dropFirst(4), varints([0]),
    ]),
    ("document id beyond next id", [
      varints([0, 1, 0, 0]), varints([1, 5, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]), varints([0]), emptyLexical, varints([0]),
    ]),
    ("document without file", [
      varints([1, 1, 0, 0]), varints([1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]), varints([0]), emptyLexical, varints([0]),
    ]),
    ("too few sections", [varints([0, 0, 0, 0])]),
  ]

  @Test(arguments: craftedCases.indices)
  func craftedFilesAreRejected(_ index: Int) {
    let c = Self.craftedCases[index]
    #expect(throws: RetrievalError.self, "\(c.name)") { try IndexStore.decode(Self.craft(c.payloads)) }
  }

  @Test func craftedEmptyIndexIsAccepted() throws {
    let bytes = Self.craft([Self.varints([0, 0, 0, 0]), Self.varints([0]), Self.varints([0]), Self.emptyLexical, Self.varints([0]), [0]])
    let state = try IndexStore.decode(bytes)
    #expect(state.documents.isEmpty)
  }

  func makeDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "docent-store-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func saveAndLoadThroughTheFileSystem() throws {
    let directory = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let state = Self.sampleState()
    try IndexStore.save(state, to: directory + "/index.docent")
    let loaded = try IndexStore.load(from: directory + "/index.docent")
    #expect(Self.fingerprint(loaded) == Self.fingerprint(state))
  }

  @Test func failedSaveLeavesTheOldFile() throws {
    let directory = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/index.docent"
    try IndexStore.save(IndexState(), to: path)
    let old = try AtomicFile.contents(atPath: path)
    struct Interrupted: Error {}
    // A write that fails midway (after half the new bytes) must not disturb the old file.
    let newBytes = IndexStore.encode(Self.sampleState())
    #expect(throws: Interrupted.self) {
      try AtomicFile.write(to: path) { output in
        try output.write(Array(newBytes[0..<newBytes.count / 2]))
        throw Interrupted()
      }
    }
    #expect(try AtomicFile.contents(atPath: path) == old)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["index.docent"])
    // A save whose directory cannot be written reports an I/O error.
    let blocker = directory + "/not-a-directory"
    try AtomicFile.write([1], to: blocker)
    #expect(throws: RetrievalError.self) { try IndexStore.save(Self.sampleState(), to: blocker + "/index.docent") }
    #expect(try IndexStore.load(from: path).documents.isEmpty)
  }

  @Test func missingFileIsAnIOError() {
    #expect {
      try IndexStore.load(from: "/nonexistent/docent/index")
    } throws: { error in
      if case .io = error as? RetrievalError { return true }
      return false
    }
  }
}
