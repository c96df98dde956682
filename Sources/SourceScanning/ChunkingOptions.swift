/// Size limits for ``SourceScanner/scan(_:language:options:)``'s chunks.
///
/// Values are clamped to sane minimums when used: `maxLines >= 1`, `0 <= overlapLines < maxLines`,
/// `maxBytes >= 64`.
public struct ChunkingOptions: Sendable, Hashable {
  /// The most lines in one chunk; longer declarations are split into overlapping windows.
  public var maxLines: Int
  /// How many lines consecutive windows of one long declaration share.
  public var overlapLines: Int
  /// Units shorter than this many lines are merged with a neighbour (while the result fits ``maxLines``).
  public var minLines: Int
  /// The most UTF-8 bytes of text in one chunk; windows end early to respect it, and a single longer line is cut.
  public var maxBytes: Int

  /// Creates options; the defaults suit a small embedding model that reads a few hundred tokens.
  public init(maxLines: Int = 60, overlapLines: Int = 10, minLines: Int = 6, maxBytes: Int = 4_000) {
    self.maxLines = maxLines
    self.overlapLines = overlapLines
    self.minLines = minLines
    self.maxBytes = maxBytes
  }

  /// The options with every value clamped to a usable range.
  var clamped: ChunkingOptions {
    let lines = max(1, maxLines)
    return ChunkingOptions(
      maxLines: lines, overlapLines: min(max(0, overlapLines), lines - 1), minLines: max(0, minLines),
      maxBytes: max(64, maxBytes))
  }
}
