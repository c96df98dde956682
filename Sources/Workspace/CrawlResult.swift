/// What a crawl found: the files to index, the candidates it skipped and why, and how many entries ignore
/// rules removed.
public struct CrawlResult: Sendable, Hashable {
  /// The listed files, sorted by path.
  public var files: [CrawledFile]
  /// Files (and unreadable directories) that were candidates but were not listed, sorted by path.
  public var skipped: [SkippedFile]
  /// How many entries ignore files, exclude globs or include globs removed; an ignored directory counts once,
  /// however many files it holds (it is not entered).
  public var ignoredCount: Int
  /// Whether the walk stopped early because `isCancelled` said so; the lists then hold what was found so far.
  public var wasCancelled: Bool

  /// Creates a result.
  public init(files: [CrawledFile] = [], skipped: [SkippedFile] = [], ignoredCount: Int = 0, wasCancelled: Bool = false)
  {
    self.files = files
    self.skipped = skipped
    self.ignoredCount = ignoredCount
    self.wasCancelled = wasCancelled
  }
}

/// A file the crawl listed.
public struct CrawledFile: Sendable, Hashable {
  /// The path relative to the root, `/`-separated (for a followed symbolic link, the link's path).
  public var path: String
  /// The size in bytes when it was examined.
  public var byteCount: Int
  /// The last modification time in nanoseconds since the Unix epoch, when it was examined.
  public var modificationTimeNanoseconds: Int64

  /// Creates a record.
  public init(path: String, byteCount: Int, modificationTimeNanoseconds: Int64) {
    self.path = path
    self.byteCount = byteCount
    self.modificationTimeNanoseconds = modificationTimeNanoseconds
  }
}

/// A candidate the crawl did not list.
public struct SkippedFile: Sendable, Hashable {
  /// The path relative to the root, `/`-separated.
  public var path: String
  /// Why it was skipped.
  public var reason: SkipReason
  /// A human-readable detail (the size and limit, the system error, the link target's relation to the root).
  public var detail: String

  /// Creates a record.
  public init(path: String, reason: SkipReason, detail: String = "") {
    self.path = path
    self.reason = reason
    self.detail = detail
  }
}

/// Why a candidate file was not listed.
public enum SkipReason: String, Sendable, Hashable, CaseIterable {
  /// Larger than ``CrawlOptions/maxFileBytes``.
  case tooLarge
  /// NUL bytes or invalid UTF-8 near the start (``ContentKind/binary``).
  case binary
  /// Minified text (``ContentKind/minified``).
  case minified
  /// Its name matches ``CrawlOptions/secretFileNamePatterns`` (or, for a symbolic link, its target's does).
  case secretFile
  /// It (or a directory) could not be opened or read, for example for lack of permission.
  case unreadable
  /// It disappeared between being listed and being examined.
  case vanished
  /// A symbolic link whose target lies outside the root.
  case symlinkOutsideRoot
  /// A symbolic link to a directory, which is not entered (so link loops cannot trap the walk).
  case symlinkToDirectory
  /// A symbolic link that leads nowhere, loops, or is not followed by the options.
  case unfollowedSymlink
}
