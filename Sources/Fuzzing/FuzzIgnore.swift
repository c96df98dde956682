import Workspace

/// The ignore-file matcher and the settings' path filter.
enum FuzzIgnore {
  /// The input up to the first NUL byte is an ignore file; the rest, split at NUL bytes, are paths to match
  /// (a trailing `/` marks a directory). The same lines also serve as include and exclude globs.
  static func run(_ bytes: [UInt8]) {
    let parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
    let patterns = parts.first.map(Array.init) ?? []
    let matcher = IgnoreMatcher(bytes: patterns, directory: "sub")
    let stack = IgnoreStack([IgnoreMatcher(patternLines: ["*.log", "!keep.log", "build/"]), matcher])
    let lines = String(decoding: patterns, as: UTF8.self).split(separator: "\n").prefix(8).map(String.init)
    let filter = PathFilter(include: Array(lines.prefix(4)), exclude: Array(lines.dropFirst(4)))
    var paths = parts.dropFirst().prefix(16).map { String(decoding: $0, as: UTF8.self) }
    paths += ["sub/a.swift", "sub/dir/b.log", "sub/build/c", "other/d.txt", "sub", "a/b/c/d/e/f/g"]
    for path in paths {
      let isDirectory = path.hasSuffix("/")
      let trimmed = isDirectory ? String(path.dropLast()) : path
      _ = matcher.lastMatch(for: trimmed, isDirectory: isDirectory)
      _ = stack.isIgnored(trimmed, isDirectory: isDirectory)
      _ = filter.admitsFile(trimmed)
      _ = filter.admitsDirectory(trimmed)
    }
  }
}
