import JSONRPC
import Testing

@Suite struct MessageFramerTests {
  /// Feeds `input` to a framer in chunks of `chunkSize` and returns every event, then the end-of-input event.
  func events(_ input: [UInt8], chunkSize: Int, limit: Int = 1 << 20) -> [FramingEvent] {
    var framer = MessageFramer(maxMessageBytes: limit)
    var events: [FramingEvent] = []
    var offset = 0
    while offset < input.count {
      framer.append(input[offset..<min(input.count, offset + chunkSize)])
      while let event = framer.next() { events.append(event) }
      offset += chunkSize
    }
    if let event = framer.finish() { events.append(event) }
    return events
  }

  func message(_ text: String) -> FramingEvent { .message(Array(text.utf8)) }

  @Test(arguments: [1, 2, 3, 7, 16, 1000])
  func splitAndMergedReadsYieldTheSameMessages(chunkSize: Int) {
    let input = framed(Array(#"{"a":1}"#.utf8)) + framed(Array(#"{"b":"é😀"}"#.utf8)) + framed([])
    #expect(events(input, chunkSize: chunkSize) == [message(#"{"a":1}"#), message(#"{"b":"é😀"}"#), .message([])])
  }

  @Test func contentTypeAndUnknownHeadersAreTolerated() {
    let input = Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nX-Other: 1\r\ncontent-length: 2\r\n\r\n{}".utf8)
    #expect(events(input, chunkSize: 5) == [message("{}")])
  }

  @Test func headersEndingInBareNewlinesAreAccepted() {
    let input = Array("Content-Length: 2\n\n{}Content-Length: 3\r\n\n[1]".utf8)
    #expect(events(input, chunkSize: 4) == [message("{}"), message("[1]")])
  }

  @Test func missingContentLengthIsReportedAndTheNextMessageStillArrives() {
    let input = Array("Content-Type: x\r\n\r\n{\"lost\":true}".utf8) + framed(Array("{}".utf8))
    #expect(events(input, chunkSize: 3) == [.error(.missingContentLength), message("{}")])
  }

  @Test func nonNumericContentLengthIsReported() {
    let input = Array("Content-Length: ten\r\n\r\n".utf8) + framed(Array("{}".utf8))
    #expect(events(input, chunkSize: 64) == [.error(.missingContentLength), message("{}")])
  }

  @Test func oversizedMessageIsSkippedWithoutBeingStored() {
    let body = Array(repeating: UInt8(ascii: "x"), count: 5000)
    let input = framed(body) + framed(Array("{}".utf8))
    #expect(
      events(input, chunkSize: 100, limit: 1000) == [
        .error(.messageTooLarge(byteCount: 5000, limit: 1000)), message("{}"),
      ])
  }

  @Test func hugeContentLengthNeverAllocates() {
    // 10^12 bytes announced, then the input ends: one error, no truncation report, no allocation.
    let input = Array("Content-Length: 1000000000000\r\n\r\n{}".utf8)
    #expect(events(input, chunkSize: 8) == [.error(.messageTooLarge(byteCount: 1_000_000_000_000, limit: 1 << 20))])
  }

  @Test func absurdlyLongContentLengthSaturates() {
    let input = Array("Content-Length: 99999999999999999999999999\r\n\r\n".utf8)
    #expect(events(input, chunkSize: 8) == [.error(.messageTooLarge(byteCount: Int.max, limit: 1 << 20))])
  }

  @Test func bodyCutShortIsReportedAtEndOfInput() {
    let input = Array("Content-Length: 10\r\n\r\n{\"a\"".utf8)
    #expect(events(input, chunkSize: 3) == [.error(.truncated(expected: 10, received: 4))])
  }

  @Test func endlessHeaderIsDiscarded() {
    let input = Array(repeating: UInt8(ascii: "a"), count: MessageFramer.maxHeaderBytes + 10) + framed(Array("{}".utf8))
    #expect(events(input, chunkSize: 1000) == [.error(.headerTooLong), message("{}")])
  }

  @Test func malformedHeaderLineIsReported() {
    let input = Array("garbage\r\n\r\n".utf8) + framed(Array("{}".utf8))
    #expect(events(input, chunkSize: 7) == [.error(.malformedHeader("garbage")), message("{}")])
  }

  @Test func blankLinesBetweenMessagesAreTolerated() {
    let input = framed(Array("{}".utf8)) + Array("\r\n\r\n".utf8) + framed(Array("[]".utf8))
    #expect(events(input, chunkSize: 2) == [message("{}"), message("[]")])
  }
}
