/// Why an index could not be loaded or saved.
public enum RetrievalError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The bytes are not a valid index: truncated, checksum mismatch, or a length, count or offset that does not
  /// fit. The index should be rebuilt.
  case corrupt(String)
  /// The file is an index of a format version this build cannot read; it should be rebuilt.
  case unsupportedVersion(UInt32)
  /// Reading or writing the file failed; the message includes the failing call and `errno`.
  case io(String)
  /// A vector given to ``VectorIndex`` has the wrong length or a non-finite element; the message says which.
  case invalidVector(String)

  public var description: String {
    switch self {
    case .corrupt(let reason): return "index file is corrupt: \(reason); rebuild the index"
    case .unsupportedVersion(let version):
      return "index format version \(version) is not supported (this build reads \(IndexStore.formatVersion)); "
        + "rebuild the index"
    case .io(let message): return "index file I/O failed: \(message)"
    case .invalidVector(let reason): return "invalid vector: \(reason)"
    }
  }
}
