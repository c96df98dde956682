/// How a client counts columns; negotiated once per session.
public enum ColumnEncoding: String, Sendable, Hashable {
  case utf8 = "utf-8"
  case utf16 = "utf-16"
  case utf32 = "utf-32"
}

/// A position in a document in editor terms: zero-based line and column in some ``ColumnEncoding``.
public struct TextPoint: Sendable, Hashable, Comparable {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public static func < (lhs: TextPoint, rhs: TextPoint) -> Bool { (lhs.line, lhs.column) < (rhs.line, rhs.column) }
}

/// A range between two points as a client sent it; nothing guarantees `start <= end` until it is validated.
public struct TextRange: Sendable, Hashable {
  public var start: TextPoint
  public var end: TextPoint

  public init(start: TextPoint, end: TextPoint) {
    self.start = start
    self.end = end
  }
}

/// An edit to an open document: a range replaced by text, or the whole text when `range` is `nil`.
public struct TextEdit: Sendable, Hashable {
  public var range: TextRange?
  public var text: String

  public init(range: TextRange?, text: String) {
    self.range = range
    self.text = text
  }
}

/// What happened to a file on disk.
public enum FileChange: Sendable, Hashable {
  case created
  case changed
  case deleted
}
