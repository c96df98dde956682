// Multi-head scaled dot-product self-attention over a ragged batch, on the blocked matmul.
//
// Fast path contract: matches `DenseReference.attention` up to summation order and the vector exp. For each
// sequence s (a range of token rows) and head h: S = Q_h K_h^T / sqrt(d) over the sequence's own rows, masked
// keys set to -inf, P = softmax(S) per row, O_h = P V_h. Sequences never see each other's rows, which is what
// padding plus an attention mask computes, without the padded rows' work.

extension Dense {
  /// Computes multi-head self-attention for each sequence of a ragged batch.
  ///
  /// Layout: row `t` of the batch holds head `h`'s query at `queries + t * rowStride + h * headSize` (the same
  /// for keys and values), and its output goes to `output + t * outputStride + h * headSize`.
  ///
  /// - Parameters:
  ///   - queries: Query rows (already projected, bias included).
  ///   - keys: Key rows.
  ///   - values: Value rows.
  ///   - rowStride: Floats between rows of queries, keys and values.
  ///   - output: Attention output rows, `headCount * headSize` floats written per row.
  ///   - outputStride: Floats between output rows.
  ///   - sequences: The batch's sequences as ranges of rows; they must not overlap.
  ///   - keyMask: Per row, 0 to hide that row as a key from its sequence (padding), nonzero to attend; `nil`
  ///     attends to every row. A query whose keys are all hidden gets a zero output.
  ///   - headCount: Heads per row.
  ///   - headSize: `d`, floats per head.
  ///   - threadCount: Threads to split the (sequence, head) pairs across.
  /// - Complexity: O(Σ *T*² *d* · heads).
  public static func attention(
    queries: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>, rowStride: Int,
    output: UnsafeMutablePointer<Float>, outputStride: Int, sequences: [Range<Int>], keyMask: UnsafePointer<UInt8>?,
    headCount: Int, headSize: Int, threadCount: Int
  ) {
    let d = headSize
    let longest = sequences.map(\.count).max() ?? 0
    guard longest > 0, d > 0 else { return }
    let scale = 1 / Float(d).squareRoot()
    let box = UnsafeSendable((queries, keys, values, output, keyMask))
    parallelRows(sequences.count * headCount, threadCount: threadCount) { tasks in
      let (queries, keys, values, output, keyMask) = box.value
      let paddedLongest = (longest + panelWidth - 1) / panelWidth * panelWidth
      let paddedHead = (d + panelWidth - 1) / panelWidth * panelWidth
      // Scratch for this thread: K_h packed, the scores, V_h packed.
      let packedKeys = UnsafeMutablePointer<Float>.allocate(capacity: paddedLongest * d)
      let scores = UnsafeMutablePointer<Float>.allocate(capacity: longest * longest)
      let packedValues = UnsafeMutablePointer<Float>.allocate(capacity: paddedHead * longest)
      defer {
        packedKeys.deallocate()
        scores.deallocate()
        packedValues.deallocate()
      }
      for task in tasks {
        let sequence = sequences[task / headCount]
        let head = task % headCount
        let t = sequence.count
        guard t > 0 else { continue }
        let offset = sequence.lowerBound * rowStride + head * d
        packTransposed(keys + offset, rowStride: rowStride, outputCount: t, inputCount: d, into: packedKeys)
        matmulBlock(
          queries + offset, rows: 0..<t, rowStride: rowStride, panels: packedKeys, inputCount: d, outputCount: t,
          bias: nil, activation: .none, out: scores, outputStride: t)
        for i in 0..<t {
          let row = scores + i * t
          if let keyMask {
            for j in 0..<t where keyMask[sequence.lowerBound + j] == 0 { row[j] = -Float.infinity }
          }
          softmaxRow(row, count: t, scale: scale)
        }
        pack(values + offset, rowStride: rowStride, inputCount: t, outputCount: d, into: packedValues)
        matmulBlock(
          scores, rows: 0..<t, rowStride: t, panels: packedValues, inputCount: t, outputCount: d, bias: nil,
          activation: .none, out: output + sequence.lowerBound * outputStride + head * d, outputStride: outputStride)
      }
    }
  }
}
