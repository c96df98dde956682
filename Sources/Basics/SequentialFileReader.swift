// Front-to-back reading of a file in pieces of exact sizes, for formats read one section at a time.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file from start to end in pieces of exact sizes, each into an array of exactly that size.
///
/// A reader of a sectioned format holds one section at a time instead of the whole file. The size is taken when
/// the file is opened; ``read(_:)`` never allocates more than what remains of it, so a length read from a damaged
/// file cannot force a huge allocation.
public struct SequentialFileReader: ~Copyable {
  private let fd: Int32
  /// The file's size in bytes when it was opened.
  public let byteCount: Int
  /// Bytes read so far.
  public private(set) var offset = 0

  /// Opens the file at `path` for reading.
  ///
  /// - Throws: ``SystemError`` when it cannot be opened or its size read.
  public init(path: String) throws(SystemError) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw SystemError("open") }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let failure = SystemError("fstat")
      close(fd)
      throw failure
    }
    self.fd = fd
    self.byteCount = Int(info.st_size)
  }

  deinit { close(fd) }

  /// Bytes not read yet.
  public var remainingByteCount: Int { byteCount - offset }

  /// Reads the next `count` bytes.
  ///
  /// - Returns: The bytes, or `nil` when fewer than `count` remain (the file is shorter than it was, or `count`
  ///   is negative); the position is then unspecified.
  /// - Throws: ``SystemError`` when a read fails.
  public mutating func read(_ count: Int) throws(SystemError) -> [UInt8]? {
    guard count >= 0, count <= remainingByteCount else { return nil }
    var filled = 0
    var failure: SystemError?
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      while filled < count {
        do throws(SystemError) {
          let n = try FileDescriptorIO.read(
            fd, into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[filled...])))
          if n == 0 { break }
          filled += n
        } catch {
          failure = error
          break
        }
      }
      if filled < count {  // never expose uninitialized bytes
        buffer.baseAddress.map { ($0 + filled).initialize(repeating: 0, count: count - filled) }
      }
      initialized = count
    }
    if let failure { throw failure }
    offset += filled
    return filled == count ? bytes : nil
  }
}
