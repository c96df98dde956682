/// The ignore files in force for a part of the workspace, lowest precedence first, with git's rules for
/// combining them.
///
/// Precedence, from lowest to highest: `.git/info/exclude` (and any other root-wide list appended first), then
/// per-directory files from the root down, a `.docentignore` above the `.gitignore` of the same directory. For a
/// path, the last matching pattern of the highest-precedence file that has one decides; a negated pattern
/// re-includes.
///
/// **Invariant:** a path below an ignored directory is ignored, whatever any pattern says about the path itself
/// (git does not look inside excluded directories, so `!dir/keep.txt` cannot re-include a file of an excluded
/// `dir/`). ``isIgnored(_:isDirectory:)`` checks every ancestor directory to honour this;
/// ``matchingPattern(for:isDirectory:)`` does not, for walkers that never enter ignored directories.
public struct IgnoreStack: Sendable, Hashable {
  /// The files, lowest precedence first.
  public private(set) var matchers: [IgnoreMatcher]

  /// Creates a stack from files ordered lowest precedence first; empty files are dropped.
  public init(_ matchers: [IgnoreMatcher] = []) {
    self.matchers = matchers.filter { !$0.isEmpty }
  }

  /// Adds a file with higher precedence than every file already present; an empty file is dropped.
  ///
  /// A walker appends a directory's `.gitignore` and then its `.docentignore` when it enters the directory.
  public mutating func append(_ matcher: IgnoreMatcher) {
    if !matcher.isEmpty { matchers.append(matcher) }
  }

  /// The pattern that decides a path by its own name, ignoring its ancestors.
  ///
  /// - Parameters:
  ///   - path: `/`-separated, relative to the workspace root.
  ///   - isDirectory: Whether the path names a directory.
  /// - Returns: The deciding pattern (negated: included; otherwise: ignored), or `nil` when none matches.
  /// - Complexity: O(*k* × *n*) for *k* patterns in the stack and a path of *n* bytes, for typical patterns.
  public func matchingPattern(for path: String, isDirectory: Bool) -> IgnorePattern? {
    for matcher in matchers.reversed() {
      if let pattern = matcher.lastMatch(for: path, isDirectory: isDirectory) { return pattern }
    }
    return nil
  }

  /// Whether a path is ignored, including because one of its ancestor directories is.
  ///
  /// - Parameters:
  ///   - path: `/`-separated, relative to the workspace root, without leading or trailing `/`.
  ///   - isDirectory: Whether the path itself names a directory (its ancestors always do).
  /// - Complexity: O(*d* × *k* × *n*) for a path of *d* components.
  public func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
    var utf8Index = path.utf8.startIndex
    while let slash = path.utf8[utf8Index...].firstIndex(of: UInt8(ascii: "/")) {
      let ancestor = String(path[..<slash])
      if let pattern = matchingPattern(for: ancestor, isDirectory: true), !pattern.isNegated { return true }
      utf8Index = path.utf8.index(after: slash)
    }
    guard let pattern = matchingPattern(for: path, isDirectory: isDirectory) else { return false }
    return !pattern.isNegated
  }
}
