// The key/value cache of one decoding session, and the tokens it holds, for prefix reuse.

/// Keys and values of every layer at every cached position, in one allocation each.
///
/// Values are laid out `[L][P][G·D]` (layer, position, key/value width), so the new tokens of a batch are
/// contiguous rows that a matrix product writes directly. Keys are stored transposed, `[L][G·D][P]`, so attention
/// scores of one query against many positions are contiguous vector operations. ``tokens`` records which token produced each position, so a new prompt that
/// shares a prefix with the previous one recomputes only the changed suffix.
final class KVCache {
  /// `P`, positions per layer.
  let capacity: Int
  /// `L`.
  let layerCount: Int
  /// `G·D`.
  let kvDim: Int
  /// Keys, `[L][G·D][P]` (transposed), after RoPE (and, for Gemma 3, after the key norm).
  let keys: UnsafeMutablePointer<Float>
  /// Values, `[L][P][G·D]`.
  let values: UnsafeMutablePointer<Float>
  /// The token at each filled position: positions `0..<tokens.count` are valid in every layer.
  var tokens: [Int32] = []

  /// Allocates the cache (`2·L·P·G·D` floats) up front; nothing is allocated while decoding.
  init(layerCount: Int, capacity: Int, kvDim: Int) {
    self.capacity = capacity
    self.layerCount = layerCount
    self.kvDim = kvDim
    keys = .allocate(capacity: layerCount * capacity * kvDim)
    values = .allocate(capacity: layerCount * capacity * kvDim)
    tokens.reserveCapacity(capacity)
  }

  deinit {
    keys.deallocate()
    values.deallocate()
  }

  /// The keys of `layer`, `[G·D][P]`.
  func keys(layer: Int) -> UnsafeMutablePointer<Float> { keys + layer * capacity * kvDim }
  /// The values of `layer`, `[P][G·D]`.
  func values(layer: Int) -> UnsafeMutablePointer<Float> { values + layer * capacity * kvDim }

  /// The number of leading tokens of `prompt` whose keys and values are already cached.
  func commonPrefixCount(with prompt: [Int32]) -> Int {
    var count = 0
    let limit = min(prompt.count, tokens.count)
    while count < limit, prompt[count] == tokens[count] { count += 1 }
    return count
  }

  /// Forgets every position from `count` on (their rows are overwritten by the next evaluation).
  func truncate(to count: Int) {
    if count < tokens.count { tokens.removeSubrange(count...) }
  }

  /// Bytes held by keys and values.
  var byteCount: Int { 2 * layerCount * capacity * kvDim * MemoryLayout<Float>.stride }
}
