import Foundation

/// The folders the server may read below, and the check that keeps every path inside them.
///
/// **Invariant:** a path is inside only if, after lexical normalisation *and* resolution of every symbolic link
/// on its existing prefix, it equals a root or lies below one (compared by whole components, so `/work/a` does
/// not contain `/work/ab`). Roots are stored resolved as well.
public struct WorkspaceRoots: Sendable, Hashable {
  /// Canonical (symlink-resolved) root paths, without trailing slashes.
  public private(set) var paths: [String] = []

  public init() {}

  /// Creates roots from absolute paths; relative or missing paths are kept lexically normalised.
  public init(_ paths: [String]) {
    for path in paths { add(path) }
  }

  /// Adds a root (resolved); a duplicate is ignored.
  ///
  /// - Returns: The canonical path stored.
  @discardableResult
  public mutating func add(_ path: String) -> String {
    let canonical = Self.resolved(FileURI.normalizedPath(path))
    if !paths.contains(canonical) { paths.append(canonical) }
    return canonical
  }

  /// Removes a root given in any spelling that resolves to it.
  public mutating func remove(_ path: String) {
    let canonical = Self.resolved(FileURI.normalizedPath(path))
    paths.removeAll { $0 == canonical }
  }

  /// Whether there are no roots.
  public var isEmpty: Bool { paths.isEmpty }

  /// The canonical form of `path` if it lies inside a root.
  ///
  /// - Throws: ``WorkspaceError/Code/outsideWorkspace`` otherwise, naming the path and the roots.
  public func confine(_ path: String) throws(WorkspaceError) -> String {
    let canonical = Self.resolved(FileURI.normalizedPath(path))
    guard root(containing: canonical) != nil else {
      let roots = paths.isEmpty ? "no workspace folder is open" : "roots: \(paths.joined(separator: ", "))"
      throw WorkspaceError(.outsideWorkspace, "'\(path)' is outside the workspace (\(roots))")
    }
    return canonical
  }

  /// The root that contains an already canonical path, if any.
  public func root(containing canonicalPath: String) -> String? {
    paths.first { Self.isPath(canonicalPath, inside: $0) }
  }

  /// Whether `path` equals `root` or lies below it, comparing whole components.
  public static func isPath(_ path: String, inside root: String) -> Bool {
    if root == "/" { return path.hasPrefix("/") }
    return path == root || path.hasPrefix(root + "/")
  }

  /// Resolves symbolic links on the longest existing prefix of an absolute, normalised path, keeping the
  /// missing tail as is (so a file about to be created can still be checked).
  public static func resolved(_ path: String) -> String {
    var existing = path
    var tail: [String] = []
    while existing != "/" {
      if let real = realPath(existing) {
        let joined = ([real == "/" ? "" : real] + tail.reversed()).joined(separator: "/")
        return joined.isEmpty ? "/" : FileURI.normalizedPath(joined)
      }
      let url = URL(fileURLWithPath: existing)
      tail.append(url.lastPathComponent)
      existing = url.deletingLastPathComponent().path
      if existing.isEmpty { existing = "/" }
    }
    return FileURI.normalizedPath("/" + tail.reversed().joined(separator: "/"))
  }

  private static func realPath(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
  }
}
