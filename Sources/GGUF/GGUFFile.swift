// The GGUF reader: header, metadata and tensor infos parsed and validated; tensor data left in the mapping.
//
// Layout (little-endian, versions 2 and 3):
//   "GGUF" | version u32 | tensor_count u64 | kv_count u64
//   kv_count × (key: string, type: u32, value)            string = u64 byte count + UTF-8 bytes
//   tensor_count × (name: string, n_dims u32, n_dims × u64 dims, ggml_type u32, offset u64)
//   padding to `general.alignment` (default 32) | data section (tensor offsets are relative to its start)

public import Basics

/// A parsed GGUF file: metadata, tensor infos, and views of the tensor data in a ``MappedFile``.
///
/// Every count, length, offset and shape is checked against the bytes that remain before anything is allocated or
/// sliced, so a damaged or crafted file throws a ``GGUFError`` instead of trapping, hanging or allocating a size
/// read from the file.
///
/// ```swift
/// let file = try GGUFFile(file: MappedFile(path: path))
/// let layers = file.metadata["llama.block_count"]?.uint64
/// let embedding = try file.tensor(named: "token_embd.weight")  // bytes + type + shape
/// ```
public struct GGUFFile: Sendable {
  /// The magic number, `"GGUF"` read as a little-endian `uint32`.
  public static let magic: UInt32 = 0x4655_4747
  /// The data alignment when `general.alignment` is absent.
  public static let defaultAlignment = 32
  /// How deep arrays of arrays may nest; deeper files are rejected rather than recursed into.
  public static let maximumArrayNesting = 8
  /// The most dimensions a tensor may have (ggml's `GGML_MAX_DIMS`).
  public static let maximumDimensionCount = 4
  /// The bytes first copied out of the mapping to parse the header from; grown when the header is longer.
  static let initialHeaderByteCount = 1 << 24

  /// The format version, 2 or 3.
  public let version: UInt32
  /// All metadata values by key.
  public let metadata: [String: GGUFValue]
  /// The metadata keys in file order (a writer re-emits them in this order).
  public let metadataKeys: [String]
  /// The tensor infos in file order.
  public let tensorInfos: [GGUFTensorInfo]
  /// The alignment of the data section and of every tensor offset.
  public let alignment: Int
  /// The file offset where the data section starts.
  public let dataOffset: Int
  /// The mapped file the tensor views point into.
  public let file: MappedFile
  private let tensorIndex: [String: Int]

  /// Parses a mapped GGUF file.
  ///
  /// The header is parsed from a copy of the file's leading bytes (16 MiB, grown when the metadata is longer) through
  /// Basics' bounds-checked ``ByteReader``; the tensor data stays in the mapping.
  ///
  /// - Throws: ``GGUFError`` when the file is not GGUF, has an unsupported version, or any count, length, offset,
  ///   shape or type is inconsistent with the file.
  /// - Complexity: O(*h*) for a header of *h* bytes; tensor data is not touched.
  public init(file: MappedFile) throws(GGUFError) {
    let fileByteCount = file.byteCount
    var prefixCount = min(fileByteCount, Self.initialHeaderByteCount)
    var header: GGUFHeaderParser.Header
    while true {
      let prefix = Array(file.bytes[0..<prefixCount])
      var parser = GGUFHeaderParser(bytes: prefix, fileByteCount: fileByteCount)
      do {
        header = try parser.parse()
        break
      } catch {
        // A header longer than the copied prefix looks truncated; copy more of the file and parse again.
        switch error {
        case .truncated, .countTooLarge:
          guard prefixCount < fileByteCount else { throw error }
          prefixCount = prefixCount > fileByteCount / 4 ? fileByteCount : prefixCount * 4
        default: throw error
        }
      }
    }
    self.version = header.version
    self.metadata = header.metadata
    self.metadataKeys = header.metadataKeys
    self.tensorInfos = header.tensorInfos
    self.alignment = header.alignment
    self.dataOffset = header.dataOffset
    self.tensorIndex = header.tensorIndex
    self.file = file
  }

