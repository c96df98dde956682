/// The Unicode facts the pre-tokenizers test for one scalar: `\p{L}`, `\p{N}` and `\s`.
struct CharacterClass: Sendable {
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
    switch properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
      (isLetter, isNumber) = (true, false)
    case .decimalNumber, .letterNumber, .otherNumber:
      (isLetter, isNumber) = (false, true)
    default:
      (isLetter, isNumber) = (false, false)
    }
    isWhitespace = properties.isWhitespace
  }
}
