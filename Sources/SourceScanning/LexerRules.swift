/// The lexical features of one language, as far as the ``Lexer`` needs them to skip strings and comments.
struct LexerRules {
  /// What a single quote starts.
  enum SingleQuote { case punctuation, string, character, characterOrLifetime }
  /// What a backtick starts.
  enum Backtick { case punctuation, template, raw, identifier, command }
  /// How code is embedded in double-quoted strings.
  enum Interpolation { case none, swift, dollarBrace, hashBrace, brace, dollarParen }

  var lineComments: [[UInt8]] = []
  var blockComment: (open: [UInt8], close: [UInt8])? = nil
  var nestedBlockComments = false
  var singleQuote = SingleQuote.punctuation
  var backtick = Backtick.punctuation
  /// `"""` strings (and `'''` when single quotes are strings).
  var tripleQuotes = false
  /// Whether ordinary double-quoted strings may contain raw newlines.
  var stringsSpanLines = false
  var interpolation = Interpolation.none
  /// Whether triple-quoted strings honour backslash escapes (Kotlin's do not).
  var tripleQuotesEscape = true
  var swiftRawStrings = false
  var rustStrings = false
  var cppRawStrings = false
  var pythonPrefixes = false
  var csharpStrings = false
  /// `#` at the start of a line runs to the end of the line (with `\` continuations) as one directive token.
  var preprocessor = false
  var regexLiterals = false
  var heredocs = false
  /// Ruby's `%w[…]` literals, `=begin`/`=end` comments and `$'`-style globals.
  var rubyExtras = false
  /// Shell words: `#` comments only at a word start, `$(…)`, `${…}`, standalone braces.
  var shellWords = false
  /// C++14 digit separators (`1'000`).
  var digitSeparatorQuote = false
  /// Swift and Kotlin backtick identifiers, JavaScript template literals etc. (see ``backtick``).
  var dollarInIdentifiers = true

  static let slashSlash: [UInt8] = Array("//".utf8)
  static let hash: [UInt8] = Array("#".utf8)
  static let cBlock: (open: [UInt8], close: [UInt8]) = (Array("/*".utf8), Array("*/".utf8))

  static func rules(for language: Language) -> LexerRules {
    var rules = LexerRules()
    switch language {
    case .swift:
      rules.lineComments = [slashSlash]
      rules.blockComment = cBlock
      rules.nestedBlockComments = true
      rules.backtick = .identifier
      rules.tripleQuotes = true
      rules.interpolation = .swift
      rules.swiftRawStrings = true
    case .rust:
      rules.lineComments = [slashSlash]
      rules.blockComment = cBlock
      rules.nestedBlockComments = true
      rules.singleQuote = .characterOrLifetime
      rules.stringsSpanLines = true
      rules.rustStrings = true
      rules.dollarInIdentifiers = false
    case .go:
      rules.lineComments = [slashSlash]
      rules.blockComment = cBlock
      rules.singleQuote = .character
      rules.backtick = .raw
      rules.dollarInIdentifiers = false
    case .javascript, .typescript:
      rules.lineComments = [slashSlash]
      rules.blockComment = cBlock
      rules.singleQuote = .string
      rules.backtick = .template
      rules.regexLiterals = true
    case .java:
      rules.lineComments = [slashSlash]
      rules.blockComment = cBlock
      rules.singleQuote = .character
      rules.tripleQuotes = true
    case .kotlin:
      rules.lineComments = [slashSlash]
      rules.blockComment = cBlock
      rules.nestedBlockComments = true
      rules.singleQuote = .character
      rules.backtick = .identifier
      rules.tripleQuotes = true
      rules.tripleQuotesEscape = false
      rules.interpolation = .dollarBrace
    case .c, .cpp, .objectiveC:
      rules.lineComments = [slashSlash]
      rules.blockComment = cBlock
      rules.singleQuote = .character
      rules.preprocessor = true
      rules.cppRawStrings = language != .c
      rules.digitSeparatorQuote = language != .c
    case .csharp:
      rules.lineComments = [slashSlash]
      rules.blockComment = cBlock
      rules.singleQuote = .character
      rules.csharpStrings = true
      rules.preprocessor = true
    case .python:
      rules.lineComments = [hash]
      rules.singleQuote = .string
      rules.tripleQuotes = true
      rules.pythonPrefixes = true
      rules.dollarInIdentifiers = false
    case .ruby:
      rules.lineComments = [hash]
      rules.singleQuote = .string
      rules.backtick = .command
      rules.stringsSpanLines = true
      rules.interpolation = .hashBrace
      rules.regexLiterals = true
      rules.heredocs = true
      rules.rubyExtras = true
      rules.dollarInIdentifiers = false
    case .shell:
      rules.lineComments = [hash]
      rules.singleQuote = .string
      rules.backtick = .command
      rules.stringsSpanLines = true
      rules.interpolation = .dollarParen
      rules.heredocs = true
      rules.shellWords = true
    case .markdown, .restructuredText, .plainText, .unknown:
      break
    }
    return rules
  }
}
