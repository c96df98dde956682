/// GPT-2's reversible map from bytes to printable Unicode scalars, in which byte-level BPE vocabularies are written.
///
/// Printable Latin-1 bytes (`!`...`~`, `¡`...`¬`, `®`...`ÿ`) stand for themselves; the other 68 bytes, in
/// increasing order, take U+0100, U+0101, ... (so a space, 0x20, is `Ġ`, U+0120, and a newline is `Ċ`).
enum ByteLevelAlphabet {
  /// The scalar that stands for each byte.
  static let scalarForByte: [Unicode.Scalar] = {
    var result = [Unicode.Scalar](repeating: " ", count: 256)
    var next: UInt32 = 256
    for byte in 0..<256 {
      if (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte) {
        result[byte] = Unicode.Scalar(UInt8(byte))
      } else {
        result[byte] = Unicode.Scalar(next) ?? " "  // 256...323 are all valid scalars
        next += 1
      }
    }
    return result
  }()

  /// The UTF-8 encoding of each byte's scalar.
  static let utf8ForByte: [[UInt8]] = scalarForByte.map { Array(String($0).utf8) }

  /// The byte each alphabet scalar stands for.
  static let byteForScalar: [UInt32: UInt8] = {
    var result: [UInt32: UInt8] = [:]
    for (byte, scalar) in scalarForByte.enumerated() { result[scalar.value] = UInt8(byte) }
    return result
  }()

  /// The alphabet text of `bytes`.
  static func encode(_ bytes: some Sequence<UInt8>) -> String {
    var scalars = String.UnicodeScalarView()
    for b in bytes { scalars.append(scalarForByte[Int(b)]) }
    return String(scalars)
  }

  /// The bytes an alphabet text stands for; scalars outside the alphabet keep their own UTF-8 bytes.
  static func decode(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      if let byte = byteForScalar[scalar.value] {
        bytes.append(byte)
      } else {
        bytes.append(contentsOf: String(scalar).utf8)
      }
    }
    return bytes
  }
}
