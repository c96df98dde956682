/// Conversion between `file:` URIs and absolute paths; every other scheme is refused.
public enum FileURI {
  /// The absolute path a `file:` URI names, percent-decoded and lexically normalised (`.` and `..` resolved).
  ///
  /// Accepts `file:///path` and `file://localhost/path`; the scheme is case-insensitive.
  ///
  /// - Throws: ``WorkspaceError`` with ``WorkspaceError/Code/unsupportedURI`` for other schemes, a remote host, a
  ///   relative path, malformed percent escapes, or NUL bytes.
  public static func path(from uri: String) throws(WorkspaceError) -> String {
    guard let colon = uri.firstIndex(of: ":") else {
      throw WorkspaceError(.unsupportedURI, "'\(uri.prefix(200))' is not a URI; expected file:///absolute/path")
    }
    let scheme = uri[..<colon].lowercased()
    guard scheme == "file" else {
      throw WorkspaceError(
        .unsupportedURI, "only file: URIs are supported, not '\(scheme):' (\(uri.prefix(200)))")
    }
    var rest = uri[uri.index(after: colon)...]
    guard rest.hasPrefix("//") else {
      throw WorkspaceError(.unsupportedURI, "'\(uri.prefix(200))' has no authority; expected file:///absolute/path")
    }
    rest = rest.dropFirst(2)
    let slash = rest.firstIndex(of: "/") ?? rest.endIndex
    let host = rest[..<slash]
    guard host.isEmpty || host.lowercased() == "localhost" else {
      throw WorkspaceError(.unsupportedURI, "remote file URIs are not supported (host '\(host.prefix(100))')")
    }
    var encodedPath = rest[slash...]
    // Query and fragment are not part of a file path.
    if let end = encodedPath.firstIndex(where: { $0 == "?" || $0 == "#" }) { encodedPath = encodedPath[..<end] }
    guard encodedPath.hasPrefix("/") else {
      throw WorkspaceError(.unsupportedURI, "'\(uri.prefix(200))' does not name an absolute path")
    }
    guard let decoded = percentDecoded(encodedPath) else {
      throw WorkspaceError(.unsupportedURI, "'\(uri.prefix(200))' has malformed percent escapes")
    }
    guard !decoded.utf8.contains(0) else {
      throw WorkspaceError(.unsupportedURI, "file URIs must not contain NUL bytes")
    }
    return normalizedPath(decoded)
  }

  /// The `file:` URI of an absolute path, percent-encoding everything outside RFC 3986's unreserved set and `/`.
  public static func uri(fromPath path: String) -> String {
    // Bytes, then one String: appending scalar by scalar costs more than the search that produced the path.
    var bytes: [UInt8] = Array("file://".utf8)
    bytes.reserveCapacity(bytes.count + path.utf8.count + 16)
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in path.utf8 {
      if isUnreservedOrSlash(byte) {
        bytes.append(byte)
      } else {
        bytes.append(UInt8(ascii: "%"))
        bytes.append(hex[Int(byte >> 4)])
        bytes.append(hex[Int(byte & 0x0F)])
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Resolves `.`, `..` and repeated slashes without touching the file system; `..` never climbs above `/`.
  public static func normalizedPath(_ path: String) -> String {
    var components: [Substring] = []
    for component in path.split(separator: "/", omittingEmptySubsequences: true) {
      switch component {
      case ".": continue
      case "..": if !components.isEmpty { components.removeLast() }
      default: components.append(component)
      }
    }
    return "/" + components.joined(separator: "/")
  }

  private static func percentDecoded(_ text: Substring) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var iterator = text.utf8.makeIterator()
    while let byte = iterator.next() {
      if byte == UInt8(ascii: "%") {
        guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
          return nil
        }
        bytes.append(high << 4 | low)
      } else {
        bytes.append(byte)
      }
    }
    // Paths are bytes on Linux, but a path that is not UTF-8 cannot be named in JSON anyway.
    return String(validating: bytes, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }

  private static func isUnreservedOrSlash(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
      UInt8(ascii: "~"), UInt8(ascii: "/"):
      true
    default: false
    }
  }

}
