// Row-wise and elementwise dense kernels: layerNorm, GELU, softmax, add. Each matches its `DenseReference`
// twin up to summation order (and, for GELU and softmax, the error of the vector exp/erf, < 1e-6).

extension Dense {
  /// Normalizes each row to zero mean and unit variance, then scales and shifts it.
  ///
  /// `y = (x - mean) / sqrt(var + epsilon) * gamma + beta` over the `C` floats of each row (biased variance,
  /// as PyTorch's `LayerNorm`). `x` and `out` may be the same memory.
  ///
  /// - Parameters:
  ///   - x: `rowCount` rows of `columnCount` floats, contiguous.
  ///   - gamma: `columnCount` scale factors.
  ///   - beta: `columnCount` offsets.
  ///   - out: `rowCount * columnCount` floats.
  /// - Complexity: O(*n C*).
  public static func layerNorm(
    _ x: UnsafePointer<Float>, rowCount: Int, columnCount: Int, gamma: UnsafePointer<Float>,
    beta: UnsafePointer<Float>, epsilon: Float, into out: UnsafeMutablePointer<Float>
  ) {
    let c = columnCount
    for row in 0..<rowCount {
      let xr = x + row * c
      let yr = out + row * c
      let mean = sum(xr, count: c) / Float(c)
      // Variance about the mean in a second pass, which is stable where E[x^2] - mean^2 is not.
      var acc = SIMD16<Float>()
      var i = 0
      let meanVector = SIMD16<Float>(repeating: mean)
      while i + vectorWidth <= c {
        let d = UnsafeRawPointer(xr + i).loadUnaligned(as: SIMD16<Float>.self) - meanVector
        acc = acc.addingProduct(d, d)
        i += vectorWidth
      }
      var variance = acc.sum()
      while i < c {
        let d = xr[i] - mean
        variance += d * d
        i += 1
      }
      variance /= Float(c)
      let inverse = 1 / (variance + epsilon).squareRoot()
      i = 0
      while i + vectorWidth <= c {
        let v = UnsafeRawPointer(xr + i).loadUnaligned(as: SIMD16<Float>.self)
        let g = UnsafeRawPointer(gamma + i).loadUnaligned(as: SIMD16<Float>.self)
        let b = UnsafeRawPointer(beta + i).loadUnaligned(as: SIMD16<Float>.self)
        UnsafeMutableRawPointer(yr + i).storeBytes(of: (v - meanVector) * inverse * g + b,
          as: SIMD16<Float>.self)
        i += vectorWidth
      }
      while i < c {
        yr[i] = (xr[i] - mean) * inverse * gamma[i] + beta[i]
        i += 1
      }
    }
  }

  /// Applies GELU (erf form, `x/2 · (1 + erf(x/√2))`) to `count` floats in place.
  ///
  /// - Complexity: O(*count*).
  public static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + vectorWidth <= count {
      let raw = UnsafeMutableRawPointer(x + i)
      raw.storeBytes(of: gelu(raw.loadUnaligned(as: SIMD16<Float>.self)), as: SIMD16<Float>.self)
      i += vectorWidth
    }
    if i < count {
      var tail = SIMD16<Float>()
      for j in 0..<(count - i) { tail[j] = x[i + j] }
      tail = gelu(tail)
      for j in 0..<(count - i) { x[i + j] = tail[j] }
    }
  }

  /// Replaces each row by its softmax, `exp(x - max) / Σ exp(x - max)`, in place.
  ///
  /// Entries equal to `-Float.infinity` (masked) become 0; a row that is entirely masked becomes all 0.
  ///
  /// - Parameters:
  ///   - x: `rowCount` rows of `columnCount` floats; row `i` starts at `x + i * rowStride`.
  /// - Complexity: O(*n C*).
  public static func softmax(_ x: UnsafeMutablePointer<Float>, rowCount: Int, columnCount: Int, rowStride: Int) {
    for row in 0..<rowCount {
      softmaxRow(x + row * rowStride, count: columnCount)
    }
  }

  /// Softmax of one row in place, of `scale · x` (`scale > 0`, so the max commutes with it).
  static func softmaxRow(_ x: UnsafeMutablePointer<Float>, count: Int, scale: Float = 1) {
    guard count > 0 else { return }
    // Subtract the max so exp never overflows (and the largest term is exactly 1).
    var maxVector = SIMD16<Float>(repeating: -Float.infinity)
    var i = 0
    while i + vectorWidth <= count {
      // Compare and blend: `pointwiseMax` goes lane by lane through memory (it orders NaN, which this does not need).
      let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
      maxVector.replace(with: v, where: v .> maxVector)
      i += vectorWidth
    }
    var maximum = maxVector.max()
    while i < count {
      maximum = Swift.max(maximum, x[i])
      i += 1
    }
    guard maximum > -Float.infinity else {
      x.update(repeating: 0, count: count)
      return
    }
    let maxBroadcast = SIMD16<Float>(repeating: maximum)
    let scaleVector = SIMD16<Float>(repeating: scale)
    var total = SIMD16<Float>()
    i = 0
    while i + vectorWidth <= count {
      let raw = UnsafeMutableRawPointer(x + i)
      let v = raw.loadUnaligned(as: SIMD16<Float>.self)
      var e = exp((v - maxBroadcast) * scaleVector)
      e.replace(with: 0, where: v .== -Float.infinity)
      raw.storeBytes(of: e, as: SIMD16<Float>.self)
      total += e
      i += vectorWidth
    }
    var sum = total.sum()
    if i < count {
      var tail = SIMD16<Float>(repeating: -Float.infinity)
      for j in 0..<(count - i) { tail[j] = x[i + j] }
      var e = exp((tail - maxBroadcast) * scaleVector)
      e.replace(with: 0, where: tail .== -Float.infinity)
      for j in 0..<(count - i) {
        x[i + j] = e[j]
        sum += e[j]
      }
    }
    let inverse = SIMD16<Float>(repeating: 1 / sum)
    i = 0
    while i + vectorWidth <= count {
      let raw = UnsafeMutableRawPointer(x + i)
      raw.storeBytes(of: raw.loadUnaligned(as: SIMD16<Float>.self) * inverse, as: SIMD16<Float>.self)
      i += vectorWidth
    }
    while i < count {
      x[i] *= inverse[0]
      i += 1
    }
  }

  /// Adds `y` to `x` elementwise in place (`x += y`), as for a residual connection.
  ///
  /// - Complexity: O(*count*).
  public static func add(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
    var i = 0
    while i + vectorWidth <= count {
      let raw = UnsafeMutableRawPointer(x + i)
      let sum = raw.loadUnaligned(as: SIMD16<Float>.self) + UnsafeRawPointer(y + i).loadUnaligned(as: SIMD16<Float>.self)
      raw.storeBytes(of: sum, as: SIMD16<Float>.self)
      i += vectorWidth
    }
    while i < count {
      x[i] += y[i]
      i += 1
    }
  }

  /// The sum of `count` floats.
  @inline(__always)
  static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var acc = SIMD16<Float>()
    var i = 0
    while i + vectorWidth <= count {
      acc += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
      i += vectorWidth
    }
    var total = acc.sum()
    while i < count {
      total += x[i]
      i += 1
    }
    return total
  }
}
