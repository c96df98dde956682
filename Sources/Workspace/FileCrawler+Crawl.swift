import Basics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension FileCrawler {
  /// The most bytes read from one ignore file; the rest of a larger file is not read (and a warning logged).
  public static let maximumIgnoreFileByteCount = 4 << 20

  /// Walks the root and returns the files worth indexing, the candidates skipped and why, and a count of
  /// ignored entries.
  ///
  /// For each directory entry, in order (names sorted by their bytes):
  /// 1. Entries named `.git` and directories named in ``CrawlOptions/skippedDirectoryNames`` are passed over
  ///    silently.
  /// 2. Ignore files (``IgnoreStack``): `.git/info/exclude` at the root, then `.gitignore` and `.docentignore`
  ///    in each directory, each applying to its own subtree. An ignored directory is not entered, so nothing
  ///    below it can be re-included. Symbolic links are matched as files, as git does; ignore files that are
  ///    themselves symbolic links are not read (as git ≥ 2.32). The root is treated as the top of the
  ///    repository: ignore files above it are not read.
  /// 3. Include and exclude globs (``PathFilter``). Entries removed by steps 2 and 3 are counted in
  ///    ``CrawlResult/ignoredCount``, not listed.
  /// 4. Secret-bearing names (``CrawlOptions/secretFileNamePatterns``) → ``SkipReason/secretFile``.
  /// 5. Symbolic links are resolved: one whose target is a regular file inside the (canonical) root is listed
  ///    under the link's own path, after the target's name also passes the secret-name test and the target
  ///    does not lie in a skipped directory; links to directories are never entered, and links that lead
  ///    outside the root, dangle or loop are skipped with a reason.
  /// 6. Size above ``CrawlOptions/maxFileBytes`` → ``SkipReason/tooLarge``.
  /// 7. The first 64 KiB are sniffed (``ContentKind``) → ``SkipReason/binary`` or ``SkipReason/minified``.
  ///
  /// Unreadable files and directories, and entries that vanish during the walk, are skipped with a reason;
  /// the crawl itself never fails.
  ///
  /// - Parameters:
  ///   - options: What to list and skip.
  ///   - isCancelled: Polled before each directory is read and before each entry is examined; when it says
  ///     yes the walk stops and returns what it found, with ``CrawlResult/wasCancelled`` set.
  ///   - progress: Called with the number of files listed so far, about every 1,000 files.
  /// - Returns: Files and skipped candidates, each sorted by path.
  /// - Complexity: O(*n*) entries, each matched against the ignore patterns in force, plus reading at most
  ///   64 KiB of each candidate file.
  public func crawl(
    options: CrawlOptions = CrawlOptions(),
    isCancelled: () -> Bool = { false },
    progress: (Int) -> Void = { _ in }
  ) -> CrawlResult {
    var walk = CrawlWalk(root: root, options: options, logger: logger)
    walk.run(isCancelled: isCancelled, progress: progress)
    walk.result.files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    walk.result.skipped.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    return walk.result
  }
}

/// The state of one ``FileCrawler/crawl(options:isCancelled:progress:)``.
private struct CrawlWalk {
  let root: String
  /// The root with symbolic links resolved, against which link targets are confined.
  let canonicalRoot: String
  let options: CrawlOptions
  let logger: Logger
  let filter: PathFilter
  let secretNames: IgnoreStack
  var result = CrawlResult()
  /// Reused for every sniff.
  var buffer: [UInt8]

  init(root: String, options: CrawlOptions, logger: Logger) {
    self.root = root
    canonicalRoot = resolvedPath(root) ?? root
    self.options = options
    self.logger = logger
    filter = PathFilter(include: options.includeGlobs, exclude: options.excludeGlobs)
    secretNames = IgnoreStack([IgnoreMatcher(patternLines: options.secretFileNamePatterns)])
    buffer = options.sniffsContent ? [UInt8](repeating: 0, count: ContentKind.minifiedSniffByteCount) : []
  }

  mutating func run(isCancelled: () -> Bool, progress: (Int) -> Void) {
    var rootIgnores = IgnoreStack()
    if options.honorsIgnoreFiles {
      if let bytes = readIgnoreFile(".git/info/exclude") {
        rootIgnores.append(IgnoreMatcher(bytes: bytes, directory: ""))
      }
      appendDirectoryIgnoreFiles(of: "", to: &rootIgnores)
    }
    var pending: [(directory: String, ignores: IgnoreStack)] = [("", rootIgnores)]
    var lastReport = 0
    walk: while let (directory, ignores) = pending.popLast() {
      if isCancelled() {
        result.wasCancelled = true
        break
      }
      let names: [String]
      switch entryNames(of: directory) {
      case .success(let found): names = found
      case .failure(let error):
        logger.warning("cannot read directory \(absolute(directory)): \(error)")
        result.skipped.append(
          SkippedFile(
            path: directory.isEmpty ? "." : directory, reason: .unreadable,
            detail: error.description))
        continue
      }
      var subdirectories: [(String, IgnoreStack)] = []
      for name in names {
        if isCancelled() {
          result.wasCancelled = true
          break walk
        }
        let path = directory.isEmpty ? name : directory + "/" + name
        if let subdirectory = examineEntry(named: name, at: path, ignores: ignores) {
          subdirectories.append(subdirectory)
        }
        if result.files.count - lastReport >= 1000 {
          lastReport = result.files.count
          progress(result.files.count)
        }
      }
      pending.append(contentsOf: subdirectories.reversed())  // visit subdirectories in name order
    }
  }

