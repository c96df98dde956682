/// A document or folder URI as it appears on the wire (`file:///home/me/project/Sources/A.swift`).
///
/// Kept as the client's string so answers echo it byte for byte; the server turns it into a path (and refuses
/// other schemes and paths outside the workspace) in one place.
public struct DocumentURI: Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
  /// The URI string exactly as sent.
  public var stringValue: String

  public init(_ stringValue: String) { self.stringValue = stringValue }
  public init(stringLiteral value: String) { self.stringValue = value }

  public init(from decoder: any Decoder) throws {
    stringValue = try decoder.singleValueContainer().decode(String.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(stringValue)
  }

  public var description: String { stringValue }
}
