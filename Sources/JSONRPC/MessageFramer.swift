// The LSP base protocol's framing: `Content-Length: N\r\n` (other headers such as `Content-Type` tolerated),
// a blank line, then exactly N bytes of body. This type is pure: bytes in, bodies and framing errors out, so the
// fuzzer and the unit tests drive it without a pipe.

/// Why a run of bytes could not be framed into a message.
public enum FramingError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A header block had no `Content-Length` header (or an unparseable one); the framer resynchronises at the
  /// next `Content-Length`.
  case missingContentLength
  /// A header block exceeded ``MessageFramer/maxHeaderBytes`` without ending; its bytes were discarded.
  case headerTooLong
  /// A header line was not `Name: value`.
  case malformedHeader(String)
  /// The announced body is larger than the limit; its bytes are skipped as they arrive, never stored.
  case messageTooLarge(byteCount: Int, limit: Int)
  /// The input ended inside a message.
  case truncated(expected: Int, received: Int)

  public var description: String {
    switch self {
    case .missingContentLength: "message header has no valid Content-Length"
    case .headerTooLong: "message header is too long"
    case .malformedHeader(let line): "malformed header line: \(line.prefix(80))"
    case .messageTooLarge(let count, let limit):
      "message of \(count) bytes exceeds the limit of \(limit) bytes (see --max-message-bytes)"
    case .truncated(let expected, let received): "input ended after \(received) of \(expected) body bytes"
    }
  }
}

/// What the framer produced from the bytes so far.
public enum FramingEvent: Hashable, Sendable {
  /// A complete message body.
  case message([UInt8])
  /// Bytes that could not be framed; the framer has already recovered and continues with the next message.
  case error(FramingError)
}

/// An incremental splitter of a byte stream into LSP base-protocol messages.
///
/// Feed bytes with ``append(_:)`` in any chunking and pull events with ``next()`` until it returns `nil`.
/// Oversized bodies are skipped without being buffered; a header block without `Content-Length` is reported and
/// the framer resynchronises at the next `Content-Length` header.
///
/// Both `\r\n` and bare `\n` line endings are accepted in headers.
public struct MessageFramer: Sendable {
  /// The largest header block accepted, in bytes.
  public static let maxHeaderBytes = 16 * 1024

  /// The largest message body accepted, in bytes.
  public let maxMessageBytes: Int

  private enum State: Sendable {
    /// Waiting for a complete header block.
    case headers
    /// Waiting for `byteCount` body bytes.
    case body(byteCount: Int)
    /// Discarding `remaining` bytes of an oversized body.
    case skipping(remaining: Int)
    /// Discarding bytes until the next `Content-Length` header.
    case resynchronizing
  }

  private var buffer: [UInt8] = []
  /// Index of the first unconsumed byte of `buffer`.
  private var start = 0
  private var state = State.headers

  /// Creates a framer.
  ///
  /// - Parameter maxMessageBytes: The largest body accepted; larger ones are skipped and reported.
  public init(maxMessageBytes: Int = 64 * 1024 * 1024) {
    self.maxMessageBytes = maxMessageBytes
  }

  /// Whether bytes of an unfinished message are buffered.
  public var hasPartialMessage: Bool {
    switch state {
    case .headers, .resynchronizing: return buffer[start...].contains { $0 != cr && $0 != lf }
    case .body, .skipping: return true
    }
  }

  /// Adds bytes read from the stream.
  public mutating func append(_ bytes: some Collection<UInt8>) {
    if case .skipping(let remaining) = state, buffer.count == start {
      // Drop skipped bytes on arrival so an oversized body is never stored.
      let dropped = min(remaining, bytes.count)
      state = remaining - dropped == 0 ? .headers : .skipping(remaining: remaining - dropped)
      if dropped < bytes.count { buffer.append(contentsOf: bytes.dropFirst(dropped)) }
      return
    }
    if start > 0 && start >= buffer.count / 2 {
      buffer.removeSubrange(0..<start)
      start = 0
    }
    buffer.append(contentsOf: bytes)
  }

  /// Reports the end of input: a message cut short becomes a ``FramingError/truncated(expected:received:)``.
  public mutating func finish() -> FramingEvent? {
    defer {
      buffer = []
      start = 0
      state = .headers
    }
    switch state {
    case .body(let byteCount):
      return .error(.truncated(expected: byteCount, received: buffer.count - start))
    case .skipping:
      return nil  // already reported as too large
    case .headers, .resynchronizing:
      return nil
    }
  }

