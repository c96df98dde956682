public import Basics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Walks a workspace root and lists its regular files.
///
/// ``crawl(options:isCancelled:progress:)`` is the indexing walk: it honours ignore files, include and exclude
/// globs, secret-file names, a size limit and content sniffing, and reports what it skipped.
/// ``listFiles(isCancelled:progress:)`` is the plain walk, kept for callers that want every regular file.
///
/// For ``listFiles(isCancelled:progress:)``: symbolic links are never followed (so a link cannot lead out of the root, and link loops cannot trap the
/// walk); version-control and tool directories named in ``skippedDirectoryNames`` are not entered. Unreadable
/// directories and entries that vanish during the walk are reported to the logger and skipped.
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

  /// Lists every regular file below the root as a path relative to it.
  ///
  /// - Parameters:
  ///   - isCancelled: Polled once per directory; the walk stops early (returning what it found) when it says yes.
  ///   - progress: Called with the number of files found so far, about every 1,000 files.
  /// - Returns: Relative paths, `/`-separated.
  /// - Complexity: O(*n*) in the number of entries below the root.
  public func listFiles(
    isCancelled: () -> Bool = { false }, progress: (Int) -> Void = { _ in }
  ) -> [String] {
    var files: [String] = []
    var stack: [String] = [""]
    var lastReport = 0
    while let relativeDirectory = stack.popLast() {
      if isCancelled() { break }
      let directory = relativeDirectory.isEmpty ? root : root + "/" + relativeDirectory
      guard let handle = opendir(directory) else {
        logger.warning("cannot read directory \(directory): \(SystemError("opendir"))")
        continue
      }
      defer { closedir(handle) }
      while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
        }
        if name == "." || name == ".." { continue }
        let relative = relativeDirectory.isEmpty ? name : relativeDirectory + "/" + name
        var info = stat()
        guard lstat(root + "/" + relative, &info) == 0 else { continue }  // vanished during the walk
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
          if !Self.skippedDirectoryNames.contains(name) { stack.append(relative) }
        case S_IFREG:
          files.append(relative)
          if files.count - lastReport >= 1000 {
            lastReport = files.count
            progress(files.count)
          }
        default:
          continue  // symbolic links, sockets, devices
        }
      }
    }
    return files
  }
}
