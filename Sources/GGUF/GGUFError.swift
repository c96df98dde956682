// The errors of the GGUF target. Each module owns one error type (STYLE.md §5).

/// What went wrong while reading or writing a GGUF file.
///
/// A closed set thrown with typed throws (`throws(GGUFError)`). Every case that comes from the file names the byte
/// offset where reading stopped, so a report about a damaged file can be checked with a hex dump.
public enum GGUFError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file does not start with the four bytes `GGUF`.
  case badMagic
  /// The version is not 2 or 3 (version 1 used 32-bit counts; a big-endian file shows a byte-swapped version).
  case unsupportedVersion(UInt32)
  /// The bytes end before `what` at `offset` is complete.
  case truncated(what: String, offset: Int)
  /// A count or length read at `offset` cannot fit in the bytes that remain, so nothing is allocated for it.
  case countTooLarge(what: String, count: UInt64, offset: Int)
  /// A metadata value type id that GGUF does not define.
  case invalidValueType(UInt32, offset: Int)
  /// Arrays nested deeper than ``GGUFFile/maximumArrayNesting``.
  case nestingTooDeep(offset: Int)
  /// The same metadata key appears twice.
  case duplicateKey(String)
  /// `general.alignment` is not a non-zero power of two stored as `uint32`.
  case invalidAlignment(String)
  /// The same tensor name appears twice.
  case duplicateTensor(String)
  /// A tensor's shape, offset or size does not fit the file or its type.
  case invalidTensor(name: String, reason: String)
  /// A tensor's ggml type id is unknown, so its byte size cannot be computed.
  case unknownTensorType(name: String, type: UInt32)
  /// No tensor has this name.
  case missingTensor(String)
  /// A required metadata key is absent.
  case missingKey(String)
  /// A metadata value has a different type than the caller needs.
  case typeMismatch(key: String, expected: String)

  public var description: String {
    switch self {
    case .badMagic: "not a GGUF file (the first four bytes are not 'GGUF')"
    case .unsupportedVersion(let v):
      "unsupported GGUF version \(v); versions 2 and 3 are supported (a huge number suggests a big-endian file)"
    case .truncated(let what, let offset): "GGUF file ends inside \(what) at byte \(offset)"
    case .countTooLarge(let what, let count, let offset):
      "GGUF \(what) of \(count) at byte \(offset) cannot fit in the rest of the file"
    case .invalidValueType(let t, let offset): "unknown GGUF metadata value type \(t) at byte \(offset)"
    case .nestingTooDeep(let offset): "GGUF arrays nested too deeply at byte \(offset)"
    case .duplicateKey(let key): "GGUF metadata key '\(key)' appears twice"
    case .invalidAlignment(let reason): "invalid general.alignment: \(reason)"
    case .duplicateTensor(let name): "GGUF tensor '\(name)' appears twice"
    case .invalidTensor(let name, let reason): "GGUF tensor '\(name)': \(reason)"
    case .unknownTensorType(let name, let type):
      "GGUF tensor '\(name)' has ggml type \(type), which this reader does not know; its size cannot be computed"
    case .missingTensor(let name): "no tensor named '\(name)' in the GGUF file"
    case .missingKey(let key): "GGUF metadata key '\(key)' is missing"
    case .typeMismatch(let key, let expected): "GGUF metadata key '\(key)' is not \(expected)"
    }
  }
}
