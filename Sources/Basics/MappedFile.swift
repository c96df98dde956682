// Read-only memory-mapped files: model weights are used in place, never copied into the heap.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The bytes of a file mapped read-only into memory, or of an in-memory buffer with the same interface.
///
/// Readers of untrusted formats (GGUF, safetensors) take a `MappedFile` rather than a path, so a fuzz target or
/// a test can hand them bytes directly with ``init(bytes:)``. The mapping lives as long as the object; views
/// into ``bytes`` must not outlive it.
///
/// `@unchecked Sendable`: the mapping is read-only and never changes after `init`, so concurrent reads are safe.
public final class MappedFile: @unchecked Sendable {
  /// The file's bytes.
  public let bytes: UnsafeRawBufferPointer
  /// Where the bytes came from, for messages: the file's path, or `"<memory>"`.
  public let name: String
  private let isMapped: Bool

  /// The number of bytes.
  public var byteCount: Int { bytes.count }

  /// Maps the file at `path` read-only.
  ///
  /// - Throws: ``SystemError`` when the file cannot be opened, is not a regular file, or cannot be mapped.
  public init(path: String) throws(SystemError) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw SystemError("open") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw SystemError("fstat") }
    guard (info.st_mode & S_IFMT) == S_IFREG else { throw SystemError("open", code: EINVAL) }
    let count = Int(info.st_size)
    name = path
    if count == 0 {
      // mmap refuses empty lengths; an empty file is an empty buffer.
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      isMapped = false
      return
    }
    guard let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
      throw SystemError("mmap")
    }
    bytes = UnsafeRawBufferPointer(start: address, count: count)
    isMapped = true
  }

  /// Copies `bytes` into memory owned by the object (for tests and fuzz targets).
  public init(bytes source: [UInt8], name: String = "<memory>") {
    self.name = name
    isMapped = false
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(source.count, 1), alignment: 64)
    source.withUnsafeBytes { buffer.copyMemory(from: $0) }
    bytes = UnsafeRawBufferPointer(start: buffer.baseAddress, count: source.count)
  }

  deinit {
    guard let base = bytes.baseAddress else { return }
    if isMapped {
      munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
    } else {
      UnsafeMutableRawPointer(mutating: base).deallocate()
    }
  }
}
