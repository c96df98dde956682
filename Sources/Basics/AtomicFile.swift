// Atomic whole-file replacement: readers see the old file or the new one, never a mix, even across a crash.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Replaces files atomically and reads whole files.
///
/// ``AtomicFile/write(to:_:)`` writes into a temporary file in the destination's directory (so the rename stays
/// on one file system), flushes it with `fsync`, renames it over the destination and then flushes the directory,
/// so the rename itself is durable. If anything fails before the rename, the temporary file is removed and the
/// destination is untouched.
public enum AtomicFile {
  /// The sink a writer closure appends to; each call goes straight to the temporary file.
  public struct Output: ~Copyable {
    fileprivate let fd: Int32
    /// Bytes written so far.
    public private(set) var byteCount = 0

    fileprivate init(fd: Int32) { self.fd = fd }

    /// Appends bytes to the temporary file.
    ///
    /// - Throws: ``SystemError`` when the write fails (for example, the disk is full).
    public mutating func write(_ bytes: [UInt8]) throws(SystemError) {
      let result = bytes.withUnsafeBytes { raw in
        Result { () throws(SystemError) in try FileDescriptorIO.writeAll(fd, raw) }
      }
      try result.get()
      byteCount += bytes.count
    }
  }

  /// Atomically replaces (or creates) the file at `path` with what `body` writes.
  ///
  /// - Parameters:
  ///   - path: The destination; its directory must exist and be writable.
  ///   - body: Writes the new contents to the output. If it throws, the destination is left as it was.
  /// - Throws: ``SystemError`` for a failing system call, or whatever `body` throws.
  public static func write(to path: String, _ body: (inout Output) throws -> Void) throws {
    let directory = directoryPart(of: path)
    let name = path.split(separator: "/").last.map(String.init) ?? path
    removeAbandonedTemporaryFiles(directory: directory, name: name)
    var random = SystemRandomNumberGenerator()
    let temporaryPath = "\(directory)/.\(name).tmp-\(getpid())-\(String(random.next() as UInt32, radix: 16))"
    let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw SystemError("open") }
    var output = Output(fd: fd)
    do {
      try body(&output)
      guard fsync(fd) == 0 else { throw SystemError("fsync") }
    } catch {
      close(fd)
      unlink(temporaryPath)
      throw error
    }
    guard close(fd) == 0 else {
      let failure = SystemError("close")
      unlink(temporaryPath)
      throw failure
    }
    guard rename(temporaryPath, path) == 0 else {
      let failure = SystemError("rename")
      unlink(temporaryPath)
      throw failure
    }
    // Flush the directory entry so the rename survives a crash.
    let directoryFD = open(directory, O_RDONLY | O_CLOEXEC)
    if directoryFD >= 0 {
      _ = fsync(directoryFD)
      close(directoryFD)
    }
  }

  /// Deletes the temporary files that writers of `directory/name` which no longer run left behind.
  ///
  /// A process killed during ``write(to:_:)`` (SIGKILL, power loss) leaves its `.NAME.tmp-PID-RANDOM` file: the
  /// destination is intact, but without this sweep every such kill would leave one more file of the full size. A
  /// file whose PID names a running process is kept (it may be that process's write in progress; a reused PID
  /// only delays the sweep until that process ends).
  static func removeAbandonedTemporaryFiles(directory: String, name: String) {
    guard let stream = opendir(directory) else { return }
    defer { closedir(stream) }
    let prefix = ".\(name).tmp-"
    var abandoned: [String] = []
    while let entry = readdir(stream) {
      let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard entryName.hasPrefix(prefix) else { continue }
      let rest = entryName.dropFirst(prefix.count)
      guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
      if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH { abandoned.append(entryName) }
    }
    for entryName in abandoned { unlink("\(directory)/\(entryName)") }
  }

  /// Atomically replaces (or creates) the file at `path` with `bytes`.
  ///
  /// - Throws: ``SystemError`` for a failing system call; the destination is then unchanged.
  public static func write(_ bytes: [UInt8], to path: String) throws {
    try write(to: path) { output in try output.write(bytes) }
  }

  /// Reads a whole file with one allocation sized from `fstat`.
  ///
  /// - Throws: ``SystemError`` when the file cannot be opened or read.
  /// - Complexity: O(*n*) in the file size.
  public static func contents(atPath path: String) throws(SystemError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw SystemError("open") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw SystemError("fstat") }
    var size = Int(info.st_size)
    var bytes = [UInt8](repeating: 0, count: max(size, 0))
    var filled = 0
    while true {
      if filled == bytes.count {  // the file grew, or st_size was 0 for a special file
        size = max(bytes.count * 2, 4096)
        bytes.append(contentsOf: repeatElement(0, count: size - bytes.count))
      }
      let result = bytes.withUnsafeMutableBytes { raw in
        Result { () throws(SystemError) -> Int in
          try FileDescriptorIO.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
        }
      }
      let n = try result.get()
      if n == 0 { break }
      filled += n
    }
    bytes.removeSubrange(filled...)
    return bytes
  }

  static func directoryPart(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let directory = String(path[..<slash])
    return directory.isEmpty ? "/" : directory
  }
}
