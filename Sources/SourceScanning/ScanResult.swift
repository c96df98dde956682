/// What ``SourceScanner/scan(_:language:options:)`` found in one file.
public struct ScanResult: Sendable {
  /// Declarations in source order (by first line); members follow their container.
  public var declarations: [Declaration]
  /// Chunks in source order; together they cover every line of the file.
  public var chunks: [Chunk]
  /// Human-readable notes about input the scanner had to guess around (unterminated comments, cut lines).
  public var diagnostics: [String]

  /// Creates a result.
  public init(declarations: [Declaration] = [], chunks: [Chunk] = [], diagnostics: [String] = []) {
    self.declarations = declarations
    self.chunks = chunks
    self.diagnostics = diagnostics
  }
}
