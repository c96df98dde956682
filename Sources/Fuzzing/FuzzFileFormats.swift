import Basics
import GGUF
import Safetensors

/// The model file readers.
enum FuzzFileFormats {
  /// Parses a GGUF file and touches every value and tensor view; a view must lie inside the file.
  static func gguf(_ bytes: [UInt8]) {
    guard let file = try? GGUFFile(bytes: bytes) else { return }
    for key in file.metadataKeys {
      _ = try? file.value(forKey: key)
      _ = try? file.int(forKey: key)
      _ = try? file.float(forKey: key)
      _ = try? file.string(forKey: key)
      _ = try? file.stringArray(forKey: key)
    }
    for index in file.tensorInfos.indices {
      guard let tensor = try? file.tensor(at: index) else { continue }
      require(tensor.bytes.count <= bytes.count, "tensor \(tensor.name) has \(tensor.bytes.count) bytes in a file of \(bytes.count)")
      // Reading the first and last byte would trap (or fault) if the view lay outside the mapping.
      if let first = tensor.bytes.first, let last = tensor.bytes.last { _ = first &+ last }
    }
  }

  /// Parses a safetensors file and reads every tensor as floats (where its dtype allows) and as raw bytes.
  static func safetensors(_ bytes: [UInt8]) {
    guard let file = try? SafetensorsFile(MappedFile(bytes: bytes)) else { return }
    for name in file.names {
      guard let info = try? file.info(name) else { continue }
      if let raw = try? file.rawBytes(name) {
        require(raw.count <= bytes.count, "tensor \(name) has \(raw.count) bytes in a file of \(bytes.count)")
        if let first = raw.first, let last = raw.last { _ = first &+ last }
      }
      if let floats = try? file.floats(name) {
        require(floats.count == info.elementCount, "\(name): \(floats.count) floats for \(info.elementCount) elements")
      }
    }
  }
}
