/// Fuses ranked lists from several retrievers (lexical and dense) into one ranking.
///
/// Pure functions over ``SearchHit`` lists, each ranked best first. A document found by only some lists simply
/// gets nothing from the others. The result is ordered by fused score, then by ascending ``DocumentID``, so
/// fusion is deterministic; when a list names a document twice, its first (best) appearance counts.
public enum RankFusion {
  /// The usual reciprocal-rank constant (Cormack, Clarke and Büttcher, SIGIR 2009): large enough that the
  /// first few ranks of one list do not drown the others.
  public static let defaultReciprocalRankK: Float = 60

  /// Reciprocal rank fusion: `score(d) = Σ_i w_i / (k + rank_i(d))`, with ranks starting at 1.
  ///
  /// Only ranks matter, so lists with incomparable scores (BM25 and cosine) mix without calibration.
  ///
  /// - Parameters:
  ///   - lists: Ranked lists, best first.
  ///   - k: The rank constant; larger flattens the contribution of the top ranks.
  ///   - weights: One weight per list, or `nil` for 1 each.
  ///   - limit: The most hits to return.
  /// - Returns: Fused hits whose scores are the fused values.
  /// - Complexity: O(*n* log *n*) in the total number of hits.
  public static func reciprocalRank(
    _ lists: [[SearchHit]], k: Float = defaultReciprocalRankK, weights: [Float]? = nil, limit: Int
  ) -> [SearchHit] {
    precondition(weights == nil || weights?.count == lists.count, "RankFusion: one weight per list")
    var fused: [DocumentID: Float] = [:]
    for (i, list) in lists.enumerated() {
      let weight = weights?[i] ?? 1
      var seen = Set<DocumentID>()
      for (rank, hit) in list.enumerated() where seen.insert(hit.documentID).inserted {
        fused[hit.documentID, default: 0] += weight / (k + Float(rank + 1))
      }
    }
    return ranked(fused, limit: limit)
  }

  /// A weighted mix of min-max normalized scores: `score(d) = Σ_i w_i · (s_i(d) − min_i) / (max_i − min_i)`.
  ///
  /// Each list's scores are mapped onto 0...1 over that list (a list whose scores are all equal maps them to 1),
  /// so a weight says how much that retriever counts regardless of its score scale.
  ///
  /// - Parameters:
  ///   - lists: Ranked lists, best first.
  ///   - weights: One weight per list.
  ///   - limit: The most hits to return.
  /// - Returns: Fused hits whose scores are the mixed values.
  /// - Complexity: O(*n* log *n*) in the total number of hits.
  public static func weightedScores(_ lists: [[SearchHit]], weights: [Float], limit: Int) -> [SearchHit] {
    precondition(weights.count == lists.count, "RankFusion: one weight per list")
    var fused: [DocumentID: Float] = [:]
    for (i, list) in lists.enumerated() {
      guard let first = list.first else { continue }
      var low = first.score, high = first.score
      for hit in list {
        low = min(low, hit.score)
        high = max(high, hit.score)
      }
      let range = high - low
      var seen = Set<DocumentID>()
      for hit in list where seen.insert(hit.documentID).inserted {
        let normalized = range > 0 ? (hit.score - low) / range : 1
        fused[hit.documentID, default: 0] += weights[i] * normalized
      }
    }
    return ranked(fused, limit: limit)
  }

  private static func ranked(_ fused: [DocumentID: Float], limit: Int) -> [SearchHit] {
    guard limit > 0 else { return [] }
    let hits = fused.map { SearchHit(documentID: $0.key, score: $0.value) }
    return Array(hits.sorted(by: VectorIndex.ranksBefore).prefix(limit))
  }
}
