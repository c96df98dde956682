import Basics
import Retrieval
import Synchronization

/// The weight of the dense ranking in hybrid fusion (the lexical ranking weighs 1). Chosen on the search
/// development set (see the README's search section).
let hybridSemanticWeight: Float = 1

/// The reciprocal-rank constant of hybrid fusion.
let hybridReciprocalRankK: Float = RankFusion.defaultReciprocalRankK

extension DocentEngine {
  /// Ranks the workspace's chunks for `query` lexically, semantically or both.
  ///
  /// With `mode` `nil` the search is hybrid once every chunk has had a vector since the model loaded
  /// (``EngineSnapshot/prefersHybridSearch``), and lexical before. Hybrid search fuses each root's BM25 ranking
  /// and its dense ranking by reciprocal rank (`Σ w / (k + rank)`), after supporting code (tests, examples) is
  /// scored down in both; the results' scores are the fused values.
  ///
  /// - Parameters:
  ///   - query: Words, identifiers or a sentence.
  ///   - options: Limits and filters.
  ///   - mode: The ranking, or `nil` for the default.
  ///   - snapshot: The engine state to read.
  /// - Throws: ``EngineError`` with ``EngineError/Code/modelUnavailable`` when `semantic` or `hybrid` is asked for
  ///   without a loaded model; `CancellationError` when cancelled while the query is embedded.
  public func search(
    _ query: String, options: SearchOptions, mode: SearchMode?, in snapshot: EngineSnapshot
  ) async throws -> [SearchResult] {
    let mode = mode ?? (snapshot.prefersHybridSearch ? .hybrid : .lexical)
    if mode == .lexical { return search(query, options: options, in: snapshot) }
    guard let model = snapshot.embeddingModel else {
      let reason = snapshot.embedding.message ?? "semantic search is turned off or the model is still loading"
      throw EngineError(.modelUnavailable, "\(mode.rawValue) search needs the embedding model: \(reason)")
    }
    let limit = max(1, min(options.limit, 100))
    guard let queryVector = try await model.embed([query]).first else { return [] }
    var candidates: [SearchCandidate] = []
    for (root, index) in snapshot.indexes {
      let filter = searchFilter(options, index: index)
      let dense = rescored(
        index.semanticSearch(queryVector, limit: limit * candidateFactor, filter: filter), root: root, index: index)
      if mode == .semantic {
        candidates += dense
        continue
      }
      let lexical = rescored(
        index.search(query: query, limit: limit * candidateFactor, filter: filter), root: root, index: index)
      let fused = RankFusion.reciprocalRank(
        [lexical.map(\.hit), dense.map(\.hit)], k: hybridReciprocalRankK, weights: [1, hybridSemanticWeight],
        limit: limit * candidateFactor)
      candidates += fused.compactMap { hit in
        index.documents[hit.documentID].map { SearchCandidate(score: hit.score, root: root, document: $0) }
      }
    }
    return results(from: candidates, limit: limit)
  }

  /// Finds declarations for `workspace/symbol`: by name, or, for a multi-word natural-language query once vectors
  /// are ready, by the semantic ranking of the chunks that declare them.
  ///
  /// - Throws: `CancellationError` when cancelled while the query is embedded.
  public func symbols(
    matching query: String, limit: Int, semanticIn snapshot: EngineSnapshot
  ) async throws -> [SymbolResult] {
    guard Self.isNaturalLanguage(query), snapshot.prefersHybridSearch else {
      return symbols(matching: query, limit: limit, in: snapshot)
    }
    let chunks = try await search(query, options: SearchOptions(limit: 100), mode: .semantic, in: snapshot)
    var results: [SymbolResult] = []
    var seen: Set<String> = []
    for chunk in chunks where results.count < limit {
      guard let root = snapshot.roots.first(where: { chunk.path.hasPrefix($0 == "/" ? "/" : $0 + "/") }),
        let index = snapshot.indexes[root]
      else { continue }
      let relative = relativePath(of: chunk.path, in: root)
      // The declarations the chunk starts (a chunk may hold several small neighbours): the first one counts.
      let declared = index.symbols.symbols(inPath: relative)
        .filter { (chunk.startLine + 1...chunk.endLine + 1).contains($0.line) }
        .min { $0.line < $1.line }
      guard let symbol = declared, seen.insert("\(chunk.path):\(symbol.line)").inserted else { continue }
      results.append(
        SymbolResult(
          name: symbol.name, kind: symbol.kind, container: symbol.container.isEmpty ? nil : symbol.container,
          uri: chunk.uri, line: max(0, symbol.line - 1)))
    }
    return results
  }

  /// Whether a query reads as words rather than an identifier: at least two whitespace-separated words made of
  /// letters (`parse the config file`, not `parseConfig` or `Config.parse`).
  static func isNaturalLanguage(_ query: String) -> Bool {
    let words = query.split(whereSeparator: \.isWhitespace)
    return words.count >= 2 && words.allSatisfy { $0.allSatisfy { $0.isLetter || $0 == "'" || $0 == "-" } }
  }
}

extension SearchCandidate {
  /// The candidate as a fusion input.
  var hit: SearchHit { SearchHit(documentID: document.id, score: score) }
}
