import Foundation
import JSONRPC
import LSP

/// The transport's readers: framing, message classification, params decoding.
enum FuzzJSONRPC {
  /// The client messages the server decodes, by method.
  static let messageTypes: [String: any MessageType.Type] = {
    var types: [String: any MessageType.Type] = [:]
    for type in MessageRegistry.clientRequests { types[type.method] = type }
    for type in MessageRegistry.clientNotifications { types[type.method] = type }
    return types
  }()

  /// Frames the input twice, whole and in pieces whose sizes come from the input itself: both must give the same
  /// events (framing does not depend on how reads split the stream). Every framed body is then classified and,
  /// for a known method, its params decoded as the server would.
  static func run(_ bytes: [UInt8]) {
    // A small limit, so the too-large path (skip the body, resynchronize) is reached by small inputs.
    let limit = 512
    var whole = MessageFramer(maxMessageBytes: limit)
    whole.append(bytes)
    var expected = events(&whole)
    if let last = whole.finish() { expected.append(last) }

    var pieces = MessageFramer(maxMessageBytes: limit)
    var received: [FramingEvent] = []
    var offset = 0
    var step = 0
    while offset < bytes.count {
      // Piece lengths 1...16 derived from the bytes themselves, so the split is reproducible from the input.
      let length = min(bytes.count - offset, Int(bytes[step % bytes.count] & 0x0F) + 1)
      pieces.append(bytes[offset..<offset + length])
      received += events(&pieces)
      offset += length
      step += 1
    }
    if let last = pieces.finish() { received.append(last) }
    require(expected == received, "framing whole (\(expected.count) events) and in pieces (\(received.count)) differ")

    for case .message(let body) in expected {
      require(body.count <= limit, "a body of \(body.count) bytes passed the limit of \(limit)")
      decode(body)
    }
  }

  static func events(_ framer: inout MessageFramer) -> [FramingEvent] {
    var events: [FramingEvent] = []
    while let event = framer.next() { events.append(event) }
    return events
  }

  /// Classifies one body and decodes its params by method (errors are answers; only traps are failures).
  static func decode(_ body: [UInt8]) {
    guard let message = try? IncomingMessage(body: Data(body)) else { return }
    switch message.kind {
    case .request(_, let method), .notification(let method):
      if let type = messageTypes[method] { _ = try? message.decodeParams(type) }
    case .response:
      _ = try? message.decodeResult(JSONValue.self)
    }
  }
}
