// Scalar decoders of every tensor type (see Reference.swift for the contract).

extension Reference {
  /// Scalar twin of ``Kernels/F32``.
  public enum F32 {
    /// Copies the floats out, one at a time.
    public static func dequantize(_ bytes: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
      precondition(bytes.count == 4 * values.count)
      for i in 0..<values.count { values[i] = bytes.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
    }
    /// `Σ w[i] * x[i]` in Double.
    public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
      Reference.dot(row, type: .f32, x)
    }
  }

  /// Scalar twin of ``Kernels/F16``.
  public enum F16 {
    /// Decodes each half with integer arithmetic.
    public static func dequantize(_ bytes: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
      precondition(bytes.count == 2 * values.count)
      for i in 0..<values.count { values[i] = referenceHalf({ bytes[2 * i + $0] }, 0) }
    }
    /// `Σ w[i] * x[i]` in Double.
    public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
      Reference.dot(row, type: .f16, x)
    }
  }

  /// Scalar twin of ``Kernels/BF16``.
  public enum BF16 {
    /// Puts each value's 16 bits at the top of a Float.
    public static func dequantize(_ bytes: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
      precondition(bytes.count == 2 * values.count)
      for i in 0..<values.count {
        values[i] = Float(bitPattern: (UInt32(bytes[2 * i]) | UInt32(bytes[2 * i + 1]) << 8) << 16)
      }
    }
    /// `Σ w[i] * x[i]` in Double.
    public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
      Reference.dot(row, type: .bf16, x)
    }
  }

  /// Scalar twin of ``Kernels/Q4_0``.
  public enum Q4_0: ReferenceBlockFormat {
    static let valuesPerBlock = 32, bytesPerBlock = 18
    static func decode(_ byte: (Int) -> UInt8, into out: UnsafeMutablePointer<Float>) {
      let d = referenceHalf(byte, 0)
      for j in 0..<32 {
        let packed = byte(2 + j % 16)
        let q = j < 16 ? packed & 15 : packed >> 4
        out[j] = d * Float(Int(q) - 8)
      }
    }
    /// Decodes whole blocks, one value at a time.
    public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
      dequantizeBlocks(blocks, into: values)
    }
    /// `Σ w[i] * x[i]` in Double.
    public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
      Reference.dot(row, type: .q4_0, x)
    }
  }

  /// Scalar twin of ``Kernels/Q4_1``.
  public enum Q4_1: ReferenceBlockFormat {
    static let valuesPerBlock = 32, bytesPerBlock = 20
    static func decode(_ byte: (Int) -> UInt8, into out: UnsafeMutablePointer<Float>) {
      let d = referenceHalf(byte, 0), m = referenceHalf(byte, 2)
      for j in 0..<32 {
        let packed = byte(4 + j % 16)
        let q = j < 16 ? packed & 15 : packed >> 4
        out[j] = d * Float(q) + m
      }
    }
    /// Decodes whole blocks, one value at a time.
    public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
      dequantizeBlocks(blocks, into: values)
    }
    /// `Σ w[i] * x[i]` in Double.
    public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
      Reference.dot(row, type: .q4_1, x)
    }
  }

  /// Scalar twin of ``Kernels/Q5_0``.
  public enum Q5_0: ReferenceBlockFormat {
    static let valuesPerBlock = 32, bytesPerBlock = 22
    static func decode(_ byte: (Int) -> UInt8, into out: UnsafeMutablePointer<Float>) {
      let d = referenceHalf(byte, 0)
      let qh = (0..<4).reduce(UInt32(0)) { $0 | UInt32(byte(2 + $1)) << (8 * $1) }
      for j in 0..<32 {
        let packed = byte(6 + j % 16)
        let low = j < 16 ? packed & 15 : packed >> 4
        let q = Int(low) | Int((qh >> j) & 1) << 4
        out[j] = d * Float(q - 16)
      }
    }
    /// Decodes whole blocks, one value at a time.
    public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
      dequantizeBlocks(blocks, into: values)
    }
    /// `Σ w[i] * x[i]` in Double.
    public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
      Reference.dot(row, type: .q5_0, x)
    }
  }

  /// Scalar twin of ``Kernels/Q5_1``.
  public enum Q5_1: ReferenceBlockFormat {
    static let valuesPerBlock = 32, bytesPerBlock = 24
    static func decode(_ byte: (Int) -> UInt8, into out: UnsafeMutablePointer<Float>) {
      let d = referenceHalf(byte, 0), m = referenceHalf(byte, 2)
      let qh = (0..<4).reduce(UInt32(0)) { $0 | UInt32(byte(4 + $1)) << (8 * $1) }
      for j in 0..<32 {
        let packed = byte(8 + j % 16)
        let low = j < 16 ? packed & 15 : packed >> 4
        let q = Int(low) | Int((qh >> j) & 1) << 4
        out[j] = d * Float(q) + m
      }
    }
    /// Decodes whole blocks, one value at a time.
    public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
      dequantizeBlocks(blocks, into: values)
    }
    /// `Σ w[i] * x[i]` in Double.
    public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
      Reference.dot(row, type: .q5_1, x)
    }
  }

  /// Scalar twin of ``Kernels/Q8_0``.
  public enum Q8_0: ReferenceBlockFormat {
    static let valuesPerBlock = 32, bytesPerBlock = 34
    static func decode(_ byte: (Int) -> UInt8, into out: UnsafeMutablePointer<Float>) {
      let d = referenceHalf(byte, 0)
      for j in 0..<32 { out[j] = Float(Int8(bitPattern: byte(2 + j))) * d }
    }
    /// Decodes whole blocks, one value at a time.
    public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
      dequantizeBlocks(blocks, into: values)
    }
    /// `Σ w[i] * x[i]` in Double.
    public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
      Reference.dot(row, type: .q8_0, x)
    }
  }

  /// Scalar twin of ``Kernels/Q4_K``.
  public enum Q4_K: ReferenceBlockFormat {
    static let valuesPerBlock = 256, bytesPerBlock = 144
    static func decode(_ byte: (Int) -> UInt8, into out: UnsafeMutablePointer<Float>) {
      let d = referenceHalf(byte, 0), dmin = referenceHalf(byte, 2)
      for s in 0..<8 {
        let (scale, minimum) = referenceScaleAndMinimum(byte, 4, s)
        for l in 0..<32 {
          let packed = byte(16 + 32 * (s / 2) + l)
          let q = s % 2 == 0 ? packed & 15 : packed >> 4
          out[32 * s + l] = (d * scale) * Float(q) - dmin * minimum
        }
      }
    }
    /// Decodes whole blocks, one value at a time.
    public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
      dequantizeBlocks(blocks, into: values)
    }
    /// `Σ w[i] * x[i]` in Double.
    public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
      Reference.dot(row, type: .q4_K, x)
    }
  }

  /// Scalar twin of ``Kernels/Q5_K``.
  public enum Q5_K: ReferenceBlockFormat {
    static let valuesPerBlock = 256, bytesPerBlock = 176
    static func decode(_ byte: (Int) -> UInt8, into out: UnsafeMutablePointer<Float>) {
      let d = referenceHalf(byte, 0), dmin = referenceHalf(byte, 2)
      for s in 0..<8 {
        let (scale, minimum) = referenceScaleAndMinimum(byte, 4, s)
        for l in 0..<32 {
          let packed = byte(48 + 32 * (s / 2) + l)
          let low = s % 2 == 0 ? packed & 15 : packed >> 4
          let high = (byte(16 + l) >> s) & 1
          out[32 * s + l] = (d * scale) * Float(low | high << 4) - dmin * minimum
        }
      }
    }
    /// Decodes whole blocks, one value at a time.
    public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
      dequantizeBlocks(blocks, into: values)
    }
    /// `Σ w[i] * x[i]` in Double.
    public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
      Reference.dot(row, type: .q5_K, x)
    }
  }

  /// Scalar twin of ``Kernels/Q6_K``.
  public enum Q6_K: ReferenceBlockFormat {
    static let valuesPerBlock = 256, bytesPerBlock = 210
    static func decode(_ byte: (Int) -> UInt8, into out: UnsafeMutablePointer<Float>) {
      let d = referenceHalf(byte, 208)
      for i in 0..<256 {
        let h = i / 128, k = (i % 128) / 32, l = i % 32
        let packed = byte(64 * h + 32 * (k % 2) + l)
        let low = k < 2 ? packed & 15 : packed >> 4
        let high = (byte(128 + 32 * h + l) >> (2 * k)) & 3
        let q = Int(low | high << 4) - 32
        let scale = Float(Int8(bitPattern: byte(192 + i / 16)))
        out[i] = (d * scale) * Float(q)
      }
    }
    /// Decodes whole blocks, one value at a time.
    public static func dequantize(_ blocks: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
      dequantizeBlocks(blocks, into: values)
    }
    /// `Σ w[i] * x[i]` in Double.
    public static func dot(_ row: UnsafeRawBufferPointer, _ x: UnsafeBufferPointer<Float>) -> Float {
      Reference.dot(row, type: .q6_K, x)
    }
  }
}
