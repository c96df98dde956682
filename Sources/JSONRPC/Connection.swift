public import Basics
import Foundation
import Synchronization

/// Receives the messages of a ``Connection`` in arrival order.
public protocol MessageHandler: Sendable {
  /// Handles one request or notification, or a response that matches no request this side is waiting for
  /// (such as an error with `"id": null`).
  ///
  /// - Important: The connection reads the next message only after this returns, so ordering is owned by the
  ///   transport: apply state changes before returning, and start long work in a stored task.
  func handle(_ message: IncomingMessage, on connection: Connection) async
}

/// One JSON-RPC 2.0 peer over a pair of file descriptors with LSP base-protocol framing.
///
/// A dedicated thread reads the input descriptor; ``run(handler:)`` frames and classifies messages in arrival
/// order, answers framing and envelope errors itself, resolves responses to requests sent with
/// ``sendRequest(method:params:as:)``, and hands everything else to the handler. All writes go through one lock,
/// so frames are never interleaved; the output descriptor carries nothing but frames.
///
/// The same type serves both sides: `docent serve` on stdin/stdout, and the test and benchmark clients on pipes.
public final class Connection: Sendable {
  private let input: Int32
  private let output: Int32
  private let maxMessageBytes: Int
  private let logger: Logger
  private let writeLock = Mutex<WriterState>(WriterState())
  private let pending = Mutex<PendingRequests>(PendingRequests())

  private struct WriterState {
    var isBroken = false
  }

  private struct PendingRequests {
    var nextID = 1
    var slots: [RequestID: PendingResponse] = [:]
    var isClosed = false
  }

  /// Creates a connection; nothing is read until ``run(handler:)``.
  ///
  /// - Parameters:
  ///   - input: The descriptor messages arrive on (the connection does not close it).
  ///   - output: The descriptor frames are written to.
  ///   - maxMessageBytes: The largest body accepted; larger ones are answered with -32600 and skipped.
  ///   - logger: Where transport problems are reported.
  public init(input: Int32, output: Int32, maxMessageBytes: Int = 64 * 1024 * 1024, logger: Logger) {
    self.input = input
    self.output = output
    self.maxMessageBytes = maxMessageBytes
    self.logger = logger
  }

  /// Reads and dispatches messages until the input ends.
  ///
  /// - Returns: When the input reached end of file or failed; requests this side sent that are still unanswered
  ///   then fail with ``ConnectionClosedError``.
  public func run(handler: some MessageHandler) async {
    let chunks = AsyncStream<[UInt8]> { continuation in
      let fd = input
      let logger = logger
      let thread = Thread {
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
        defer { buffer.deallocate() }
        while true {
          do {
            let count = try FileDescriptorIO.read(fd, into: buffer)
            if count == 0 { break }
            continuation.yield(Array(buffer[0..<count]))
          } catch {
            logger.error("reading the input failed: \(error)")
            break
          }
        }
        continuation.finish()
      }
      thread.name = "docent-jsonrpc-reader"
      thread.start()
    }

    var framer = MessageFramer(maxMessageBytes: maxMessageBytes)
    for await chunk in chunks {
      framer.append(chunk)
      while let event = framer.next() {
        await dispatch(event, handler: handler)
      }
    }
    if let event = framer.finish() {
      await dispatch(event, handler: handler)
    }
    failPendingRequests()
  }

  private func dispatch(_ event: FramingEvent, handler: some MessageHandler) async {
    switch event {
    case .error(let error):
      if case .malformedHeader(let line) = error {
        // The line is the client's bytes (after a desynchronisation, possibly file text): user content.
        logger.warning("framing: malformed header line: \(content: String(line.prefix(80)))")
      } else {
        logger.warning("framing: \(error)")
      }
      let code: ErrorCode = if case .messageTooLarge = error { .invalidRequest } else { .parseError }
      send(error: ResponseError(code: code, message: error.description), id: nil)
    case .message(let bytes):
      let message: IncomingMessage
      do {
        message = try IncomingMessage(body: Data(bytes))
      } catch {
        logger.warning("rejected message: \(error.error.message)")
        send(error: error.error, id: error.id)
        return
      }
      if case .response(let id?, _) = message.kind, resolve(id: id, with: message) {
        return
      }
      await handler.handle(message, on: self)
    }
  }

  // MARK: Writing

  /// Sends a successful response.
  public func send(result: some Encodable, id: RequestID) {
    write(OutgoingResponse(id: id, result: result, error: nil))
  }

  /// Sends an error response; `id` is `nil` (`"id": null`) when the request's id could not be read.
  public func send(error: ResponseError, id: RequestID?) {
    write(OutgoingResponse<JSONValue>(id: id, result: nil, error: error))
  }

  /// Sends a notification.
  public func sendNotification(method: String, params: some Encodable) {
    write(OutgoingRequest(id: nil, method: method, params: params))
  }

