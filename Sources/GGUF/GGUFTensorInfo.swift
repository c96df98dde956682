/// A tensor's entry in the GGUF header: name, shape, storage type and where its data starts.
public struct GGUFTensorInfo: Sendable, Equatable {
  /// The tensor's name, for example `blk.0.attn_q.weight`.
  public let name: String
  /// The dimensions in ggml order: `shape[0]` is the row length (contiguous values), then rows, and so on.
  public let shape: [Int]
  /// The storage type.
  public let type: GGMLType
  /// The data's offset from the start of the file's data section (a multiple of the alignment).
  public let offset: Int

  /// Creates a tensor entry.
  public init(name: String, shape: [Int], type: GGMLType, offset: Int) {
    self.name = name
    self.shape = shape
    self.type = type
    self.offset = offset
  }

  /// The number of values (the product of ``shape``; 1 for a scalar with no dimensions).
  public var elementCount: Int { shape.reduce(1, *) }

  /// The number of values in one row (`shape[0]`, or 1 for a scalar).
  public var rowLength: Int { shape.first ?? 1 }

  /// The size of the data in bytes.
  ///
  /// - Throws: ``GGUFError/unknownTensorType(name:type:)`` for a type without a known block layout, or
  ///   ``GGUFError/invalidTensor(name:reason:)`` when the row length is not a multiple of the block size.
  public func byteCount() throws(GGUFError) -> Int {
    guard let layout = type.blockLayout else { throw .unknownTensorType(name: name, type: type.rawValue) }
    guard let count = type.byteCount(elementCount: elementCount, rowLength: rowLength) else {
      throw .invalidTensor(
        name: name,
        reason: "row length \(rowLength) is not a multiple of the \(type.name) block of \(layout.valuesPerBlock)")
    }
    return count
  }
}
