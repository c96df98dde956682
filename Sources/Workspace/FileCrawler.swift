public import Basics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Walks a workspace root and lists the files worth indexing.
///
/// ``crawl(options:isCancelled:progress:)`` honours ignore files, include and exclude globs, secret-file names, a
/// size limit and content sniffing, never follows a symbolic link out of the root, does not enter the
/// directories named in ``skippedDirectoryNames``, and reports what it skipped.
public struct FileCrawler: Sendable {
  /// Directory names that are never entered.
  public static let skippedDirectoryNames: Set<String> = [".git", ".hg", ".svn", ".docent", ".build", "node_modules"]

  /// The canonical root to walk.
  public let root: String
  /// Receives warnings; shared with the crawl in `FileCrawler+Crawl.swift`.
  let logger: Logger

  /// Creates a crawler for a root.
  ///
  /// - Parameters:
  ///   - root: The canonical root to walk (``WorkspaceRoots`` stores roots in that form).
  ///   - logger: Receives warnings about unreadable directories and ignore files.
  public init(root: String, logger: Logger) {
    self.root = root
    self.logger = logger
  }
}