  /// Handles one entry; returns the directory to enter and its ignore stack, if the entry is one.
  private mutating func examineEntry(named name: String, at path: String, ignores: IgnoreStack) -> (
    String, IgnoreStack
  )? {
    if name == ".git" { return nil }
    var info = stat()
    guard lstat(absolute(path), &info) == 0 else {
      recordFailure(path, SystemError("lstat"))
      return nil
    }
    switch info.st_mode & S_IFMT {
    case S_IFDIR:
      guard !options.skippedDirectoryNames.contains(name) else { return nil }
      guard !isIgnored(path, isDirectory: true, by: ignores), filter.admitsDirectory(path) else {
        result.ignoredCount += 1
        return nil
      }
      var childIgnores = ignores
      if options.honorsIgnoreFiles { appendDirectoryIgnoreFiles(of: path, to: &childIgnores) }
      return (path, childIgnores)
    case S_IFREG:
      guard passesNameRules(path, ignores: ignores) else { return nil }
      examineFile(at: absolute(path), listedAs: path)
    case S_IFLNK:
      guard passesNameRules(path, ignores: ignores) else { return nil }
      followLink(at: path)
    default:
      break  // sockets, FIFOs, devices: not source files
    }
    return nil
  }

  /// Ignore files, globs and secret names for a file or link; records why it fails.
  private mutating func passesNameRules(_ path: String, ignores: IgnoreStack) -> Bool {
    if isIgnored(path, isDirectory: false, by: ignores) || !filter.admitsFile(path) {
      result.ignoredCount += 1
      return false
    }
    if options.excludesSecretFiles && secretNames.isIgnored(lastComponent(path), isDirectory: false) {
      result.skipped.append(SkippedFile(path: path, reason: .secretFile, detail: "secret-bearing file name"))
      return false
    }
    return true
  }

  private func isIgnored(_ path: String, isDirectory: Bool, by ignores: IgnoreStack) -> Bool {
    guard let pattern = ignores.matchingPattern(for: path, isDirectory: isDirectory) else { return false }
    return !pattern.isNegated  // ancestors were checked when they were entered
  }

  private mutating func followLink(at path: String) {
    guard options.followsSymbolicLinks else {
      result.skipped.append(SkippedFile(path: path, reason: .unfollowedSymlink, detail: "symbolic links are off"))
      return
    }
    guard let target = resolvedPath(absolute(path)) else {
      let error = SystemError("realpath")
      let detail = error.code == ELOOP ? "the link loops" : "the target is missing (\(error))"
      result.skipped.append(SkippedFile(path: path, reason: .unfollowedSymlink, detail: detail))
      return
    }
    guard WorkspaceRoots.isPath(target, inside: canonicalRoot), target != canonicalRoot else {
      result.skipped.append(
        SkippedFile(
          path: path, reason: target == canonicalRoot ? .symlinkToDirectory : .symlinkOutsideRoot,
          detail: "the link leads to \(target)"))
      return
    }
    var info = stat()
    guard stat(target, &info) == 0 else {
      recordFailure(path, SystemError("stat"))
      return
    }
    switch info.st_mode & S_IFMT {
    case S_IFDIR:
      result.skipped.append(
        SkippedFile(path: path, reason: .symlinkToDirectory, detail: "links to directories are not entered"))
      return
    case S_IFREG:
      break
    default:
      result.skipped.append(
        SkippedFile(path: path, reason: .unfollowedSymlink, detail: "the target is not a regular file"))
      return
    }
    let targetRelative = String(
      decoding: target.utf8.dropFirst(canonicalRoot == "/" ? 1 : canonicalRoot.utf8.count + 1), as: UTF8.self)
    let components = targetRelative.split(separator: "/").map(String.init)
    if components.contains(where: { $0 == ".git" || options.skippedDirectoryNames.contains($0) }) {
      result.ignoredCount += 1
      return
    }
    if options.excludesSecretFiles && secretNames.isIgnored(lastComponent(targetRelative), isDirectory: false) {
      result.skipped.append(SkippedFile(path: path, reason: .secretFile, detail: "links to \(targetRelative)"))
      return
    }
    examineFile(at: target, listedAs: path)
  }

