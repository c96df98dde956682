import Basics
import Foundation
import JSONRPC
import Testing
import TestSupport

/// Two ``Connection``s joined by pipes.
@Suite struct ConnectionTests {
  struct Echo: MessageHandler {
    func handle(_ message: IncomingMessage, on connection: Connection) async {
      if case .request(let id, let method) = message.kind {
        if method == "fail" {
          connection.send(error: .requestFailed("no", reason: "test"), id: id)
        } else {
          connection.send(result: JSONValue.string(method), id: id)
        }
      }
    }
  }

  struct Ignore: MessageHandler {
    func handle(_ message: IncomingMessage, on connection: Connection) async {}
  }

  @Test func requestsInBothDirectionsAreMatchedByID() async throws {
    let aToB = Pipe()
    let bToA = Pipe()
    let logger = Logger(level: .off)
    let a = Connection(
      input: bToA.fileHandleForReading.fileDescriptor, output: aToB.fileHandleForWriting.fileDescriptor, logger: logger)
    let b = Connection(
      input: aToB.fileHandleForReading.fileDescriptor, output: bToA.fileHandleForWriting.fileDescriptor, logger: logger)
    let readerA = Task { await a.run(handler: Echo()) }
    let readerB = Task { await b.run(handler: Echo()) }

    try await withTimeout(.seconds(30), "500 concurrent requests each way") {
      try await withThrowingTaskGroup(of: Void.self) { group in
        for index in 0..<500 {
          group.addTask {
            let fromA = try await a.sendRequest(method: "m\(index)", params: JSONValue.null, as: JSONValue.self)
            #expect(fromA == .string("m\(index)"))
          }
          group.addTask {
            let fromB = try await b.sendRequest(method: "n\(index)", params: JSONValue.null, as: JSONValue.self)
            #expect(fromB == .string("n\(index)"))
          }
        }
        try await group.waitForAll()
      }
    }
    await #expect(throws: ResponseError.self) {
      _ = try await a.sendRequest(method: "fail", params: JSONValue.null, as: JSONValue.self)
    }
    try aToB.fileHandleForWriting.close()
    try bToA.fileHandleForWriting.close()
    await readerA.value
    await readerB.value
  }

  @Test func pendingRequestsFailWhenTheInputEnds() async throws {
    let aToB = Pipe()
    let bToA = Pipe()
    let a = Connection(
      input: bToA.fileHandleForReading.fileDescriptor, output: aToB.fileHandleForWriting.fileDescriptor,
      logger: Logger(level: .off))
    let reader = Task { await a.run(handler: Ignore()) }
    let request = Task { try await a.sendRequest(method: "never", params: JSONValue.null, as: JSONValue.self) }
    // Wait until the request has been written, then end the input.
    _ = try await withTimeout(.seconds(10), "the request bytes") {
      try aToB.fileHandleForReading.read(upToCount: 10)
    }
    try bToA.fileHandleForWriting.close()
    await reader.value
    await #expect(throws: ConnectionClosedError.self) { try await request.value }
  }
}