  /// Parses GGUF bytes held in memory: the pure entry point for tests and fuzzing.
  ///
  /// - Throws: ``GGUFError`` as ``init(file:)``.
  public init(bytes: [UInt8]) throws(GGUFError) {
    try self.init(file: MappedFile(bytes: bytes))
  }

  /// The tensor names in file order.
  public var tensorNames: [String] { tensorInfos.map(\.name) }

  /// The header entry of the tensor called `name`, or `nil`.
  public func tensorInfo(named name: String) -> GGUFTensorInfo? {
    tensorIndex[name].map { tensorInfos[$0] }
  }

  /// A view of the tensor called `name`: its bytes in the mapping, type and shape.
  ///
  /// - Throws: ``GGUFError/missingTensor(_:)`` when no tensor has that name, or
  ///   ``GGUFError/unknownTensorType(name:type:)`` when its type's size is unknown, or
  ///   ``GGUFError/invalidTensor(name:reason:)`` when its data does not fit in the file.
  public func tensor(named name: String) throws(GGUFError) -> GGUFTensor {
    guard let index = tensorIndex[name] else { throw .missingTensor(name) }
    return try tensor(at: index)
  }

  /// A view of the tensor at `index` in ``tensorInfos``.
  ///
  /// - Precondition: `index` is a valid index of ``tensorInfos`` (a programmer error otherwise).
  /// - Throws: ``GGUFError`` as ``tensor(named:)``.
  public func tensor(at index: Int) throws(GGUFError) -> GGUFTensor {
    let info = tensorInfos[index]
    let byteCount = try info.byteCount()
    let start = dataOffset + info.offset  // both validated at parse time, no overflow
    guard byteCount <= file.byteCount - start else {
      throw .invalidTensor(name: info.name, reason: "data of \(byteCount) bytes extends past the end of the file")
    }
    let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[start..<start + byteCount])
    return GGUFTensor(info: info, bytes: bytes, file: file)
  }

  // MARK: Typed metadata accessors that throw

  /// The value for `key`.
  ///
  /// - Throws: ``GGUFError/missingKey(_:)``.
  public func value(forKey key: String) throws(GGUFError) -> GGUFValue {
    guard let value = metadata[key] else { throw .missingKey(key) }
    return value
  }

  /// The integer value for `key` as an `Int`, whatever integer width the file used.
  ///
  /// - Throws: ``GGUFError/missingKey(_:)`` or ``GGUFError/typeMismatch(key:expected:)``.
  public func int(forKey key: String) throws(GGUFError) -> Int {
    guard let v = try value(forKey: key).int else { throw .typeMismatch(key: key, expected: "an integer") }
    return v
  }

  /// The floating-point (or integer) value for `key` as a `Float`.
  ///
  /// - Throws: ``GGUFError/missingKey(_:)`` or ``GGUFError/typeMismatch(key:expected:)``.
  public func float(forKey key: String) throws(GGUFError) -> Float {
    guard let v = try value(forKey: key).float else { throw .typeMismatch(key: key, expected: "a number") }
    return v
  }

  /// The string value for `key`.
  ///
  /// - Throws: ``GGUFError/missingKey(_:)`` or ``GGUFError/typeMismatch(key:expected:)``.
  public func string(forKey key: String) throws(GGUFError) -> String {
    guard let v = try value(forKey: key).string else { throw .typeMismatch(key: key, expected: "a string") }
    return v
  }

  /// The string-array value for `key`.
  ///
  /// - Throws: ``GGUFError/missingKey(_:)`` or ``GGUFError/typeMismatch(key:expected:)``.
  public func stringArray(forKey key: String) throws(GGUFError) -> [String] {
    guard let v = try value(forKey: key).stringArray else {
      throw .typeMismatch(key: key, expected: "an array of strings")
    }
    return v
  }

  /// The model architecture, `general.architecture` (for example `llama`, `qwen2`, `gemma3`).
  ///
  /// - Throws: ``GGUFError/missingKey(_:)`` or ``GGUFError/typeMismatch(key:expected:)``.
  public func architecture() throws(GGUFError) -> String { try string(forKey: "general.architecture") }
}
