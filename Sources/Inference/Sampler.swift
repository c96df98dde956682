// Choosing the next token from logits: greedy, or penalty → top-k → temperature → top-p → seeded draw.

import Basics
import Kernels

/// Picks next tokens under one request's ``SamplingOptions``; holds the request's random generator.
///
/// Candidate buffers are allocated once per sampler (`V` entries), so sampling allocates nothing per token.
final class Sampler {
  let options: SamplingOptions
  private var random: SplitMix64
  /// Candidate token ids, `[V]`.
  private var ids: [Int32]
  /// Candidate logits, then probabilities, `[V]`.
  private var values: [Float]

  init(options: SamplingOptions, vocabularyCount: Int) {
    self.options = options
    random = SplitMix64(seed: options.seed)
    ids = [Int32](repeating: 0, count: vocabularyCount)
    values = [Float](repeating: 0, count: vocabularyCount)
  }

  /// Returns the next token; `logits` (`[V]`) may be modified by the repetition penalty.
  ///
  /// - Parameters:
  ///   - logits: The next-token logits.
  ///   - history: The tokens so far (prompt and generated), for the repetition penalty.
  func sample(_ logits: UnsafeMutableBufferPointer<Float>, history: [Int32]) -> Int32 {
    applyRepetitionPenalty(logits, history: history)
    if options.temperature <= 0 { return Self.argmax(logits) }

    // Top-k: the k largest logits, sorted descending (all of them when k is 0 or ≥ V).
    let V = logits.count
    let k = options.topK > 0 ? min(options.topK, V) : V
    var count = 0
    if k == V {
      for i in 0..<V { ids[i] = Int32(i) }
      ids.sort { logits[Int($0)] > logits[Int($1)] }
      count = V
    } else {
      count = selectTop(k, of: logits)
    }
    for i in 0..<count { values[i] = logits[Int(ids[i])] / options.temperature }
    values.withUnsafeMutableBufferPointer { softmax(UnsafeMutableBufferPointer(rebasing: $0[..<count])) }

    // Top-p: cut after the smallest prefix whose mass reaches p.
    if options.topP < 1 {
      var mass: Float = 0
      var kept = 0
      while kept < count {
        mass += values[kept]
        kept += 1
        if mass >= options.topP { break }
      }
      count = kept
    }
    var total: Float = 0
    for i in 0..<count { total += values[i] }
    var draw = random.nextUnitFloat() * total
    for i in 0..<count {
      draw -= values[i]
      if draw < 0 { return ids[i] }
    }
    return ids[count - 1]
  }

  /// The index of the largest logit (the lowest index on ties, as llama.cpp's greedy sampler).
  static func argmax(_ logits: UnsafeMutableBufferPointer<Float>) -> Int32 {
    var best = 0
    for i in 1..<logits.count where logits[i] > logits[best] { best = i }
    return Int32(best)
  }

  /// llama.cpp's penalty: logits of recent tokens shrink towards (or below) zero, each token counted once.
  private func applyRepetitionPenalty(_ logits: UnsafeMutableBufferPointer<Float>, history: [Int32]) {
    let penalty = options.repetitionPenalty
    guard penalty != 1, penalty > 0, options.repetitionWindow > 0 else { return }
    var seen = Set<Int32>()
    for token in history.suffix(options.repetitionWindow) where seen.insert(token).inserted {
      let i = Int(token)
      guard i >= 0, i < logits.count else { continue }
      logits[i] = logits[i] > 0 ? logits[i] / penalty : logits[i] * penalty
    }
  }

  /// Puts the ids of the `k` largest logits into `ids[0..<k]`, sorted descending; returns `k`.
  ///
  /// - Complexity: O(V log k) with a binary min-heap of the best `k` so far.
  private func selectTop(_ k: Int, of logits: UnsafeMutableBufferPointer<Float>) -> Int {
    // ids[0..<size] is a min-heap on logits: the root is the worst of the best k so far.
    func less(_ a: Int32, _ b: Int32) -> Bool {
      logits[Int(a)] < logits[Int(b)] || (logits[Int(a)] == logits[Int(b)] && a > b)
    }
    func siftDown(_ start: Int, _ size: Int) {
      var i = start
      while true {
        let l = 2 * i + 1, r = l + 1
        var smallest = i
        if l < size, less(ids[l], ids[smallest]) { smallest = l }
        if r < size, less(ids[r], ids[smallest]) { smallest = r }
        if smallest == i { return }
        ids.swapAt(i, smallest)
        i = smallest
      }
    }
    for i in 0..<k { ids[i] = Int32(i) }
    for i in stride(from: k / 2 - 1, through: 0, by: -1) { siftDown(i, k) }
    for i in k..<logits.count where less(ids[0], Int32(i)) {
      ids[0] = Int32(i)
      siftDown(0, k)
    }
    // Heap sort in place: repeatedly move the minimum to the end, giving descending order.
    var size = k
    while size > 1 {
      ids.swapAt(0, size - 1)
      size -= 1
      siftDown(0, size)
    }
    return k
  }
}
