/// Everything the index knows: documents, file records, the lexical index, the symbol table and, once an
/// embedding model is configured, the documents' vectors.
///
/// A value type: a copy is a consistent snapshot for readers while the original is updated.
///
/// Invariants: every document belongs to exactly one file record, whose `documentIDs` lists it; the lexical
/// index holds exactly the documents; the vector index holds a subset of them (vectors are added after lexical
/// indexing, and removed with their document); document ids are below ``nextDocumentID`` and never reused.
public struct IndexState: Sendable {
  /// The documents, by id.
  public private(set) var documents: [DocumentID: ChunkDocument] = [:]
  /// The file records, by relative path.
  public private(set) var files: [String: FileRecord] = [:]
  /// The inverted index over the documents.
  public internal(set) var lexicalIndex: LexicalIndex
  /// The symbols of all files.
  public internal(set) var symbols = SymbolTable()
  /// The id the next added chunk receives.
  public private(set) var nextDocumentID: UInt64 = 0
  /// The documents' embedding vectors, or `nil` until ``configureVectors(_:)``.
  public internal(set) var vectorIndex: VectorIndex?

  /// Creates an empty state.
  public init(configuration: LexicalIndex.Configuration = .standard) {
    lexicalIndex = LexicalIndex(configuration: configuration)
  }

  init(
    documents: [DocumentID: ChunkDocument], files: [String: FileRecord], lexicalIndex: LexicalIndex,
    symbols: SymbolTable, nextDocumentID: UInt64, vectorIndex: VectorIndex?
  ) {
    self.vectorIndex = vectorIndex
    self.documents = documents
    self.files = files
    self.lexicalIndex = lexicalIndex
    self.symbols = symbols
    self.nextDocumentID = nextDocumentID
  }

  /// Indexes a file's chunks and symbols, replacing whatever the index held for that path.
  ///
  /// - Parameters:
  ///   - relativePath: The file's path relative to its root.
  ///   - byteCount: Its size in bytes.
  ///   - modificationTimeNanoseconds: Its modification time, nanoseconds since 1970.
  ///   - contentHash: ``Basics/ContentHash`` of its bytes.
  ///   - chunks: Its chunks, in file order.
  ///   - symbols: Its declared symbols.
  /// - Returns: The ids assigned to the chunks, in order.
  /// - Complexity: O(*n*) in the text of the chunks, plus the removal of the file's previous chunks.
  @discardableResult
  public mutating func updateFile(
    relativePath: String, byteCount: Int, modificationTimeNanoseconds: Int64, contentHash: UInt64,
    chunks: [ChunkContent], symbols fileSymbols: [SymbolEntry]
  ) -> [DocumentID] {
    removeFile(relativePath: relativePath)
    var ids: [DocumentID] = []
    ids.reserveCapacity(chunks.count)
    for content in chunks {
      let id = DocumentID(nextDocumentID)
      nextDocumentID += 1
      let document = ChunkDocument(id: id, path: relativePath, content: content)
      documents[id] = document
      lexicalIndex.add(id, fields: document.lexicalFields)
      ids.append(id)
    }
    files[relativePath] = FileRecord(
      relativePath: relativePath, byteCount: byteCount, modificationTimeNanoseconds: modificationTimeNanoseconds,
      contentHash: contentHash, documentIDs: ids)
    symbols.add(fileSymbols.map { symbol in
      var symbol = symbol
      symbol.path = relativePath
      return symbol
    })
    return ids
  }


  /// Removes a file's chunks, symbols and record.
  ///
  /// - Returns: Whether the file was indexed.
  @discardableResult
  public mutating func removeFile(relativePath: String) -> Bool {
    guard let record = files.removeValue(forKey: relativePath) else { return false }
    for id in record.documentIDs {
      documents[id] = nil
      lexicalIndex.remove(id)
      vectorIndex?.remove(id)
    }
    symbols.removeSymbols(inPath: relativePath)
    return true
  }

  /// Ranks chunks for a query; see ``LexicalIndex/search(query:limit:filter:)``.
  public func search(query: String, limit: Int, filter: SearchFilter? = nil) -> [SearchHit] {
    lexicalIndex.search(query: query, limit: limit, filter: filter)
  }

  // MARK: Vectors

  /// Prepares the vector index for a model, keeping the stored vectors only if they were made with the same
  /// configuration (model, dimension, encoding, graph parameters).
  ///
  /// - Returns: Whether the stored vectors were kept.
  @discardableResult
  public mutating func configureVectors(_ configuration: VectorIndex.Configuration) -> Bool {
    if vectorIndex?.configuration == configuration { return true }
    vectorIndex = VectorIndex(configuration: configuration)
    return false
  }

  /// Drops every vector (the model went away or changed).
  public mutating func removeVectors() { vectorIndex = nil }

  /// Stores the vector of a document.
  ///
  /// - Returns: `false` when the document is no longer indexed (its file changed while it was embedded) or no
  ///   vector index is configured; the vector is then dropped.
  /// - Throws: ``RetrievalError/invalidVector(_:)`` for a vector of the wrong length or with non-finite elements.
  @discardableResult
  public mutating func setVector(_ vector: [Float], for id: DocumentID) throws(RetrievalError) -> Bool {
    guard documents[id] != nil, vectorIndex != nil else { return false }
    try vectorIndex?.insert(vector, for: id)
    return true
  }

  /// The documents that have no vector yet, in ascending id order (all of them without a vector index).
  ///
  /// - Complexity: O(*n* log *n*) in the document count.
  public var documentsWithoutVectors: [DocumentID] {
    documents.keys.filter { vectorIndex?.contains($0) != true }.sorted()
  }

  /// Ranks documents by cosine similarity to an embedded query; see ``VectorIndex/search(_:limit:filter:)``.
  ///
  /// - Returns: No hits without a vector index.
  public func semanticSearch(_ queryVector: [Float], limit: Int, filter: SearchFilter? = nil) -> [SearchHit] {
    vectorIndex?.search(queryVector, limit: limit, filter: filter) ?? []
  }
}
