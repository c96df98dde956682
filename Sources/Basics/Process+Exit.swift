#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Ends the process with `status`. Output written through `FileDescriptorIO` is unbuffered, so nothing is lost.
public func terminateProcess(_ status: Int32) -> Never {
  exit(status)
}
