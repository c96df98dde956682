/// One file's indexed content detached from an index: chunks without their text, with their analyzed terms.
public struct DetachedFileContent: Sendable {
  /// The chunks as they were stored (their ids and path are replaced when added again).
  public let chunks: [ChunkDocument]
  /// Each chunk's terms, in the order of ``chunks``.
  let termVectors: [TermVector]
  /// The file's symbols.
  public let symbols: [SymbolEntry]
}
