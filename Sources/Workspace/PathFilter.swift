/// The include and exclude glob lists from settings, applied to paths relative to a workspace root.
///
/// Both lists use gitignore syntax (``IgnorePattern``), as if written in a `.gitignore` at the root, and a list
/// "selects" exactly the paths that file would ignore, including everything below a selected directory:
///
/// - **exclude**: a selected path is dropped; a selected directory is not entered.
/// - **include**: when the list is non-empty, only files it selects are kept (`src/` keeps everything below
///   `src`, `*.swift` keeps Swift files anywhere). Directories are always entered, since a file deeper down may
///   match.
///
/// An empty filter admits everything.
public struct PathFilter: Sendable, Hashable {
  private let include: IgnoreStack
  private let exclude: IgnoreStack
  private let hasIncludes: Bool

  /// Creates a filter from settings patterns.
  ///
  /// - Parameters:
  ///   - include: Patterns a file must match to be kept; ignored when empty.
  ///   - exclude: Patterns whose matches are dropped.
  public init(include: [String] = [], exclude: [String] = []) {
    let includeMatcher = IgnoreMatcher(patternLines: include)
    self.include = IgnoreStack([includeMatcher])
    self.exclude = IgnoreStack([IgnoreMatcher(patternLines: exclude)])
    hasIncludes = !includeMatcher.isEmpty
  }

  /// Whether a file is kept.
  ///
  /// - Parameter path: `/`-separated, relative to the root.
  public func admitsFile(_ path: String) -> Bool {
    if exclude.isIgnored(path, isDirectory: false) { return false }
    return !hasIncludes || include.isIgnored(path, isDirectory: false)
  }

  /// Whether a walk should enter a directory (it is not excluded, nor below an excluded directory).
  ///
  /// - Parameter path: `/`-separated, relative to the root.
  public func admitsDirectory(_ path: String) -> Bool {
    !exclude.isIgnored(path, isDirectory: true)
  }
}
