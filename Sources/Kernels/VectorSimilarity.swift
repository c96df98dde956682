// Similarity of embedding vectors: the dot product of a Float32 query with stored rows in Float32, Float16 or
// int8 (with one Float32 scale per row), for one row or a run of rows.
//
// Contract: every function here matches its scalar twin in `VectorSimilarity.Reference` up to summation order
// (the fast paths keep several SIMD accumulators and add them at the end). On normalized vectors the dot product
// is the cosine similarity, which is how the vector index ranks.
//
// Legend: q = query (d floats), x = one stored row (d elements), d = dimension, n = row count, s = row scale.
// Rows are contiguous and row-major: row r starts at element r * d.

/// Dot products of a query with stored vectors, for exact and graph search in the vector index.
///
/// Each kernel has an obviously correct scalar twin in ``VectorSimilarity/Reference``; the fast paths load
/// 16 lanes at a time with two independent accumulators (so two fused multiply-adds are in flight), then finish
/// the tail element by element.
public enum VectorSimilarity {
  /// Lanes per SIMD load.
  static let width = 16

  /// Returns `q · x` for Float32 vectors of equal length.
  ///
  /// - Parameters:
  ///   - q: The query.
  ///   - x: A stored row; must have `q.count` elements.
  /// - Returns: `Σ q[i] * x[i]`.
  /// - Complexity: O(*d*).
  @inlinable
  public static func dot(_ q: UnsafeBufferPointer<Float>, _ x: UnsafeBufferPointer<Float>) -> Float {
    precondition(q.count == x.count, "VectorSimilarity.dot: lengths differ")
    guard let qb = q.baseAddress, let xb = x.baseAddress else { return 0 }
    let qs = UnsafeRawPointer(qb), xs = UnsafeRawPointer(xb)
    let d = q.count
    var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>(), i = 0
    while i + 32 <= d {  // two accumulators: independent FMA chains
      acc0.addProduct(
        qs.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self),
        xs.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self))
      acc1.addProduct(
        qs.loadUnaligned(fromByteOffset: (i + 16) * 4, as: SIMD16<Float>.self),
        xs.loadUnaligned(fromByteOffset: (i + 16) * 4, as: SIMD16<Float>.self))
      i += 32
    }
    if i + 16 <= d {
      acc0.addProduct(
        qs.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self),
        xs.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self))
      i += 16
    }
    var sum = (acc0 + acc1).sum()
    while i < d {  // tail
      sum += qb[i] * xb[i]
      i += 1
    }
    return sum
  }

  /// Returns `q · x` for a Float32 query and a Float16 row, widening each row element to Float32.
  ///
  /// - Parameters:
  ///   - q: The query.
  ///   - x: A stored row; must have `q.count` elements.
  /// - Returns: `Σ q[i] * Float(x[i])`.
  /// - Complexity: O(*d*).
  @inlinable
  public static func dot(_ q: UnsafeBufferPointer<Float>, float16 x: UnsafeBufferPointer<Float16>) -> Float {
    precondition(q.count == x.count, "VectorSimilarity.dot(_:float16:): lengths differ")
    guard let qb = q.baseAddress, let xb = x.baseAddress else { return 0 }
    let qs = UnsafeRawPointer(qb), xs = UnsafeRawPointer(xb)
    let d = q.count
    var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>(), i = 0
    while i + 32 <= d {  // F16C widens 8 halves per instruction on x86; NEON's fcvtl on arm64
      acc0.addProduct(
        qs.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self),
        SIMD16<Float>(xs.loadUnaligned(fromByteOffset: i * 2, as: SIMD16<Float16>.self)))
      acc1.addProduct(
        qs.loadUnaligned(fromByteOffset: (i + 16) * 4, as: SIMD16<Float>.self),
        SIMD16<Float>(xs.loadUnaligned(fromByteOffset: (i + 16) * 2, as: SIMD16<Float16>.self)))
      i += 32
    }
    if i + 16 <= d {
      acc0.addProduct(
        qs.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self),
        SIMD16<Float>(xs.loadUnaligned(fromByteOffset: i * 2, as: SIMD16<Float16>.self)))
      i += 16
    }
    var sum = (acc0 + acc1).sum()
    while i < d {
      sum += qb[i] * Float(xb[i])
      i += 1
    }
    return sum
  }

  /// Returns `s · (q · x)` for a Float32 query and an int8 row quantized with scale `s`.
  ///
  /// A row quantized as `x[i] = round(v[i] / s)` with `s = max|v| / 127` approximates `v[i] ≈ s · x[i]`.
  ///
  /// - Parameters:
  ///   - q: The query.
  ///   - x: A stored int8 row; must have `q.count` elements.
  ///   - scale: The row's scale `s`.
  /// - Returns: `s · Σ q[i] * Float(x[i])`.
  /// - Complexity: O(*d*).
  @inlinable
  public static func dot(_ q: UnsafeBufferPointer<Float>, int8 x: UnsafeBufferPointer<Int8>, scale: Float) -> Float {
    precondition(q.count == x.count, "VectorSimilarity.dot(_:int8:scale:): lengths differ")
    guard let qb = q.baseAddress, let xb = x.baseAddress else { return 0 }
    let qs = UnsafeRawPointer(qb), xs = UnsafeRawPointer(xb)
    let d = q.count
    var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>(), i = 0
    while i + 32 <= d {  // sign-extend 8 → 32 bits, convert, multiply-add
      let x0 = xs.loadUnaligned(fromByteOffset: i, as: SIMD16<Int8>.self)
      let x1 = xs.loadUnaligned(fromByteOffset: i + 16, as: SIMD16<Int8>.self)
      acc0.addProduct(
        qs.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self),
        SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: x0)))
      acc1.addProduct(
        qs.loadUnaligned(fromByteOffset: (i + 16) * 4, as: SIMD16<Float>.self),
        SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: x1)))
      i += 32
    }
    if i + 16 <= d {
      let x0 = xs.loadUnaligned(fromByteOffset: i, as: SIMD16<Int8>.self)
      acc0.addProduct(
        qs.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self),
        SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: x0)))
      i += 16
    }
    var sum = (acc0 + acc1).sum()
    while i < d {
      sum += qb[i] * Float(xb[i])
      i += 1
    }
    return sum * scale
  }

  /// Writes `scores[r] = q · x_r` for the rows `rows` of a row-major Float32 matrix.
  ///
  /// - Parameters:
  ///   - q: The query, `d` floats.
  ///   - matrix: Row-major rows of `q.count` floats each.
  ///   - rows: The rows to score.
  ///   - scores: Receives one score per row of `rows`, at `scores[r - rows.lowerBound]`.
  /// - Complexity: O(*n* · *d*).
  public static func dots(
    _ q: UnsafeBufferPointer<Float>, rows matrix: UnsafeBufferPointer<Float>, _ rows: Range<Int>,
    into scores: UnsafeMutableBufferPointer<Float>
  ) {
    let d = q.count
    precondition(rows.lowerBound >= 0 && rows.upperBound * d <= matrix.count && scores.count >= rows.count)
    guard let base = matrix.baseAddress else { return }
    for r in rows {
      scores[r - rows.lowerBound] = dot(q, UnsafeBufferPointer(start: base + r * d, count: d))
    }
  }

  /// Writes `scores[r] = q · x_r` for rows of a row-major Float16 matrix; see ``dots(_:rows:_:into:)``.
  public static func dots(
    _ q: UnsafeBufferPointer<Float>, float16Rows matrix: UnsafeBufferPointer<Float16>, _ rows: Range<Int>,
    into scores: UnsafeMutableBufferPointer<Float>
  ) {
    let d = q.count
    precondition(rows.lowerBound >= 0 && rows.upperBound * d <= matrix.count && scores.count >= rows.count)
    guard let base = matrix.baseAddress else { return }
    for r in rows {
      scores[r - rows.lowerBound] = dot(q, float16: UnsafeBufferPointer(start: base + r * d, count: d))
    }
  }

  /// Writes `scores[r] = s_r · (q · x_r)` for rows of a row-major int8 matrix with one scale per row; see
  /// ``dots(_:rows:_:into:)``.
  public static func dots(
    _ q: UnsafeBufferPointer<Float>, int8Rows matrix: UnsafeBufferPointer<Int8>, scales: UnsafeBufferPointer<Float>,
    _ rows: Range<Int>, into scores: UnsafeMutableBufferPointer<Float>
  ) {
    let d = q.count
    precondition(
      rows.lowerBound >= 0 && rows.upperBound * d <= matrix.count && rows.upperBound <= scales.count
        && scores.count >= rows.count)
    guard let base = matrix.baseAddress else { return }
    for r in rows {
      scores[r - rows.lowerBound] = dot(
        q, int8: UnsafeBufferPointer(start: base + r * d, count: d), scale: scales[r])
    }
  }

  /// Asks the CPU to start loading `byteCount` bytes at `address` into cache, one request per 64-byte line.
  ///
  /// A hint with no effect on results: graph search calls it for the next neighbor's row while it scores the
  /// current one, so the row's cache misses overlap with arithmetic instead of stalling it.
  @inlinable @inline(__always)
  public static func prefetch(_ address: UnsafeRawPointer, byteCount: Int) {
    var offset = 0
    while offset < byteCount {
      _vectorSimilarityPrefetch(address + offset, 0, 3, 1)  // read, keep in all cache levels, data cache
      offset += 64
    }
  }

  /// Scalar twins of the kernels above: one multiply-add per element, in index order.
  public enum Reference {
    /// `Σ q[i] * x[i]`.
    public static func dot(_ q: [Float], _ x: [Float]) -> Float {
      precondition(q.count == x.count)
      var sum: Float = 0
      for i in 0..<q.count { sum += q[i] * x[i] }
      return sum
    }

    /// `Σ q[i] * Float(x[i])`.
    public static func dot(_ q: [Float], float16 x: [Float16]) -> Float {
      precondition(q.count == x.count)
      var sum: Float = 0
      for i in 0..<q.count { sum += q[i] * Float(x[i]) }
      return sum
    }

    /// `scale · Σ q[i] * Float(x[i])`.
    public static func dot(_ q: [Float], int8 x: [Int8], scale: Float) -> Float {
      precondition(q.count == x.count)
      var sum: Float = 0
      for i in 0..<q.count { sum += q[i] * Float(x[i]) }
      return sum * scale
    }
  }
}

/// LLVM's `llvm.prefetch` intrinsic (`prefetcht0` on x86, `prfm pldl1keep` on arm64). Swift has no prefetch
/// API; naming the intrinsic is the standard library's own way of reaching LLVM builtins. The arguments must be
/// literal constants at the call site (they are LLVM immediates).
@usableFromInline @_silgen_name("llvm.prefetch.p0")
func _vectorSimilarityPrefetch(_ address: UnsafeRawPointer, _ isWrite: Int32, _ locality: Int32, _ cacheType: Int32)
