// The rows of a vector index, in one of three encodings. Layout (d = dimension, n = rows, by slot):
//   float32  [Float]    n × d
//   float16  [Float16]  n × d
//   int8     [Int8]     n × d, plus scales [Float] n
// Only the array of the chosen encoding is non-empty.

import Kernels

/// Encoded vectors by slot, appended in order; the index's tombstones and ids live beside it.
struct VectorStorage: Sendable {
  let dimension: Int
  let encoding: VectorEncoding
  var float32Values: [Float] = []
  var float16Values: [Float16] = []
  var int8Values: [Int8] = []
  var int8Scales: [Float] = []
  private(set) var count = 0

  init(dimension: Int, encoding: VectorEncoding) {
    self.dimension = dimension
    self.encoding = encoding
  }

  mutating func reserveCapacity(_ rows: Int) {
    switch encoding {
    case .float32: float32Values.reserveCapacity(rows * dimension)
    case .float16: float16Values.reserveCapacity(rows * dimension)
    case .int8:
      int8Values.reserveCapacity(rows * dimension)
      int8Scales.reserveCapacity(rows)
    }
  }

  /// Appends one row; `x` has `dimension` elements.
  mutating func append(_ x: [Float]) {
    switch encoding {
    case .float32: float32Values.append(contentsOf: x)
    case .float16: float16Values.append(contentsOf: x.lazy.map { Float16($0) })
    case .int8:
      let (values, scale) = VectorEncoding.quantizeInt8(x)
      int8Values.append(contentsOf: values)
      int8Scales.append(scale)
    }
    count += 1
  }

  /// Sets the row count after the arrays were filled directly (decoding).
  mutating func setCount(_ rows: Int) { count = rows }

  /// Row `row` widened to Float32.
  func vector(at row: Int) -> [Float] {
    let range = row * dimension..<(row + 1) * dimension
    switch encoding {
    case .float32: return Array(float32Values[range])
    case .float16: return float16Values[range].map { Float($0) }
    case .int8:
      let scale = int8Scales[row]
      return int8Values[range].map { Float($0) * scale }
    }
  }

  /// Calls `body` with a read-only view whose pointers stay valid for the call.
  func withRows<T>(_ body: (VectorRows) throws -> T) rethrows -> T {
    try float32Values.withUnsafeBufferPointer { f32 in
      try float16Values.withUnsafeBufferPointer { f16 in
        try int8Values.withUnsafeBufferPointer { i8 in
          try int8Scales.withUnsafeBufferPointer { scales in
            try body(
              VectorRows(
                dimension: dimension, encoding: encoding, float32: f32, float16: f16, int8: i8, scales: scales,
                count: count))
          }
        }
      }
    }
  }

  /// Bytes held by the rows.
  var byteCount: Int {
    float32Values.count * 4 + float16Values.count * 2 + int8Values.count + int8Scales.count * 4
  }
}

/// Pointers to the rows of a ``VectorStorage`` for the duration of one search or build.
struct VectorRows {
  let dimension: Int
  let encoding: VectorEncoding
  let float32: UnsafeBufferPointer<Float>
  let float16: UnsafeBufferPointer<Float16>
  let int8: UnsafeBufferPointer<Int8>
  let scales: UnsafeBufferPointer<Float>
  let count: Int

  /// `q · row`, with `q` of `dimension` floats.
  @inline(__always)
  func similarity(_ q: UnsafeBufferPointer<Float>, to row: Int) -> Float {
    let start = row * dimension
    switch encoding {
    case .float32:
      return VectorSimilarity.dot(q, UnsafeBufferPointer(rebasing: float32[start..<start + dimension]))
    case .float16:
      return VectorSimilarity.dot(q, float16: UnsafeBufferPointer(rebasing: float16[start..<start + dimension]))
    case .int8:
      return VectorSimilarity.dot(
        q, int8: UnsafeBufferPointer(rebasing: int8[start..<start + dimension]), scale: scales[row])
    }
  }

  /// Hints the CPU to load row `row` into cache.
  @inline(__always)
  func prefetch(_ row: Int) {
    let start = row * dimension
    switch encoding {
    case .float32:
      if let base = float32.baseAddress { VectorSimilarity.prefetch(base + start, byteCount: 4 * dimension) }
    case .float16:
      if let base = float16.baseAddress { VectorSimilarity.prefetch(base + start, byteCount: 2 * dimension) }
    case .int8:
      if let base = int8.baseAddress { VectorSimilarity.prefetch(base + start, byteCount: dimension) }
    }
  }

  /// Writes `scores[r - rows.lowerBound] = q · row r` for `rows`.
  func similarities(_ q: UnsafeBufferPointer<Float>, _ rows: Range<Int>, into scores: UnsafeMutableBufferPointer<Float>) {
    switch encoding {
    case .float32: VectorSimilarity.dots(q, rows: float32, rows, into: scores)
    case .float16: VectorSimilarity.dots(q, float16Rows: float16, rows, into: scores)
    case .int8: VectorSimilarity.dots(q, int8Rows: int8, scales: scales, rows, into: scores)
    }
  }

  /// Row `row` widened to Float32, written to `out` (`dimension` floats).
  func decode(_ row: Int, into out: UnsafeMutableBufferPointer<Float>) {
    let start = row * dimension
    switch encoding {
    case .float32: for i in 0..<dimension { out[i] = float32[start + i] }
    case .float16: for i in 0..<dimension { out[i] = Float(float16[start + i]) }
    case .int8:
      let scale = scales[row]
      for i in 0..<dimension { out[i] = Float(int8[start + i]) * scale }
    }
  }
}
