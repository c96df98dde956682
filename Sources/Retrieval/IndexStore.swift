// The index file: a versioned, checksummed binary encoding of `IndexState`. See Retrieval.md for the layout.

import Basics
import Foundation

/// Saves and loads the whole index state as one binary file.
///
/// Layout (integers little-endian; "varint" is unsigned LEB128; strings are a varint byte count plus UTF-8):
///
///     header   magic "DOCENTIX" (8) | formatVersion UInt32 | sectionCount UInt32 | reserved UInt32 (0)
///              | CRC-32C of the previous 20 bytes UInt32                                        = 24 bytes
///     section  tag UInt32 | payloadByteCount UInt64 | XXH64 of the payload UInt64 | payload     × sectionCount
///
/// Sections appear once each, in tag order: 1 meta, 2 files (each with its chunks), 3 lexical, 4 symbols (grouped
/// by file), 5 vectors (a presence byte, then the ``VectorIndex``); the file ends right after the last. Chunk texts are not stored, only their snippets (the lexical
/// section holds what scoring needs), and each path is written once. The loader checks magic, version, header checksum, every section's length against the
/// bytes and its checksum before decoding it, every count against the bytes that remain before allocating,
/// and cross-checks the sections (the lexical index holds exactly the documents; each document belongs to
/// exactly one file record; every live vector belongs to a document). Any failure is a ``RetrievalError``; nothing read from the file can trap.
public enum IndexStore {
  /// The first eight bytes of every index file.
  public static let magic: [UInt8] = Array("DOCENTIX".utf8)
  /// The format this build writes and reads. Bump on any layout change; older files are rebuilt.
  public static let formatVersion: UInt32 = 3
  /// Header size in bytes.
  static let headerByteCount = 24
  /// Section header size in bytes: tag, length, checksum.
  static let sectionHeaderByteCount = 20

  enum SectionTag: UInt32, CaseIterable {
    case meta = 1
    case files = 2
    case lexical = 3
    case symbols = 4
    case vectors = 5
  }

  // MARK: Encoding

  /// Encodes the state.
  ///
  /// - Complexity: O(size of the state).
  public static func encode(_ state: IndexState) -> [UInt8] {
    var out = ByteWriter(capacity: 1 << 16)
    writeHeader(into: &out)
    forEachSection(of: state) { section in out.writeBytes(section) }
    return out.bytes
  }

  /// Writes the state to `path` atomically: readers see the old file or the new one, never a mix.
  ///
  /// Sections are encoded and written one at a time, so at most one section is held in memory besides the state.
  ///
  /// - Throws: ``RetrievalError/io(_:)`` when writing fails; the old file is then intact.
  public static func save(_ state: IndexState, to path: String) throws(RetrievalError) {
    do {
      try AtomicFile.write(to: path) { output in
        var header = ByteWriter()
        writeHeader(into: &header)
        try output.write(header.bytes)
        try forEachSection(of: state) { section in try output.write(section) }
      }
    } catch {
      throw .io("\(error)")
    }
  }

  private static func writeHeader(into out: inout ByteWriter) {
    let start = out.count
    out.writeBytes(magic)
    out.writeUInt32(formatVersion)
    out.writeUInt32(UInt32(SectionTag.allCases.count))
    out.writeUInt32(0)
    out.writeUInt32(CRC32C.checksum(out.bytes[start..<start + 20]))
  }