  /// Sends a request and waits for its response.
  ///
  /// - Returns: The decoded `result`.
  /// - Throws: The peer's ``ResponseError``, ``ConnectionClosedError`` if the input ends first, a `DecodingError` if
  ///   the result does not decode as `R`, or `CancellationError` (the response is then ignored when it comes).
  public func sendRequest<R: Decodable & Sendable>(
    method: String, params: some Encodable, as resultType: R.Type
  ) async throws -> R {
    try await startRequest(method: method, params: params).result(as: R.self)
  }

  /// Sends a request now and returns a handle to await its response later; the id is known at once.
  public func startRequest(method: String, params: some Encodable) -> PendingResponse {
    let slot = pending.withLock { state -> PendingResponse in
      defer { state.nextID += 1 }
      let slot = PendingResponse(id: .number(state.nextID))
      if state.isClosed {
        slot.resolve(.failure(ConnectionClosedError()))
      } else {
        state.slots[slot.id] = slot
      }
      return slot
    }
    write(OutgoingRequest(id: slot.id, method: method, params: params))
    return slot
  }

  /// Resumes the request waiting for `id`; returns `false` when none is.
  private func resolve(id: RequestID, with message: IncomingMessage) -> Bool {
    guard let slot = pending.withLock({ $0.slots.removeValue(forKey: id) }) else { return false }
    slot.resolve(.success(message))
    return true
  }

  private func failPendingRequests() {
    let slots = pending.withLock { state in
      state.isClosed = true
      defer { state.slots = [:] }
      return Array(state.slots.values)
    }
    for slot in slots { slot.resolve(.failure(ConnectionClosedError())) }
  }

  private func write(_ message: some Encodable) {
    let body: Data
    do {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.withoutEscapingSlashes]
      body = try encoder.encode(message)
    } catch {
      logger.error("could not encode an outgoing message: \(error)")
      if let response = message as? any IdentifiedResponse {
        write(OutgoingResponse<JSONValue>(
          id: response.responseID, result: nil,
          error: .internalError("the response could not be encoded: \(error)")))
      }
      return
    }
    let frame = framed(body)
    writeLock.withLock { state in
      guard !state.isBroken else { return }
      do {
        try frame.withUnsafeBytes { try FileDescriptorIO.writeAll(output, $0) }
      } catch {
        state.isBroken = true
        logger.warning("the peer stopped reading: \(error)")
      }
    }
  }
}

/// The response to a request sent with ``Connection/startRequest(method:params:)``, awaited at leisure.
public final class PendingResponse: Sendable {
  private enum State {
    case waiting(CheckedContinuation<IncomingMessage, any Error>?)
    case done(Result<IncomingMessage, any Error>)
  }

  /// The request's id.
  public let id: RequestID
  private let state = Mutex(State.waiting(nil))

  init(id: RequestID) { self.id = id }

  fileprivate func resolve(_ result: Result<IncomingMessage, any Error>) {
    let continuation = state.withLock { state -> CheckedContinuation<IncomingMessage, any Error>? in
      guard case .waiting(let continuation) = state else { return nil }
      state = .done(result)
      return continuation
    }
    continuation?.resume(with: result)
  }

  /// Waits for the response and decodes its `result` as `R`.
  ///
  /// - Throws: The peer's ``ResponseError``, ``ConnectionClosedError``, a `DecodingError`, or `CancellationError`
  ///   when the waiting task is cancelled (the response is then ignored).
  public func result<R: Decodable>(as type: R.Type) async throws -> R {
    let message = try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<IncomingMessage, any Error>) in
        let ready = state.withLock { state -> Result<IncomingMessage, any Error>? in
          switch state {
          case .done(let result): return result
          case .waiting:
            state = .waiting(continuation)
            return nil
          }
        }
        if let ready { continuation.resume(with: ready) }
      }
    } onCancel: {
      resolve(.failure(CancellationError()))
    }
    if case .response(_, let error?) = message.kind { throw error }
    return try message.decodeResult(R.self)
  }
}

/// The input ended before a response arrived.
public struct ConnectionClosedError: Error, CustomStringConvertible, Sendable {
  public init() {}
  public var description: String { "the connection closed before the response arrived" }
}

private protocol IdentifiedResponse {
  var responseID: RequestID? { get }
}

private struct OutgoingResponse<R: Encodable>: Encodable, IdentifiedResponse {
  var id: RequestID?
  var result: R?
  var error: ResponseError?

  var responseID: RequestID? { id }

  enum CodingKeys: String, CodingKey { case jsonrpc, id, result, error }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode("2.0", forKey: .jsonrpc)
    if let id { try container.encode(id, forKey: .id) } else { try container.encodeNil(forKey: .id) }
    if let error {
      try container.encode(error, forKey: .error)
    } else if let result {
      try container.encode(result, forKey: .result)
    } else {
      try container.encodeNil(forKey: .result)
    }
  }
}

private struct OutgoingRequest<P: Encodable>: Encodable {
  var id: RequestID?
  var method: String
  var params: P

  enum CodingKeys: String, CodingKey { case jsonrpc, id, method, params }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode("2.0", forKey: .jsonrpc)
    if let id { try container.encode(id, forKey: .id) }
    try container.encode(method, forKey: .method)
    try container.encode(params, forKey: .params)
  }
}
