// The index file: a versioned, checksummed binary encoding of `IndexState`. See Retrieval.md for the layout.

import Basics

/// Saves and loads the whole index state as one binary file.
///
/// Layout (integers little-endian; "varint" is unsigned LEB128; strings are a varint byte count plus UTF-8):
///
///     header   magic "DOCENTIX" (8) | formatVersion UInt32 | sectionCount UInt32 | reserved UInt32 (0)
///              | CRC-32C of the previous 20 bytes UInt32                                        = 24 bytes
///     section  tag UInt32 | payloadByteCount UInt64 | XXH64 of the payload UInt64 | payload     × sectionCount
///
/// Sections appear once each, in tag order: 1 meta, 2 documents, 3 files, 4 lexical, 5 symbols, 6 vectors; the file ends
/// right after the last. The loader checks magic, version, header checksum, every section's length against the
/// bytes and its checksum before decoding it, every count against the bytes that remain before allocating,
/// and cross-checks the sections (the lexical index holds exactly the documents; each document belongs to
/// exactly one file record; every live vector belongs to a document). Any failure is a ``RetrievalError``; nothing read from the file can trap.
public enum IndexStore {
  /// The first eight bytes of every index file.
  public static let magic: [UInt8] = Array("DOCENTIX".utf8)
  /// The format this build writes and reads. Bump on any layout change; older files are rebuilt.
  public static let formatVersion: UInt32 = 2
  /// Header size in bytes.
  static let headerByteCount = 24
  /// Section header size in bytes: tag, length, checksum.
  static let sectionHeaderByteCount = 20

  enum SectionTag: UInt32, CaseIterable {
    case meta = 1
    case documents = 2
    case files = 3
    case lexical = 4
    case symbols = 5
    case vectors = 6
  }

  // MARK: Encoding

  /// Encodes the state.
  ///
  /// - Complexity: O(size of the state).
  public static func encode(_ state: IndexState) -> [UInt8] {
    var sections: [(SectionTag, [UInt8])] = []
    let documentIDs = state.documents.keys.sorted()
    let paths = state.files.keys.sorted()

    var meta = ByteWriter()
    meta.writeVarint(state.nextDocumentID)
    meta.writeVarint(UInt64(documentIDs.count))
    meta.writeVarint(UInt64(paths.count))
    meta.writeVarint(UInt64(state.symbols.count))
    sections.append((.meta, meta.bytes))

    var documents = ByteWriter(capacity: 1 << 16)
    documents.writeVarint(UInt64(documentIDs.count))
    for id in documentIDs {
      guard let document = state.documents[id] else { continue }
      let c = document.content
      documents.writeVarint(id.rawValue)
      documents.writeString(document.path)
      documents.writeString(c.language)
      documents.writeVarint(UInt64(max(c.startLine, 0)))
      documents.writeVarint(UInt64(max(c.endLine, 0)))
      documents.writeString(c.symbol)
      documents.writeString(c.kind)
      documents.writeString(c.container)
      documents.writeString(c.documentation)
      documents.writeString(c.body)
    }
    sections.append((.documents, documents.bytes))

    var files = ByteWriter()
    files.writeVarint(UInt64(paths.count))
    for path in paths {
      guard let record = state.files[path] else { continue }
      files.writeString(record.relativePath)
      files.writeVarint(UInt64(max(record.byteCount, 0)))
      files.writeUInt64(UInt64(bitPattern: record.modificationTimeNanoseconds))
      files.writeUInt64(record.contentHash)
      files.writeVarint(UInt64(record.documentIDs.count))
      for id in record.documentIDs { files.writeVarint(id.rawValue) }
    }
    sections.append((.files, files.bytes))

    var lexical = ByteWriter(capacity: 1 << 16)
    state.lexicalIndex.encode(into: &lexical)
    sections.append((.lexical, lexical.bytes))

    var symbols = ByteWriter()
    let all = state.symbols.allSymbols
    symbols.writeVarint(UInt64(all.count))
    for symbol in all {
      symbols.writeString(symbol.name)
      symbols.writeString(symbol.kind)
      symbols.writeString(symbol.container)
      symbols.writeString(symbol.path)
      symbols.writeVarint(UInt64(max(symbol.line, 0)))
    }
    sections.append((.symbols, symbols.bytes))

    var vectors = ByteWriter(capacity: state.vectorIndex.map { $0.memoryByteCount + 64 } ?? 1)
    if let vectorIndex = state.vectorIndex {
      vectors.writeUInt8(1)
      vectorIndex.encode(into: &vectors)
    } else {
      vectors.writeUInt8(0)
    }
    sections.append((.vectors, vectors.bytes))

    var out = ByteWriter(capacity: headerByteCount + sections.reduce(0) { $0 + sectionHeaderByteCount + $1.1.count })
    out.writeBytes(magic)
    out.writeUInt32(formatVersion)
    out.writeUInt32(UInt32(sections.count))
    out.writeUInt32(0)
    out.writeUInt32(CRC32C.checksum(out.bytes[0..<20]))
    for (tag, payload) in sections {
      out.writeUInt32(tag.rawValue)
      out.writeUInt64(UInt64(payload.count))
      out.writeUInt64(XXHash64.hash(payload))
      out.writeBytes(payload)
    }
    return out.bytes
  }

