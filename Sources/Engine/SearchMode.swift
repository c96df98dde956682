/// How `docent/search` ranks chunks.
public enum SearchMode: String, Sendable, Hashable, CaseIterable {
  /// BM25 over names, documentation, paths and text.
  case lexical
  /// Cosine similarity of sentence embeddings (all-MiniLM-L6-v2) of the query and the chunks.
  case semantic
  /// Both rankings fused (see ``DocentEngine/search(_:options:mode:in:)``).
  case hybrid
}
