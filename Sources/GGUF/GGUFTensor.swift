// A tensor's data in place in the mapped file.

public import Basics

/// A view of one tensor's bytes inside a ``GGUFFile``, with its type and shape; nothing is copied.
///
/// `@unchecked Sendable`: ``bytes`` points into a read-only mapping that ``file`` keeps alive and nobody writes.
public struct GGUFTensor: @unchecked Sendable {
  /// The tensor's header entry.
  public let info: GGUFTensorInfo
  /// The raw data: `info.byteCount()` bytes in the layout of `info.type` (little-endian blocks).
  public let bytes: UnsafeRawBufferPointer
  /// The file whose mapping ``bytes`` points into; holding it keeps the view valid.
  public let file: MappedFile

  /// The tensor's name.
  public var name: String { info.name }
  /// The storage type.
  public var type: GGMLType { info.type }
  /// The dimensions in ggml order (row length first).
  public var shape: [Int] { info.shape }
}
