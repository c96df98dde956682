// Blocking reads and writes on raw file descriptors, retrying on EINTR and short writes.
// The transport runs its blocking reads on a dedicated thread, never on the cooperative pool.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An error from a system call, with its `errno`.
public struct SystemError: Error, CustomStringConvertible, Sendable {
  /// The failing call, such as `"read"`.
  public let operation: String
  /// The `errno` value.
  public let code: Int32

  public init(_ operation: String, code: Int32) {
    self.operation = operation
    self.code = code
  }

  /// Captures the current `errno` for `operation`.
  public init(_ operation: String) {
    self.init(operation, code: errno)
  }

  public var description: String { "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))" }
}

/// Blocking I/O on a file descriptor the caller owns.
public enum FileDescriptorIO {
  /// Reads up to `buffer.count` bytes.
  ///
  /// - Returns: The number of bytes read; `0` at end of file.
  /// - Throws: ``SystemError`` for failures other than `EINTR`.
  public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
    while true {
      #if canImport(Glibc)
        let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
      #else
        let count = Darwin.read(fd, buffer.baseAddress, buffer.count)
      #endif
      if count >= 0 { return count }
      if errno == EINTR { continue }
      throw SystemError("read")
    }
  }

  /// Writes all of `bytes`, retrying short writes.
  ///
  /// - Throws: ``SystemError`` when the descriptor fails (for example `EPIPE` after the peer has gone).
  public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) {
    var offset = 0
    while offset < bytes.count {
      #if canImport(Glibc)
        let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
      #else
        let written = Darwin.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
      #endif
      if written < 0 {
        if errno == EINTR { continue }
        throw SystemError("write")
      }
      offset += written
    }
  }

  /// Closes `fd`, ignoring errors.
  public static func close(_ fd: Int32) {
    #if canImport(Glibc)
      _ = Glibc.close(fd)
    #else
      _ = Darwin.close(fd)
    #endif
  }

  /// Makes writes to a closed pipe fail with `EPIPE` instead of killing the process.
  public static func ignoreBrokenPipeSignal() {
    signal(SIGPIPE, SIG_IGN)
  }
}
