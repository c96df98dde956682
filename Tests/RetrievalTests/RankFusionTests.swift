import Retrieval
import Testing

@Suite struct RankFusionTests {
  static func hits(_ pairs: [(UInt64, Float)]) -> [SearchHit] {
    pairs.map { SearchHit(documentID: DocumentID($0.0), score: $0.1) }
  }

  @Test func reciprocalRankFusionSumsOneOverKPlusRank() {
    let lexical = Self.hits([(1, 12), (2, 9), (3, 1)])
    let dense = Self.hits([(3, 0.9), (1, 0.8), (4, 0.7)])
    let fused = RankFusion.reciprocalRank([lexical, dense], limit: 10)
    // 1: 1/61 + 1/62; 3: 1/63 + 1/61; 2: 1/62; 4: 1/63.
    #expect(fused.map(\.documentID.rawValue) == [1, 3, 2, 4])
    #expect(abs(fused[0].score - (1.0 / 61 + 1.0 / 62)) < 1e-7)
    #expect(abs(fused[1].score - (1.0 / 63 + 1.0 / 61)) < 1e-7)
    #expect(abs(fused[3].score - 1.0 / 63) < 1e-7)
  }

  @Test func reciprocalRankFusionHonoursKWeightsAndLimit() {
    let a = Self.hits([(1, 5), (2, 4)])
    let b = Self.hits([(2, 5), (1, 4)])
    // Equal contributions: ties go to the lower id.
    #expect(RankFusion.reciprocalRank([a, b], limit: 2).map(\.documentID.rawValue) == [1, 2])
    // Weighting the second list makes its first document win.
    let weighted = RankFusion.reciprocalRank([a, b], k: 1, weights: [1, 2], limit: 1)
    #expect(weighted.map(\.documentID.rawValue) == [2])
    #expect(abs(weighted[0].score - (1.0 / 3 + 2.0 / 2)) < 1e-6)
    #expect(RankFusion.reciprocalRank([a, b], limit: 0).isEmpty)
    #expect(RankFusion.reciprocalRank([], limit: 5).isEmpty)
  }

  @Test func duplicatesInAListCountOnce() {
    let a = Self.hits([(7, 3), (7, 2), (8, 1)])
    let fused = RankFusion.reciprocalRank([a], limit: 5)
    #expect(fused.map(\.documentID.rawValue) == [7, 8])
    #expect(abs(fused[1].score - 1.0 / 63) < 1e-7)
  }

  @Test func weightedScoresNormalizeEachList() {
    let lexical = Self.hits([(1, 20), (2, 10), (3, 0)])  // → 1, 0.5, 0
    let dense = Self.hits([(3, 0.9), (2, 0.5), (4, 0.1)])  // → 1, 0.5, 0
    let fused = RankFusion.weightedScores([lexical, dense], weights: [0.3, 0.7], limit: 10)
    // 1: 0.3; 2: 0.15 + 0.35 = 0.5; 3: 0 + 0.7; 4: 0.
    #expect(fused.map(\.documentID.rawValue) == [3, 2, 1, 4])
    #expect(abs(fused[0].score - 0.7) < 1e-6 && abs(fused[1].score - 0.5) < 1e-6 && abs(fused[2].score - 0.3) < 1e-6)
  }

  @Test func weightedScoresOfAFlatListAreOne() {
    let flat = Self.hits([(5, 2), (6, 2)])
    let fused = RankFusion.weightedScores([flat, []], weights: [0.5, 0.5], limit: 10)
    #expect(fused.map(\.score) == [0.5, 0.5])
    #expect(fused.map(\.documentID.rawValue) == [5, 6])
  }
}