  /// Calls `body` with each section's header and then its payload, in tag order.
  private static func forEachSection(of state: IndexState, _ body: ([UInt8]) throws -> Void) rethrows {
    let paths = state.files.keys.sorted()
    func emit(_ tag: SectionTag, _ payload: ByteWriter) throws {
      var header = ByteWriter(capacity: sectionHeaderByteCount)
      header.writeUInt32(tag.rawValue)
      header.writeUInt64(UInt64(payload.count))
      header.writeUInt64(XXHash64.hash(payload.bytes))
      try body(header.bytes)
      try body(payload.bytes)
    }

    var meta = ByteWriter()
    meta.writeVarint(state.nextDocumentID)
    meta.writeVarint(UInt64(state.documents.count))
    meta.writeVarint(UInt64(paths.count))
    meta.writeVarint(UInt64(state.symbols.count))
    try emit(.meta, meta)

    // Files, each with its chunks in file order: the path is written once for all of them.
    var files = ByteWriter(capacity: 1 << 16)
    files.writeVarint(UInt64(paths.count))
    for path in paths {
      guard let record = state.files[path] else { continue }
      files.writeString(record.relativePath)
      files.writeVarint(UInt64(max(record.byteCount, 0)))
      files.writeUInt64(UInt64(bitPattern: record.modificationTimeNanoseconds))
      files.writeUInt64(record.contentHash)
      let chunks = record.documentIDs.compactMap { state.documents[$0] }
      files.writeVarint(UInt64(chunks.count))
      for chunk in chunks {
        files.writeVarint(chunk.id.rawValue)
        files.writeString(chunk.language)
        files.writeVarint(UInt64(max(chunk.startLine, 0)))
        files.writeVarint(UInt64(max(chunk.endLine, 0)))
        files.writeString(chunk.symbol)
        files.writeString(chunk.kind)
        files.writeString(chunk.container)
        files.writeString(chunk.snippet)
      }
    }
    try emit(.files, files)

    var lexical = ByteWriter(capacity: 1 << 16)
    state.lexicalIndex.encode(into: &lexical)
    try emit(.lexical, lexical)

    // Symbols grouped by file (files without symbols are left out).
    var symbols = ByteWriter()
    let symbolPaths = state.symbols.paths
    symbols.writeVarint(UInt64(symbolPaths.count))
    for path in symbolPaths {
      let group = state.symbols.symbols(inPath: path)
      symbols.writeString(path)
      symbols.writeVarint(UInt64(group.count))
      for symbol in group {
        symbols.writeString(symbol.name)
        symbols.writeString(symbol.kind)
        symbols.writeString(symbol.container)
        symbols.writeVarint(UInt64(max(symbol.line, 0)))
      }
    }
    try emit(.symbols, symbols)

    var vectors = ByteWriter(capacity: state.vectorIndex.map { $0.memoryByteCount + 64 } ?? 1)
    if let vectorIndex = state.vectorIndex {
      vectors.writeUInt8(1)
      vectorIndex.encode(into: &vectors)
    } else {
      vectors.writeUInt8(0)
    }
    try emit(.vectors, vectors)
  }

  // MARK: Decoding

  /// Reads and decodes the index file at `path`.
  ///
  /// - Throws: ``RetrievalError/io(_:)`` when the file cannot be read; otherwise as ``decode(_:)``.
  public static func load(from path: String) throws(RetrievalError) -> IndexState {
    // Read a section at a time, so only one section's bytes are held beside what is already decoded.
    var file: SequentialFileReader
    do {
      file = try SequentialFileReader(path: path)
    } catch {
      throw .io("\(error)")
    }
    var failure: RetrievalError?
    do {
      return try decode(
        remaining: { file.remainingByteCount },
        take: { count in
          guard failure == nil else { return nil }
          do {
            return try file.read(count).map { ByteReader($0) }
          } catch {
            failure = .io("\(error)")
            return nil
          }
        })
    } catch {
      throw failure ?? error  // a failed read shows up as missing bytes; report it as what it was
    }
  }

  /// Decodes an index file's bytes; the pure entry point a fuzzer drives.
  ///
  /// - Throws: ``RetrievalError/unsupportedVersion(_:)`` for another format version,
  ///   ``RetrievalError/corrupt(_:)`` for anything else that does not check out.
  /// - Complexity: O(*n*) in the byte count.
  public static func decode(_ bytes: [UInt8]) throws(RetrievalError) -> IndexState {
    var offset = 0
    return try decode(
      remaining: { bytes.count - offset },
      take: { count in
        guard count >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return ByteReader(bytes, range: offset..<offset + count)
      })
  }

