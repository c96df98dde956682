/// How a ``VectorIndex`` stores each vector's elements.
///
/// For 384-dimensional vectors a row takes 1,536 bytes as ``float32``, 768 as ``float16`` and 388 as ``int8``
/// (384 bytes plus a 4-byte scale). The recall each costs against Float32 is measured by `docent bench search`
/// and recorded in Retrieval.md.
public enum VectorEncoding: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  /// IEEE single precision: exact.
  case float32 = 0
  /// IEEE half precision: about 3 significant digits, ample for normalized embeddings (|x| ≤ 1).
  case float16 = 1
  /// Symmetric 8-bit quantization with one Float32 scale per vector: `x[i] ≈ scale · q[i]`,
  /// `scale = max|x| / 127`, `q[i] = round(x[i] / scale)`.
  case int8 = 2

  /// Bytes per stored vector of `dimension` elements, including the int8 scale.
  public func byteCount(dimension: Int) -> Int {
    switch self {
    case .float32: return 4 * dimension
    case .float16: return 2 * dimension
    case .int8: return dimension + 4
    }
  }

  public var description: String {
    switch self {
    case .float32: return "float32"
    case .float16: return "float16"
    case .int8: return "int8"
    }
  }

  /// The largest magnitude an int8 element takes; the range is symmetric, so -128 is never used.
  static let int8Maximum: Float = 127

  /// Quantizes `x` to int8 elements and a scale (`0` for an all-zero vector).
  static func quantizeInt8(_ x: [Float]) -> (values: [Int8], scale: Float) {
    var maximum: Float = 0
    for value in x { maximum = max(maximum, abs(value)) }
    guard maximum > 0 else { return ([Int8](repeating: 0, count: x.count), 0) }
    let scale = maximum / int8Maximum
    let inverse = 1 / scale
    let values = x.map { Int8(max(-int8Maximum, min(int8Maximum, ($0 * inverse).rounded()))) }
    return (values, scale)
  }
}