  /// Opens, measures and sniffs a regular file, listing it or recording why not.
  private mutating func examineFile(at absolutePath: String, listedAs path: String) {
    // O_NOFOLLOW: the entry was a regular file (or a resolved target) a moment ago; never chase a link swapped in.
    let fd = open(absolutePath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else {
      recordFailure(path, SystemError("open"))
      return
    }
    defer { FileDescriptorIO.close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
    let byteCount = Int(info.st_size)
    guard byteCount <= options.maxFileBytes else {
      result.skipped.append(
        SkippedFile(path: path, reason: .tooLarge, detail: "\(byteCount) bytes > limit \(options.maxFileBytes)"))
      return
    }
    if options.sniffsContent {
      let kind: ContentKind
      do throws(SystemError) {
        kind = try sniff(fd)
      } catch {
        recordFailure(path, error)
        return
      }
      switch kind {
      case .text: break
      case .binary:
        result.skipped.append(SkippedFile(path: path, reason: .binary, detail: "NUL bytes or invalid UTF-8"))
        return
      case .minified:
        result.skipped.append(SkippedFile(path: path, reason: .minified, detail: "very long lines, few newlines"))
        return
      }
    }
    result.files.append(
      CrawledFile(path: path, byteCount: byteCount, modificationTimeNanoseconds: modificationTime(info)))
  }

  private mutating func sniff(_ fd: Int32) throws(SystemError) -> ContentKind {
    var count = 0
    var reachedEnd = false
    while count < buffer.count {
      let read = try readChunk(fd, into: &buffer, at: count).get()
      if read == 0 {
        reachedEnd = true
        break
      }
      count += read
    }
    return ContentKind(sniffing: buffer[..<count], isWholeFile: reachedEnd)
  }

  private mutating func recordFailure(_ path: String, _ error: SystemError) {
    let reason: SkipReason = error.code == ENOENT || error.code == ENOTDIR ? .vanished : .unreadable
    result.skipped.append(SkippedFile(path: path, reason: reason, detail: error.description))
  }

  private func appendDirectoryIgnoreFiles(of directory: String, to ignores: inout IgnoreStack) {
    for name in [".gitignore", ".docentignore"] {
      let path = directory.isEmpty ? name : directory + "/" + name
      if let bytes = readIgnoreFile(path) { ignores.append(IgnoreMatcher(bytes: bytes, directory: directory)) }
    }
  }

  /// The bytes of an ignore file (at most ``FileCrawler/maximumIgnoreFileByteCount``), or `nil` if there is
  /// none or it cannot be read.
  private func readIgnoreFile(_ path: String) -> [UInt8]? {
    let fd = open(absolute(path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else {
      let error = SystemError("open")
      if error.code != ENOENT && error.code != ENOTDIR {
        logger.warning("cannot read ignore file \(absolute(path)): \(error)")
      }
      return nil
    }
    defer { FileDescriptorIO.close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    let limit = FileCrawler.maximumIgnoreFileByteCount
    var bytes = [UInt8](repeating: 0, count: min(Int(info.st_size), limit))
    var count = 0
    while count < bytes.count {
      let read: Int
      switch readChunk(fd, into: &bytes, at: count) {
      case .success(let value): read = value
      case .failure(let error):
        logger.warning("cannot read ignore file \(absolute(path)): \(error)")
        return nil
      }
      if read == 0 { break }
      count += read
    }
    if Int(info.st_size) > limit {
      logger.warning("ignore file \(absolute(path)) is larger than \(limit) bytes; the rest is not read")
    }
    return Array(bytes[..<count])
  }

  /// The names in a directory (without `.` and `..`), sorted by their bytes; names that are not UTF-8 are
  /// recorded as unreadable, since no client could name them.
  private mutating func entryNames(of directory: String) -> Result<[String], SystemError> {
    guard let handle = opendir(absolute(directory)) else { return .failure(SystemError("opendir")) }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name: String? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        guard let base = raw.bindMemory(to: CChar.self).baseAddress else { return nil }
        return String(validatingCString: base)
      }
      guard let name else {
        result.skipped.append(
          SkippedFile(
            path: directory.isEmpty ? "." : directory, reason: .unreadable, detail: "an entry's name is not UTF-8"))
        continue
      }
      if name == "." || name == ".." { continue }
      names.append(name)
    }
    names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    return .success(names)
  }

  private func absolute(_ path: String) -> String {
    path.isEmpty ? root : root + "/" + path
  }
}

/// Reads from `fd` into `bytes[offset...]`.
private func readChunk(_ fd: Int32, into bytes: inout [UInt8], at offset: Int) -> Result<Int, SystemError> {
  bytes.withUnsafeMutableBytes { raw in
    Result { () throws(SystemError) -> Int in
      try FileDescriptorIO.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[offset...]))
    }
  }
}

private func lastComponent(_ path: String) -> String {
  guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
  return String(path[path.utf8.index(after: slash)...])
}

/// The canonical form of a path (every symbolic link resolved), or `nil` with `errno` set.
private func resolvedPath(_ path: String) -> String? {
  guard let pointer = realpath(path, nil) else { return nil }
  defer { free(pointer) }
  return String(cString: pointer)
}

private func modificationTime(_ info: stat) -> Int64 {
  #if canImport(Darwin)
    let time = info.st_mtimespec
  #else
    let time = info.st_mtim
  #endif
  return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
}