  /// Decodes an index from a forward-only supply of bytes, one section at a time.
  ///
  /// - Parameters:
  ///   - remaining: The bytes not taken yet.
  ///   - take: The next `count` bytes, or `nil` when fewer remain.
  private static func decode(
    remaining: () -> Int, take: (Int) -> ByteReader?
  ) throws(RetrievalError) -> IndexState {
    guard var header = take(min(headerByteCount, remaining())) else { throw .corrupt("truncated header") }
    let headerStart = header.offset
    guard let magicBytes = header.readBytes(magic.count), magicBytes.elementsEqual(magic) else {
      throw .corrupt("not a Docent index file (bad magic)")
    }
    guard let version = header.readUInt32() else { throw .corrupt("truncated header") }
    guard version == formatVersion else { throw .unsupportedVersion(version) }
    guard let sectionCount = header.readUInt32(), header.readUInt32() != nil, let checksum = header.readUInt32()
    else { throw .corrupt("truncated header") }
    guard CRC32C.checksum(header.bytes[headerStart..<headerStart + 20]) == checksum else {
      throw .corrupt("header checksum mismatch")
    }
    guard sectionCount == UInt32(SectionTag.allCases.count) else {
      throw .corrupt("expected \(SectionTag.allCases.count) sections, found \(sectionCount)")
    }
    var position = headerByteCount

    /// The next section's payload, after checking its tag, length and checksum.
    func section(_ expected: SectionTag) throws(RetrievalError) -> ByteReader {
      guard var sectionHeader = take(min(sectionHeaderByteCount, remaining())),
        let tag = sectionHeader.readUInt32(), let length = sectionHeader.readUInt64(),
        let sum = sectionHeader.readUInt64()
      else { throw .corrupt("truncated section header at byte \(position)") }
      position += sectionHeaderByteCount
      guard tag == expected.rawValue else { throw .corrupt("expected section \(expected.rawValue), found \(tag)") }
      guard length <= UInt64(remaining()), let payload = take(Int(length)) else {
        throw .corrupt("section \(tag) claims \(length) bytes, \(remaining()) remain")
      }
      position += Int(length)
      guard XXHash64.hash(payload.bytes[payload.offset..<payload.endOffset]) == sum else {
        throw .corrupt("section \(tag) checksum mismatch")
      }
      return payload
    }

    // Meta.
    var meta = try section(.meta)
    guard let nextDocumentID = meta.readVarint(), let documentCount = meta.readVarint(),
      let fileCount = meta.readVarint(), let symbolCount = meta.readVarint(), meta.isAtEnd
    else { throw .corrupt("invalid meta section") }

    // Files, each with its chunks.
    var filesReader = try section(.files)
    guard let rawFileCount = filesReader.readVarint(), rawFileCount == fileCount,
      filesReader.canHold(rawFileCount, elementsOfAtLeast: 20), documentCount <= UInt64(filesReader.remainingByteCount)
    else { throw .corrupt("file count does not match") }
    var files: [String: FileRecord] = [:]
    files.reserveCapacity(Int(rawFileCount))
    var documents: [DocumentID: ChunkDocument] = [:]
    documents.reserveCapacity(Int(documentCount))
    for _ in 0..<Int(rawFileCount) {
      guard let path = filesReader.readString(), let byteCount = filesReader.readVarint(),
        byteCount <= UInt64(Int64.max), let mtime = filesReader.readUInt64(), let hash = filesReader.readUInt64(),
        let chunkCount = filesReader.readVarint(), filesReader.canHold(chunkCount, elementsOfAtLeast: 8)
      else { throw .corrupt("invalid file record at byte \(filesReader.offset)") }
      var ids: [DocumentID] = []
      ids.reserveCapacity(Int(chunkCount))
      for _ in 0..<Int(chunkCount) {
        guard let raw = filesReader.readVarint(), raw < nextDocumentID, let language = filesReader.readString(),
          let startLine = filesReader.readVarint(), let endLine = filesReader.readVarint(),
          startLine <= UInt64(Int32.max), endLine <= UInt64(Int32.max),
          let symbol = filesReader.readString(), let kind = filesReader.readString(),
          let container = filesReader.readString(), let snippet = filesReader.readString()
        else { throw .corrupt("invalid chunk at byte \(filesReader.offset)") }
        let id = DocumentID(raw)
        let document = ChunkDocument(
          id: id, path: path, language: language, startLine: Int(startLine), endLine: Int(endLine), symbol: symbol,
          kind: kind, container: container, snippet: snippet)
        guard documents.updateValue(document, forKey: id) == nil else { throw .corrupt("duplicate document \(id)") }
        ids.append(id)
      }
      let record = FileRecord(
        relativePath: path, byteCount: Int(byteCount), modificationTimeNanoseconds: Int64(bitPattern: mtime),
        contentHash: hash, documentIDs: ids)
      guard files.updateValue(record, forKey: path) == nil else { throw .corrupt("duplicate file \(path)") }
    }
    guard filesReader.isAtEnd, documents.count == Int(documentCount) else {
      throw .corrupt("document count does not match")
    }

    // Lexical index.
    var lexicalReader = try section(.lexical)
    let lexicalIndex = try LexicalIndex.decode(from: &lexicalReader)
    guard lexicalReader.isAtEnd else { throw .corrupt("trailing bytes in lexical index") }
    guard lexicalIndex.documentCount == documents.count,
      lexicalIndex.slotDocumentIDs.allSatisfy({ documents[$0] != nil })
    else { throw .corrupt("lexical index and documents disagree") }

    // Symbols, grouped by file.
    var symbolReader = try section(.symbols)
    guard let groupCount = symbolReader.readVarint(), symbolReader.canHold(groupCount, elementsOfAtLeast: 2) else {
      throw .corrupt("invalid symbol groups")
    }
    var symbols = SymbolTable()
    var seenPaths = Set<String>()
    for _ in 0..<Int(groupCount) {
      guard let groupPath = symbolReader.readString(), seenPaths.insert(groupPath).inserted,
        let count = symbolReader.readVarint(), count >= 1, symbolReader.canHold(count, elementsOfAtLeast: 4),
        UInt64(symbols.count) + count <= symbolCount
      else { throw .corrupt("invalid symbol group at byte \(symbolReader.offset)") }
      // The file record's string, so every symbol of the file shares its storage.
      let path = files[groupPath]?.relativePath ?? groupPath
      for _ in 0..<Int(count) {
        guard let name = symbolReader.readString(), let kind = symbolReader.readString(),
          let container = symbolReader.readString(), let line = symbolReader.readVarint(), line <= UInt64(Int32.max)
        else { throw .corrupt("invalid symbol at byte \(symbolReader.offset)") }
        symbols.add(SymbolEntry(name: name, kind: kind, container: container, path: path, line: Int(line)))
      }
    }
    guard symbolReader.isAtEnd, UInt64(symbols.count) == symbolCount else {
      throw .corrupt("symbol count does not match")
    }

    // Vectors.
    var vectorReader = try section(.vectors)
    guard let hasVectors = vectorReader.readUInt8(), hasVectors <= 1 else { throw .corrupt("invalid vector section") }
    var vectorIndex: VectorIndex?
    if hasVectors == 1 {
      let decoded = try VectorIndex.decode(from: &vectorReader)
      guard decoded.slotOfDocument.keys.allSatisfy({ documents[$0] != nil }) else {
        throw .corrupt("a vector belongs to no document")
      }
      vectorIndex = decoded
    }
    guard vectorReader.isAtEnd else { throw .corrupt("trailing bytes in vectors") }

    guard remaining() == 0 else { throw .corrupt("\(remaining()) trailing bytes") }

    return IndexState(
      documents: documents, files: files, lexicalIndex: lexicalIndex, symbols: symbols,
      nextDocumentID: nextDocumentID, vectorIndex: vectorIndex)
  }
}
