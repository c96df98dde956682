/// One lexical token: a byte range in the source plus the lines it starts and ends on.
///
/// Comments are not tokens; the lexer keeps them in a separate list (``Comment``). Strings, character
/// literals, regular-expression literals and preprocessor lines are single tokens, so braces and comment
/// markers inside them never reach a scanner.
struct Token {
  enum Kind: UInt8 {
    case identifier, number, string, character, punctuation, directive, lifetime, regex
  }

  var kind: Kind
  /// Byte offset of the first byte.
  var start: Int
  /// Byte offset just past the last byte.
  var end: Int
  /// Line of the first byte, 0-based.
  var line: Int
  /// Line of the last byte, 0-based.
  var endLine: Int
}

/// A comment's byte range and lines, kept apart from the tokens.
struct Comment {
  var start: Int
  var end: Int
  var line: Int
  var endLine: Int
  /// Whether only whitespace precedes the comment on its first line.
  var isFirstOnLine: Bool
}
