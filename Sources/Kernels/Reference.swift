// Scalar twins of the fast kernels: obviously correct, slow, and the ground truth the tests compare against.
//
// Every decoder reads one byte at a time and follows the layout prose of its format's namespace; dot products
// decode a row and sum in Double. Nothing here is vectorized or threaded on purpose.

/// Scalar reference implementations of every optimized kernel, by the same path (`Reference.Q4_1.dot`).
public enum Reference {
  /// Computes `out[b][r] = Σ_c W[r][c] * x[b][c]` one value at a time (the twin of
  /// ``matmul(weights:type:rowCount:columnCount:x:into:threadCount:)``).
  public static func matmul(
    weights: UnsafeRawBufferPointer, type: QuantType, rowCount: Int, columnCount: Int,
    x: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>
  ) {
    guard let rowBytes = type.byteCount(valueCount: columnCount), columnCount > 0 else {
      preconditionFailure("\(columnCount) columns are not a whole number of \(type) blocks")
    }
    precondition(weights.count == rowCount * rowBytes && x.count % columnCount == 0)
    let batchCount = x.count / columnCount
    precondition(out.count == batchCount * rowCount)
    var row = [Float](repeating: 0, count: columnCount)
    for r in 0..<rowCount {
      let bytes = UnsafeRawBufferPointer(rebasing: weights[(r * rowBytes)..<((r + 1) * rowBytes)])
      row.withUnsafeMutableBufferPointer { dequantize(bytes, type: type, into: $0) }
      for b in 0..<batchCount {
        var sum = 0.0
        for c in 0..<columnCount { sum += Double(row[c]) * Double(x[b * columnCount + c]) }
        out[b * rowCount + r] = Float(sum)
      }
    }
  }

  /// Decodes values of any type with the scalar decoders below.
  public static func dequantize(
    _ bytes: UnsafeRawBufferPointer, type: QuantType, into values: UnsafeMutableBufferPointer<Float>
  ) {
    switch type {
    case .f32: F32.dequantize(bytes, into: values)
    case .f16: F16.dequantize(bytes, into: values)
    case .bf16: BF16.dequantize(bytes, into: values)
    case .q4_0: Q4_0.dequantize(bytes, into: values)
    case .q4_1: Q4_1.dequantize(bytes, into: values)
    case .q5_0: Q5_0.dequantize(bytes, into: values)
    case .q5_1: Q5_1.dequantize(bytes, into: values)
    case .q8_0: Q8_0.dequantize(bytes, into: values)
    case .q4_K: Q4_K.dequantize(bytes, into: values)
    case .q5_K: Q5_K.dequantize(bytes, into: values)
    case .q6_K: Q6_K.dequantize(bytes, into: values)
    }
  }

  /// `Σ w[i] * x[i]` in Double for one row `w` of any type.
  public static func dot(_ row: UnsafeRawBufferPointer, type: QuantType, _ x: UnsafeBufferPointer<Float>) -> Float {
    var values = [Float](repeating: 0, count: x.count)
    values.withUnsafeMutableBufferPointer { dequantize(row, type: type, into: $0) }
    var sum = 0.0
    for i in 0..<x.count { sum += Double(values[i]) * Double(x[i]) }
    return Float(sum)
  }
}

/// A scalar block decoder: the shared shape of the `Reference` formats.
protocol ReferenceBlockFormat {
  static var valuesPerBlock: Int { get }
  static var bytesPerBlock: Int { get }
  /// Decodes one block; `byte(i)` reads byte `i` of the block.
  static func decode(_ byte: (Int) -> UInt8, into out: UnsafeMutablePointer<Float>)
}

extension ReferenceBlockFormat {
  static func dequantizeBlocks(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    precondition(blocks.count % bytesPerBlock == 0 && blocks.count / bytesPerBlock * valuesPerBlock == values.count)
    guard let out = values.baseAddress else { return }
    for b in 0..<(blocks.count / bytesPerBlock) {
      decode({ blocks[b * bytesPerBlock + $0] }, into: out + b * valuesPerBlock)
    }
  }
}

/// Little-endian IEEE half at `offset`, decoded with integer arithmetic (independent of the `Float16` type).
func referenceHalf(_ byte: (Int) -> UInt8, _ offset: Int) -> Float {
  softHalfToFloat(UInt16(byte(offset)) | UInt16(byte(offset + 1)) << 8)
}

/// The 6-bit scale and minimum of sub-block `s` of a Q4_K or Q5_K super-block whose 12 packed bytes start at
/// `offset`: bytes 0...3 carry scales 0...3 (low 6 bits) and the top 2 bits of scales 4...7; bytes 4...7 the
/// same for minimums; bytes 8...11 the low 4 bits of scales 4...7 (low nibble) and minimums 4...7 (high nibble).
func referenceScaleAndMinimum(_ byte: (Int) -> UInt8, _ offset: Int, _ s: Int) -> (Float, Float) {
  let scales = (0..<12).map { Int(byte(offset + $0)) }
  if s < 4 { return (Float(scales[s] & 63), Float(scales[s + 4] & 63)) }
  let scale = (scales[s + 4] & 15) + (scales[s - 4] >> 6) * 16
  let minimum = (scales[s + 4] >> 4) + (scales[s] >> 6) * 16
  return (Float(scale), Float(minimum))
}

extension Reference {
  /// x̃: `x` rounded to 8 bits in blocks of 32 as the integer matrix-vector kernels see it (the twin of
  /// `withQuantizedActivations`): per block `d = max|x| / 127`, `q = round(x * (1 / d))` with ties away from zero,
  /// `x̃ = d * q`; a block of zeros stays zero. `Reference.matmul` over x̃ is the twin of a product with
  /// ``ActivationPrecision/int8``.
  ///
  /// - Precondition: `x.count` is a multiple of 32.
  public static func quantizeActivations(_ x: [Float]) -> [Float] {
    precondition(x.count % 32 == 0, "\(x.count) values are not whole blocks of 32")
    var result = [Float](repeating: 0, count: x.count)
    for start in stride(from: 0, to: x.count, by: 32) {
      var largest: Float = 0
      for i in start..<(start + 32) where abs(x[i]) > largest { largest = abs(x[i]) }
      let d = largest / 127
      let inverse: Float = d == 0 ? 0 : 1 / d
      for i in start..<(start + 32) {
        let q = (x[i] * inverse).rounded(.toNearestOrAwayFromZero)
        result[i] = d * q
      }
    }
    return result
  }
}