  /// Writes the state to `path` atomically: readers see the old file or the new one, never a mix.
  ///
  /// - Throws: ``RetrievalError/io(_:)`` when writing fails; the old file is then intact.
  public static func save(_ state: IndexState, to path: String) throws(RetrievalError) {
    let bytes = encode(state)
    do {
      try AtomicFile.write(bytes, to: path)
    } catch {
      throw .io("\(error)")
    }
  }

  // MARK: Decoding

  /// Reads and decodes the index file at `path`.
  ///
  /// - Throws: ``RetrievalError/io(_:)`` when the file cannot be read; otherwise as ``decode(_:)``.
  public static func load(from path: String) throws(RetrievalError) -> IndexState {
    let bytes: [UInt8]
    do {
      bytes = try AtomicFile.contents(atPath: path)
    } catch {
      throw .io("\(error)")
    }
    return try decode(bytes)
  }

  /// Decodes an index file's bytes; the pure entry point a fuzzer drives.
  ///
  /// - Throws: ``RetrievalError/unsupportedVersion(_:)`` for another format version,
  ///   ``RetrievalError/corrupt(_:)`` for anything else that does not check out.
  /// - Complexity: O(*n*) in the byte count.
  public static func decode(_ bytes: [UInt8]) throws(RetrievalError) -> IndexState {
    var header = ByteReader(bytes)
    guard let magicBytes = header.readBytes(magic.count), magicBytes.elementsEqual(magic) else {
      throw .corrupt("not a Docent index file (bad magic)")
    }
    guard let version = header.readUInt32() else { throw .corrupt("truncated header") }
    guard version == formatVersion else { throw .unsupportedVersion(version) }
    guard let sectionCount = header.readUInt32(), header.readUInt32() != nil, let checksum = header.readUInt32()
    else { throw .corrupt("truncated header") }
    guard CRC32C.checksum(bytes[0..<20]) == checksum else { throw .corrupt("header checksum mismatch") }
    guard sectionCount == UInt32(SectionTag.allCases.count) else {
      throw .corrupt("expected \(SectionTag.allCases.count) sections, found \(sectionCount)")
    }

    var payloads: [SectionTag: ByteReader] = [:]
    for expected in SectionTag.allCases {
      guard let tag = header.readUInt32(), let length = header.readUInt64(), let sum = header.readUInt64() else {
        throw .corrupt("truncated section header at byte \(header.offset)")
      }
      guard tag == expected.rawValue else { throw .corrupt("expected section \(expected.rawValue), found \(tag)") }
      guard length <= UInt64(header.remainingByteCount) else {
        throw .corrupt("section \(tag) claims \(length) bytes, \(header.remainingByteCount) remain")
      }
      let start = header.offset
      let end = start + Int(length)
      guard XXHash64.hash(bytes[start..<end]) == sum else { throw .corrupt("section \(tag) checksum mismatch") }
      payloads[expected] = ByteReader(bytes, range: start..<end)
      _ = header.skip(Int(length))
    }
    guard header.isAtEnd else { throw .corrupt("\(header.remainingByteCount) trailing bytes") }

    // Meta.
    guard var meta = payloads[.meta], let nextDocumentID = meta.readVarint(), let documentCount = meta.readVarint(),
      let fileCount = meta.readVarint(), let symbolCount = meta.readVarint(), meta.isAtEnd
    else { throw .corrupt("invalid meta section") }

    // Documents.
    guard var reader = payloads[.documents] else { throw .corrupt("missing documents") }
    guard let count = reader.readVarint(), count == documentCount,
      reader.canHold(count, elementsOfAtLeast: 10)
    else { throw .corrupt("document count does not match") }
    var documents: [DocumentID: ChunkDocument] = [:]
    documents.reserveCapacity(Int(count))
    for _ in 0..<Int(count) {
      guard let raw = reader.readVarint(), raw < nextDocumentID, let path = reader.readString(),
        let language = reader.readString(), let startLine = reader.readVarint(), let endLine = reader.readVarint(),
        startLine <= UInt64(Int32.max), endLine <= UInt64(Int32.max),
        let symbol = reader.readString(), let kind = reader.readString(), let container = reader.readString(),
        let documentation = reader.readString(), let body = reader.readString()
      else { throw .corrupt("invalid document at byte \(reader.offset)") }
      let id = DocumentID(raw)
      let content = ChunkContent(
        language: language, startLine: Int(startLine), endLine: Int(endLine), symbol: symbol, kind: kind,
        container: container, documentation: documentation, body: body)
      guard documents.updateValue(ChunkDocument(id: id, path: path, content: content), forKey: id) == nil else {
        throw .corrupt("duplicate document \(id)")
      }
    }
    guard reader.isAtEnd else { throw .corrupt("trailing bytes in documents") }

    // Files.
    guard var filesReader = payloads[.files] else { throw .corrupt("missing files") }
    guard let rawFileCount = filesReader.readVarint(), rawFileCount == fileCount,
      filesReader.canHold(rawFileCount, elementsOfAtLeast: 19)
    else { throw .corrupt("file count does not match") }
    var files: [String: FileRecord] = [:]
    files.reserveCapacity(Int(rawFileCount))
    var owned = Set<DocumentID>()
    owned.reserveCapacity(documents.count)
    for _ in 0..<Int(rawFileCount) {
      guard let path = filesReader.readString(), let byteCount = filesReader.readVarint(),
        byteCount <= UInt64(Int64.max), let mtime = filesReader.readUInt64(), let hash = filesReader.readUInt64(),
        let idCount = filesReader.readVarint(), filesReader.canHold(idCount, elementsOfAtLeast: 1)
      else { throw .corrupt("invalid file record at byte \(filesReader.offset)") }
      var ids: [DocumentID] = []
      ids.reserveCapacity(Int(idCount))
      for _ in 0..<Int(idCount) {
        guard let raw = filesReader.readVarint() else { throw .corrupt("truncated file record") }
        let id = DocumentID(raw)
        guard documents[id]?.path == path, owned.insert(id).inserted else {
          throw .corrupt("file \(path) lists document \(id), which is not its own")
        }
        ids.append(id)
      }
      let record = FileRecord(
        relativePath: path, byteCount: Int(byteCount), modificationTimeNanoseconds: Int64(bitPattern: mtime),
        contentHash: hash, documentIDs: ids)
      guard files.updateValue(record, forKey: path) == nil else { throw .corrupt("duplicate file \(path)") }
    }
    guard filesReader.isAtEnd, owned.count == documents.count else {
      throw .corrupt("documents without a file record")
    }

    // Lexical index.
    guard var lexicalReader = payloads[.lexical] else { throw .corrupt("missing lexical index") }
    let lexicalIndex = try LexicalIndex.decode(from: &lexicalReader)
    guard lexicalReader.isAtEnd else { throw .corrupt("trailing bytes in lexical index") }
    guard lexicalIndex.documentCount == documents.count,
      lexicalIndex.slotDocumentIDs.allSatisfy({ documents[$0] != nil })
    else { throw .corrupt("lexical index and documents disagree") }

    // Symbols.
    guard var symbolReader = payloads[.symbols] else { throw .corrupt("missing symbols") }
    guard let rawSymbolCount = symbolReader.readVarint(), rawSymbolCount == symbolCount,
      symbolReader.canHold(rawSymbolCount, elementsOfAtLeast: 5)
    else { throw .corrupt("symbol count does not match") }
    var symbols = SymbolTable()
    for _ in 0..<Int(rawSymbolCount) {
      guard let name = symbolReader.readString(), let kind = symbolReader.readString(),
        let container = symbolReader.readString(), let path = symbolReader.readString(),
        let line = symbolReader.readVarint(), line <= UInt64(Int32.max)
      else { throw .corrupt("invalid symbol at byte \(symbolReader.offset)") }
      symbols.add(SymbolEntry(name: name, kind: kind, container: container, path: path, line: Int(line)))
    }
    guard symbolReader.isAtEnd else { throw .corrupt("trailing bytes in symbols") }

    // Vectors.
    guard var vectorReader = payloads[.vectors], let hasVectors = vectorReader.readUInt8(), hasVectors <= 1 else {
      throw .corrupt("invalid vector section")
    }
    var vectorIndex: VectorIndex?
    if hasVectors == 1 {
      let decoded = try VectorIndex.decode(from: &vectorReader)
      guard decoded.slotOfDocument.keys.allSatisfy({ documents[$0] != nil }) else {
        throw .corrupt("a vector belongs to no document")
      }
      vectorIndex = decoded
    }
    guard vectorReader.isAtEnd else { throw .corrupt("trailing bytes in vectors") }

    return IndexState(
      documents: documents, files: files, lexicalIndex: lexicalIndex, symbols: symbols,
      nextDocumentID: nextDocumentID, vectorIndex: vectorIndex)
  }
}
