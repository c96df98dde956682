/// The Unicode facts the pre-tokenizers test for one scalar: `\p{L}`, `\p{N}` and `\s`.
///
/// Categories come from `Unicode.Scalar.Properties`, limited to ``unicodeVersion``: scalars assigned in later
/// versions count as unassigned (neither letter nor number), because llama.cpp's tables stop there and token ids
/// must match it. With that limit these classes equal llama.cpp's for every code point (checked over all 1,114,112
/// when the limit was chosen).
struct CharacterClass: Sendable {
  /// The Unicode version of llama.cpp's category tables (`unicode-data.cpp`).
  static let unicodeVersion = (major: 15, minor: 1)

  /// General category L (Lu, Ll, Lt, Lm, Lo).
  let isLetter: Bool
  /// General category N (Nd, Nl, No).
  let isNumber: Bool
  /// The Unicode White_Space property (what `\s` matches in the reference regex engines).
  let isWhitespace: Bool

  private static let ascii: [CharacterClass] = (0..<128).map { CharacterClass(computing: Unicode.Scalar(UInt8($0))) }

  init(_ scalar: Unicode.Scalar) {
    self = scalar.value < 128 ? Self.ascii[Int(scalar.value)] : CharacterClass(computing: scalar)
  }

  private init(computing scalar: Unicode.Scalar) {
    let properties = scalar.properties
    isWhitespace = properties.isWhitespace
    guard let age = properties.age, (age.major, age.minor) <= Self.unicodeVersion else {
      (isLetter, isNumber) = (false, false)
      return
    }
    switch properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
      (isLetter, isNumber) = (true, false)
    case .decimalNumber, .letterNumber, .otherNumber:
      (isLetter, isNumber) = (false, true)
    default:
      (isLetter, isNumber) = (false, false)
    }
  }
}
