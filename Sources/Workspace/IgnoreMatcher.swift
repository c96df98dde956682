/// The patterns of one gitignore-style file (`.gitignore`, `.git/info/exclude`, `.docentignore`), scoped to the
/// directory the file lives in.
///
/// Built purely from bytes, so a fuzzer can drive it. Lines split at `\n` (a `\r` before it is dropped), a UTF-8
/// byte-order mark at the start is skipped, and each line is parsed by ``IgnorePattern/init(line:lineNumber:)``.
/// Within one file the *last* matching pattern decides, as in git.
///
/// ```swift
/// let matcher = IgnoreMatcher(bytes: Array("*.log\n!keep.log\n".utf8), directory: "logs")
/// matcher.lastMatch(for: "logs/a.log", isDirectory: false)?.isNegated  // false: ignored
/// matcher.lastMatch(for: "logs/keep.log", isDirectory: false)?.isNegated  // true: re-included
/// matcher.lastMatch(for: "other/a.log", isDirectory: false)  // nil: outside the file's directory
/// ```
public struct IgnoreMatcher: Sendable, Hashable {
  /// The directory the file applies to, relative to the workspace root (`""` for the root), without slashes at
  /// either end.
  public let directory: String
  /// The parsed patterns in file order.
  public let patterns: [IgnorePattern]

  /// Parses an ignore file.
  ///
  /// - Parameters:
  ///   - bytes: The file's contents; any bytes are accepted.
  ///   - directory: Where the file lives, relative to the workspace root (`""` for the root; a leading or
  ///     trailing `/` is removed).
  /// - Complexity: O(*n*) in the number of bytes.
  public init(bytes: some Collection<UInt8>, directory: String) {
    var patterns: [IgnorePattern] = []
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    var lineNumber = 1
    while !body.isEmpty {
      let end = body.firstIndex(of: UInt8(ascii: "\n")) ?? body.endIndex
      if let pattern = IgnorePattern(line: body[..<end], lineNumber: lineNumber) { patterns.append(pattern) }
      body = end == body.endIndex ? body[end...] : body[body.index(after: end)...]
      lineNumber += 1
    }
    self.init(patterns: patterns, directory: directory)
  }

  /// Makes a matcher from separate pattern strings, as settings give them (`["build/", "*.min.js"]`).
  ///
  /// Each string is one line; a string containing a line break is split there.
  ///
  /// - Parameters:
  ///   - patternLines: gitignore-style patterns.
  ///   - directory: The directory they are relative to (`""` for the root).
  public init(patternLines: [String], directory: String = "") {
    self.init(bytes: Array(patternLines.joined(separator: "\n").utf8), directory: directory)
  }

  private init(patterns: [IgnorePattern], directory: String) {
    var trimmed = Substring(directory)
    while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
    while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    self.directory = String(trimmed)
    self.patterns = patterns
  }

  /// Whether the file has no patterns (so it can be left out of an ``IgnoreStack``).
  public var isEmpty: Bool { patterns.isEmpty }

  /// The last pattern that matches a path, if the path lies strictly below ``directory``.
  ///
  /// The caller applies the result: a non-negated pattern ignores the path, a negated one re-includes it.
  ///
  /// - Parameters:
  ///   - path: `/`-separated, relative to the workspace root, without leading or trailing `/`.
  ///   - isDirectory: Whether the path names a directory.
  /// - Complexity: O(*k* × *p* × *n*) for *k* patterns of *p* tokens and a path of *n* bytes (literal and `*.ext`
  ///   patterns take O(*n*)).
  public func lastMatch(for path: String, isDirectory: Bool) -> IgnorePattern? {
    guard let relative = pathRelativeToDirectory(path) else { return nil }
    for pattern in patterns.reversed() where pattern.matches(relative, isDirectory: isDirectory) {
      return pattern
    }
    return nil
  }

  /// `path` relative to ``directory``, or `nil` when it is not strictly below it.
  private func pathRelativeToDirectory(_ path: String) -> Substring? {
    if directory.isEmpty { return path.isEmpty ? nil : path[...] }
    guard path.utf8.count > directory.utf8.count + 1, path.utf8.starts(with: directory.utf8) else { return nil }
    let slash = path.utf8.index(path.utf8.startIndex, offsetBy: directory.utf8.count)
    guard path.utf8[slash] == UInt8(ascii: "/") else { return nil }
    return path[path.utf8.index(after: slash)...]
  }
}
