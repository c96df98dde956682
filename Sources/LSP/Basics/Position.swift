/// A position in a document: zero-based line and zero-based column in the negotiated position encoding
/// (UTF-16 code units unless the client and server agreed on UTF-8).
public struct Position: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
  /// Zero-based line number.
  public var line: Int
  /// Zero-based column, counted in the negotiated encoding's code units.
  public var character: Int

  public init(line: Int, character: Int) {
    self.line = line
    self.character = character
  }

  public static func < (lhs: Position, rhs: Position) -> Bool {
    (lhs.line, lhs.character) < (rhs.line, rhs.character)
  }

  public var description: String { "\(line):\(character)" }
}

/// A half-open range between two positions.
public struct Range: Codable, Hashable, Sendable, CustomStringConvertible {
  public var start: Position
  public var end: Position

  public init(start: Position, end: Position) {
    self.start = start
    self.end = end
  }

  public var description: String { "\(start)-\(end)" }
}

/// How columns are counted (LSP 3.17 `PositionEncodingKind`).
public struct PositionEncodingKind: RawRepresentable, Codable, Hashable, Sendable {
  public var rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }

  /// Columns count UTF-8 bytes.
  public static let utf8 = PositionEncodingKind(rawValue: "utf-8")
  /// Columns count UTF-16 code units (the LSP default).
  public static let utf16 = PositionEncodingKind(rawValue: "utf-16")
  /// Columns count Unicode scalars.
  public static let utf32 = PositionEncodingKind(rawValue: "utf-32")
}
