/// The storage type of a tensor, by its ggml type id (`enum ggml_type` in ggml.h).
///
/// A struct rather than an enum so a file with a type this reader does not know still opens: the tensor's info is
/// listed, and asking for its bytes throws ``GGUFError/unknownTensorType(name:type:)``.
public struct GGMLType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The ggml type id stored in the file.
  public let rawValue: UInt32

  /// Wraps a ggml type id, known or not.
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// How a type packs values: `valuesPerBlock` values take `bytesPerBlock` bytes; a row's length must be a multiple
  /// of `valuesPerBlock`.
  public struct BlockLayout: Sendable, Equatable {
    /// Values in one block (1 for plain number types).
    public let valuesPerBlock: Int
    /// Bytes in one block.
    public let bytesPerBlock: Int
  }

  /// 32-bit IEEE float.
  public static let f32 = GGMLType(rawValue: 0)
  /// 16-bit IEEE float.
  public static let f16 = GGMLType(rawValue: 1)
  /// 32 values: f16 scale `d`, 16 bytes of 4-bit quants.
  public static let q4_0 = GGMLType(rawValue: 2)
  /// 32 values: f16 scale `d` and minimum `m`, 16 bytes of 4-bit quants.
  public static let q4_1 = GGMLType(rawValue: 3)
  /// 32 values: f16 `d`, 4 bytes of fifth bits `qh`, 16 bytes of low nibbles.
  public static let q5_0 = GGMLType(rawValue: 6)
  /// 32 values: f16 `d` and `m`, 4 bytes `qh`, 16 bytes of low nibbles.
  public static let q5_1 = GGMLType(rawValue: 7)
  /// 32 values: f16 `d`, 32 signed bytes.
  public static let q8_0 = GGMLType(rawValue: 8)
  /// 32 values: f16 `d` and sum `s`, 32 signed bytes (an activation format).
  public static let q8_1 = GGMLType(rawValue: 9)
  /// ggml type 10, `Q2_K`.
  public static let q2_K = GGMLType(rawValue: 10)
  /// ggml type 11, `Q3_K`.
  public static let q3_K = GGMLType(rawValue: 11)
  /// 256-value super-block: f16 `d`, `dmin`, 12 bytes of 6-bit scales and mins, 128 bytes of nibbles.
  public static let q4_K = GGMLType(rawValue: 12)
  /// 256-value super-block: f16 `d`, `dmin`, 12 bytes of scales, 32 bytes `qh`, 128 bytes of nibbles.
  public static let q5_K = GGMLType(rawValue: 13)
  /// 256-value super-block: 128 bytes `ql`, 64 bytes `qh`, 16 signed scales, f16 `d`.
  public static let q6_K = GGMLType(rawValue: 14)
  /// ggml type 15, `Q8_K`.
  public static let q8_K = GGMLType(rawValue: 15)
  /// ggml type 16, `IQ2_XXS`.
  public static let iq2_XXS = GGMLType(rawValue: 16)
  /// ggml type 17, `IQ2_XS`.
  public static let iq2_XS = GGMLType(rawValue: 17)
  /// ggml type 18, `IQ3_XXS`.
  public static let iq3_XXS = GGMLType(rawValue: 18)
  /// ggml type 19, `IQ1_S`.
  public static let iq1_S = GGMLType(rawValue: 19)
  /// ggml type 20, `IQ4_NL`.
  public static let iq4_NL = GGMLType(rawValue: 20)
  /// ggml type 21, `IQ3_S`.
  public static let iq3_S = GGMLType(rawValue: 21)
  /// ggml type 22, `IQ2_S`.
  public static let iq2_S = GGMLType(rawValue: 22)
  /// ggml type 23, `IQ4_XS`.
  public static let iq4_XS = GGMLType(rawValue: 23)
  /// ggml type 24, `I8`.
  public static let i8 = GGMLType(rawValue: 24)
  /// ggml type 25, `I16`.
  public static let i16 = GGMLType(rawValue: 25)
  /// ggml type 26, `I32`.
  public static let i32 = GGMLType(rawValue: 26)
  /// ggml type 27, `I64`.
  public static let i64 = GGMLType(rawValue: 27)
  /// ggml type 28, `F64`.
  public static let f64 = GGMLType(rawValue: 28)
  /// ggml type 29, `IQ1_M`.
  public static let iq1_M = GGMLType(rawValue: 29)
  /// bfloat16: the top 16 bits of an f32.
  public static let bf16 = GGMLType(rawValue: 30)
  /// ggml type 34, `TQ1_0`.
  public static let tq1_0 = GGMLType(rawValue: 34)
  /// ggml type 35, `TQ2_0`.
  public static let tq2_0 = GGMLType(rawValue: 35)
  /// ggml type 39, `MXFP4`.
  public static let mxfp4 = GGMLType(rawValue: 39)
  /// ggml type 40, `NVFP4`.
  public static let nvfp4 = GGMLType(rawValue: 40)
  /// ggml type 41, `Q1_0`.
  public static let q1_0 = GGMLType(rawValue: 41)
  /// ggml type 42, `Q2_0`.
  public static let q2_0 = GGMLType(rawValue: 42)

  /// Name and block layout of every known type, from ggml's block structs (`ggml-common.h`).
  static let known: [UInt32: (name: String, layout: BlockLayout)] = {
    let superBlock = 256  // QK_K
    let table: [(GGMLType, String, Int, Int)] = [
      (.f32, "F32", 1, 4), (.f16, "F16", 1, 2),
      (.q4_0, "Q4_0", 32, 2 + 16), (.q4_1, "Q4_1", 32, 2 + 2 + 16),
      (.q5_0, "Q5_0", 32, 2 + 4 + 16), (.q5_1, "Q5_1", 32, 2 + 2 + 4 + 16),
      (.q8_0, "Q8_0", 32, 2 + 32), (.q8_1, "Q8_1", 32, 2 + 2 + 32),
      (.q2_K, "Q2_K", superBlock, 2 + 2 + 16 + 64), (.q3_K, "Q3_K", superBlock, 2 + 64 + 32 + 12),
      (.q4_K, "Q4_K", superBlock, 2 + 2 + 12 + 128), (.q5_K, "Q5_K", superBlock, 2 + 2 + 12 + 128 + 32),
      (.q6_K, "Q6_K", superBlock, 2 + 16 + 192), (.q8_K, "Q8_K", superBlock, 4 + 256 + 32),
      (.iq2_XXS, "IQ2_XXS", superBlock, 2 + 64), (.iq2_XS, "IQ2_XS", superBlock, 2 + 64 + 8),
      (.iq3_XXS, "IQ3_XXS", superBlock, 2 + 96), (.iq1_S, "IQ1_S", superBlock, 2 + 32 + 16),
      (.iq4_NL, "IQ4_NL", 32, 2 + 16), (.iq3_S, "IQ3_S", superBlock, 2 + 104 + 4),
      (.iq2_S, "IQ2_S", superBlock, 2 + 64 + 16), (.iq4_XS, "IQ4_XS", superBlock, 2 + 2 + 4 + 128),
      (.i8, "I8", 1, 1), (.i16, "I16", 1, 2), (.i32, "I32", 1, 4), (.i64, "I64", 1, 8), (.f64, "F64", 1, 8),
      (.iq1_M, "IQ1_M", superBlock, 32 + 16 + 8), (.bf16, "BF16", 1, 2),
      (.tq1_0, "TQ1_0", superBlock, 2 + 4 + 48), (.tq2_0, "TQ2_0", superBlock, 2 + 64),
      (.mxfp4, "MXFP4", 32, 1 + 16), (.nvfp4, "NVFP4", 64, 4 + 32),
      (.q1_0, "Q1_0", 128, 2 + 16), (.q2_0, "Q2_0", 64, 2 + 16),
    ]
    var result: [UInt32: (name: String, layout: BlockLayout)] = [:]
    for (type, name, values, bytes) in table {
      result[type.rawValue] = (name, BlockLayout(valuesPerBlock: values, bytesPerBlock: bytes))
    }
    return result
  }()

  /// The block layout, or `nil` for a type id this reader does not know.
  public var blockLayout: BlockLayout? { Self.known[rawValue]?.layout }

  /// Whether the block layout is known.
  public var isKnown: Bool { Self.known[rawValue] != nil }

  /// ggml's name for the type (`Q4_K`), or `type<id>` when unknown.
  public var name: String { Self.known[rawValue]?.name ?? "type\(rawValue)" }

  public var description: String { name }

  /// The bytes a tensor of `elementCount` values with rows of `rowLength` values occupies.
  ///
  /// - Returns: The byte count, or `nil` when the type is unknown, `rowLength` is not a multiple of the block size,
  ///   or the size overflows `Int`.
  public func byteCount(elementCount: Int, rowLength: Int) -> Int? {
    guard let layout = blockLayout, elementCount >= 0, rowLength >= 0 else { return nil }
    guard rowLength % layout.valuesPerBlock == 0, elementCount % layout.valuesPerBlock == 0 else { return nil }
    let (bytes, overflow) = (elementCount / layout.valuesPerBlock).multipliedReportingOverflow(by: layout.bytesPerBlock)
    return overflow ? nil : bytes
  }
}
