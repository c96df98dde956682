// Turning generated token bytes into text: whole UTF-8 scalars only, stop sequences cut, and streaming that never
// sends text a stop sequence might still remove.

/// Accumulates the bytes of generated tokens into text, finds stop sequences, and says what may be streamed.
struct TextStream {
  /// The stop sequences as bytes (empty ones dropped).
  private let stops: [[UInt8]]
  /// Valid UTF-8 decoded so far, up to any stop sequence.
  private(set) var bytes: [UInt8] = []
  /// Trailing bytes of an incomplete UTF-8 scalar (a token may end inside a character).
  private var pending: [UInt8] = []
  /// Bytes of ``bytes`` already handed out by ``takeStreamable()``.
  private var streamedCount = 0
  /// Whether a stop sequence was found; ``bytes`` ends right before it.
  private(set) var isStopped = false

  init(stopSequences: [String]) {
    stops = stopSequences.map { Array($0.utf8) }.filter { !$0.isEmpty }
  }

  /// The text so far.
  var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Adds a token's bytes; sets ``isStopped`` when a stop sequence is now complete.
  mutating func append(_ tokenBytes: [UInt8]) {
    guard !isStopped else { return }
    pending += tokenBytes
    let complete = Self.completeScalarPrefix(pending)
    let searchStart = max(0, bytes.count - (stops.map(\.count).max() ?? 0))
    bytes += pending[..<complete]
    pending.removeFirst(complete)
    for stop in stops {
      if let start = Self.firstIndex(of: stop, in: bytes, from: searchStart) {
        bytes.removeSubrange(start...)
        isStopped = true
      }
    }
  }

  /// The text not yet streamed that no stop sequence can still remove (all of it once `final`).
  mutating func takeStreamable(final: Bool = false) -> String {
    var end = bytes.count
    if !final && !isStopped {
      // Hold back the longest tail that is the beginning of a stop sequence.
      for stop in stops {
        for length in stride(from: min(stop.count - 1, bytes.count), to: 0, by: -1)
        where bytes[(bytes.count - length)...].elementsEqual(stop[..<length]) {
          end = min(end, bytes.count - length)
          break
        }
      }
    }
    guard end > streamedCount else { return "" }
    let piece = String(decoding: bytes[streamedCount..<end], as: UTF8.self)
    streamedCount = end
    return piece
  }

  /// The length of the longest prefix of `bytes` that does not end inside a UTF-8 scalar.
  static func completeScalarPrefix(_ bytes: [UInt8]) -> Int {
    // Look back at most 3 bytes for the lead byte of the last scalar.
    var i = bytes.count - 1
    while i >= 0 && i >= bytes.count - 4 {
      let byte = bytes[i]
      if byte & 0xC0 != 0x80 {  // a lead byte (or ASCII)
        let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        return i + length <= bytes.count ? bytes.count : i
      }
      i -= 1
    }
    return bytes.count  // only continuation bytes: invalid anyway, decode them as replacement characters
  }

  private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    var i = start
    while i + needle.count <= haystack.count {
      if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
      i += 1
    }
    return nil
  }
}