  /// Returns the next event the buffered bytes allow, or `nil` when more bytes are needed.
  public mutating func next() -> FramingEvent? {
    while true {
      switch state {
      case .skipping(let remaining):
        let available = buffer.count - start
        let dropped = min(remaining, available)
        start += dropped
        if dropped < remaining {
          state = .skipping(remaining: remaining - dropped)
          return nil
        }
        state = .headers

      case .body(let byteCount):
        guard buffer.count - start >= byteCount else {
          buffer.reserveCapacity(start + byteCount)
          return nil
        }
        let body = Array(buffer[start..<(start + byteCount)])
        start += byteCount
        state = .headers
        return .message(body)

      case .resynchronizing:
        if let found = findContentLength(from: start) {
          start = found
          state = .headers
        } else {
          // Keep a tail that might be the beginning of a split "Content-Length".
          start = max(start, buffer.count - contentLengthName.count)
          return nil
        }

      case .headers:
        // Blank lines between messages are tolerated.
        while start < buffer.count && (buffer[start] == cr || buffer[start] == lf) { start += 1 }
        guard let (headerEnd, bodyStart) = findHeaderEnd(from: start) else {
          if buffer.count - start > Self.maxHeaderBytes {
            // Look for the next header after the first byte of this one (a later message may already be here).
            start += 1
            state = .resynchronizing
            return .error(.headerTooLong)
          }
          return nil
        }
        let result = parseHeaders(buffer[start..<headerEnd])
        start = bodyStart
        switch result {
        case .success(let byteCount):
          if byteCount > maxMessageBytes {
            state = .skipping(remaining: byteCount)
            return .error(.messageTooLarge(byteCount: byteCount, limit: maxMessageBytes))
          }
          state = .body(byteCount: byteCount)
        case .failure(let error):
          state = .resynchronizing
          return .error(error)
        }
      }
    }
  }

  /// Finds the blank line ending a header block: returns the end of the last header line and the body start.
  private func findHeaderEnd(from index: Int) -> (Int, Int)? {
    var i = index
    let limit = min(buffer.count, index + Self.maxHeaderBytes + 4)
    while i < limit {
      if buffer[i] == lf {
        // "\n\n" or "\n\r\n" ends the block.
        if i + 1 < buffer.count && buffer[i + 1] == lf { return (i, i + 2) }
        if i + 2 < buffer.count && buffer[i + 1] == cr && buffer[i + 2] == lf { return (i, i + 3) }
      }
      i += 1
    }
    return nil
  }

  private func parseHeaders(_ bytes: ArraySlice<UInt8>) -> Result<Int, FramingError> {
    var contentLength: Int?
    for rawLine in bytes.split(separator: lf, omittingEmptySubsequences: true) {
      var line = rawLine
      if line.last == cr { line = line.dropLast() }
      if line.isEmpty { continue }
      guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
        return .failure(.malformedHeader(String(decoding: line, as: UTF8.self)))
      }
      let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
        .trimmingASCIISpaces().lowercased()
      let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCIISpaces()
      if name == "content-length" {
        guard let length = parseLength(value) else { return .failure(.missingContentLength) }
        contentLength = length
      }
      // Content-Type and unknown headers are tolerated and ignored.
    }
    guard let contentLength else { return .failure(.missingContentLength) }
    return .success(contentLength)
  }

  /// Parses a non-negative decimal length, saturating far above any limit instead of overflowing.
  private func parseLength(_ text: String) -> Int? {
    guard !text.isEmpty, text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
      return text.utf8.count > 19 && text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? Int.max : nil
    }
    return Int(text)
  }

  private func findContentLength(from index: Int) -> Int? {
    let name = contentLengthName
    guard buffer.count >= name.count else { return nil }
    var i = index
    while i + name.count <= buffer.count {
      var matches = true
      for j in 0..<name.count where lowercasedASCII(buffer[i + j]) != name[j] {
        matches = false
        break
      }
      if matches { return i }
      i += 1
    }
    return nil
  }
}

private let cr = UInt8(ascii: "\r")
private let lf = UInt8(ascii: "\n")
private let contentLengthName = Array("content-length".utf8)

@inline(__always)
private func lowercasedASCII(_ byte: UInt8) -> UInt8 {
  byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
}

extension String {
  fileprivate func trimmingASCIISpaces() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}

/// Frames a body for the wire: `Content-Length` header, blank line, body.
public func framed(_ body: some Collection<UInt8>) -> [UInt8] {
  var bytes = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
  bytes.append(contentsOf: body)
  return bytes
}
