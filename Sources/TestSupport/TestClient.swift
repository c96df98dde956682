public import Basics
public import Foundation
public import JSONRPC
public import LSP
public import Server
import Engine

#if canImport(Glibc)
  import Glibc
#endif

/// A client that behaves like an editor: framed JSON-RPC over pipes to an in-process ``LanguageServer`` or to a
/// `docent serve` child process. It answers the server's requests (progress creation, registrations,
/// configuration), records every notification and unmatched response, and bounds every wait with a timeout.
public final class TestClient: Sendable {
  /// Everything the server sent that was not a response to one of our requests.
  public let inbox = Inbox()
  /// The raw write end towards the server (for malformed input).
  private let toServer: Int32
  private let connection: Connection
  private let readerTask: Task<Void, Never>
  private let serverTask: Task<Int32, Never>?
  private let process: Process?
  private let closed = LockedValue(false)
  /// Settings returned for `workspace/configuration`.
  private let configuration: LockedValue<JSONValue>
  private let exitStatuses: LockedValue<[Int32]>

  /// Creates the client side. The descriptors are duplicated: the connection owns its copies and closes the
  /// reading one only after its reader thread has seen end of input, so a descriptor number can never be reused
  /// (by another test's pipe) while that thread still reads it.
  private init(
    toServer: Int32, fromServer: Int32, serverTask: Task<Int32, Never>?, process: Process?, configuration: JSONValue,
    exitStatuses: LockedValue<[Int32]> = LockedValue([])
  ) {
    let ownedToServer = dup(toServer)
    let ownedFromServer = dup(fromServer)
    self.toServer = ownedToServer
    self.connection = Connection(input: ownedFromServer, output: ownedToServer, logger: Logger(level: .error))
    self.serverTask = serverTask
    self.process = process
    self.configuration = LockedValue(configuration)
    self.exitStatuses = exitStatuses
    let connection = connection
    let handler = Handler(inbox: inbox, configuration: self.configuration)
    readerTask = Task {
      await connection.run(handler: handler)
      FileDescriptorIO.close(ownedFromServer)
    }
  }

  /// Exit statuses the in-process server reported when it received `exit`.
  public var reportedExitStatuses: [Int32] { exitStatuses.value }

  /// Changes what the client answers to `workspace/configuration`.
  public func setConfiguration(_ value: JSONValue) {
    configuration.withLock { $0 = value }
  }

  /// Starts a server in this process, connected through two pipes.
  ///
  /// - Parameters:
  ///   - options: Server options (extra test requests).
  ///   - logLevel: The server's log level (`.off` keeps test output quiet).
  ///   - configuration: What the client answers to `workspace/configuration`.
  public static func inProcess(
    options: LanguageServer.Options = LanguageServer.Options(), logLevel: LogLevel = .off,
    configuration: JSONValue = .null
  ) -> TestClient {
    let clientToServer = Pipe()
    let serverToClient = Pipe()
    let serverInput = clientToServer.fileHandleForReading.fileDescriptor
    let serverOutput = serverToClient.fileHandleForWriting.fileDescriptor
    let statuses = LockedValue<[Int32]>([])
    var options = options
    let previousOnExit = options.onExit
    options.onExit = { status in
      previousOnExit(status)
      statuses.withLock { $0.append(status) }
    }
    let logger = Logger(level: logLevel)
    let serverConnection = Connection(input: serverInput, output: serverOutput, logger: logger)
    let server = LanguageServer(connection: serverConnection, logger: logger, options: options)
    let serverTask = Task {
      let status = await server.run()
      // Keep the pipes alive as long as the server runs.
      withExtendedLifetime((clientToServer, serverToClient)) {}
      try? serverToClient.fileHandleForWriting.close()
      return status
    }
    let client = TestClient(
      toServer: clientToServer.fileHandleForWriting.fileDescriptor,
      fromServer: serverToClient.fileHandleForReading.fileDescriptor, serverTask: serverTask, process: nil,
      configuration: configuration, exitStatuses: statuses)
    // The client holds duplicates; these originals would keep the server from ever seeing end of input.
    try? clientToServer.fileHandleForWriting.close()
    try? serverToClient.fileHandleForReading.close()
    return client
  }

  /// Starts `executable serve` as a child process.
  ///
  /// - Parameters:
  ///   - executable: The `docent` binary.
  ///   - arguments: Extra arguments after `serve`.
  ///   - standardError: Where the server's stderr goes (default: discarded).
  public static func launch(
    executable: String, arguments: [String] = [], standardError: FileHandle? = nil, configuration: JSONValue = .null
  ) throws -> TestClient {
    FileDescriptorIO.ignoreBrokenPipeSignal()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["serve"] + arguments
    let clientToServer = Pipe()
    let serverToClient = Pipe()
    process.standardInput = clientToServer
    process.standardOutput = serverToClient
    process.standardError = standardError ?? FileHandle.nullDevice
    try process.run()
    let client = TestClient(
      toServer: clientToServer.fileHandleForWriting.fileDescriptor,
      fromServer: serverToClient.fileHandleForReading.fileDescriptor, serverTask: nil, process: process,
      configuration: configuration)
    try? clientToServer.fileHandleForWriting.close()
    try? serverToClient.fileHandleForReading.close()
    return client
  }

  /// The child process, when launched.
  public var processIdentifier: Int32? { process?.processIdentifier }

  // MARK: Sending

  /// Sends a request and waits (bounded) for its result.
  ///
  /// - Throws: The server's ``ResponseError``, or ``TimeoutError``.
  @discardableResult
  public func send<R: RequestType>(_ request: R, timeout: Duration = .seconds(30)) async throws -> R.Response {
    let connection = connection
    return try await withTimeout(timeout, "\(R.method)") {
      try await connection.sendRequest(method: R.method, params: request, as: R.Response.self)
    }
  }

  /// Sends a request now and returns a handle whose ``PendingRequest/id`` is known at once.
  public func start<R: RequestType>(_ request: R) -> PendingRequest<R> {
    PendingRequest(response: connection.startRequest(method: R.method, params: request))
  }

  /// Sends a request and returns its result or error.
  public func result<R: RequestType>(
    of request: R, timeout: Duration = .seconds(30)
  ) async throws -> Result<R.Response, ResponseError> {
    do {
      return .success(try await send(request, timeout: timeout))
    } catch let error as ResponseError {
      return .failure(error)
    }
  }

  /// Sends a notification.
  public func send<N: NotificationType>(_ notification: N) {
    connection.sendNotification(method: N.method, params: notification)
  }

  /// Sends raw bytes exactly as given (for malformed input).
  public func sendRaw(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try FileDescriptorIO.writeAll(toServer, $0) }
  }

  /// Sends a framed body exactly as given.
  public func sendFramed(_ body: String) throws {
    try sendRaw(framed(Array(body.utf8)))
  }

  // MARK: Lifecycle helpers

  /// Sends `initialize` for `workspace` (or no root) and then `initialized`.
  ///
  /// Unless the options say otherwise, the index is kept in the workspace (`indexLocation: workspace`), so tests
  /// never write into the user's cache directory, and semantic search is off (`semanticSearch: false`), so a
  /// launched `docent serve` does not load the embedding model for tests that are not about it.
  @discardableResult
  public func initialize(
    workspace: URL?, capabilities: ClientCapabilities = .editor, initializationOptions: JSONValue? = nil
  ) async throws -> InitializeResult {
    var options = initializationOptions?.objectValue ?? [:]
    if options["indexLocation"] == nil && options["docent"] == nil { options["indexLocation"] = "workspace" }
    if options["semanticSearch"] == nil && options["docent"] == nil { options["semanticSearch"] = false }
    let initializationOptions: JSONValue? = initializationOptions == nil || initializationOptions?.objectValue != nil
      ? .object(options) : initializationOptions
    let result = try await send(
      InitializeRequest(
        processId: nil, clientInfo: .init(name: "docent-tests"),
        rootUri: workspace.map { DocumentURI(TestClient.uri(for: $0)) }, capabilities: capabilities,
        initializationOptions: initializationOptions))
    send(InitializedNotification())
    return result
  }

  /// Sends `shutdown` and `exit` and waits for the server to end.
  ///
  /// - Returns: The exit status of the process or of the in-process server.
  @discardableResult
  public func shutdownAndExit() async throws -> Int32? {
    try await send(ShutdownRequest())
    send(ExitNotification())
    return try await close()
  }

  /// Closes the client's end; the server sees end of input and stops.
  ///
  /// - Returns: The server's exit status (for a process, its termination status).
  @discardableResult
  public func close(timeout: Duration = .seconds(30)) async throws -> Int32? {
    let alreadyClosed = closed.withLock { closed in
      defer { closed = true }
      return closed
    }
    if !alreadyClosed { FileDescriptorIO.close(toServer) }
    let readerTask = readerTask
    if let serverTask {
      let status = try await withTimeout(timeout, "the server to stop") { await serverTask.value }
      try await withTimeout(timeout, "the client's reader to see end of input") { await readerTask.value }
      return status
    }
    if let process {
      try await withTimeout(timeout, "the server process to exit") {
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
      }
      try await withTimeout(timeout, "the client's reader to see end of input") { await readerTask.value }
      return process.terminationStatus
    }
    return nil
  }

  /// The `file:` URI of a URL's path.
  public static func uri(for url: URL) -> String {
    DocentEngine.uri(forPath: url.path)
  }

  private struct Handler: MessageHandler {
    let inbox: Inbox
    let configuration: LockedValue<JSONValue>

    func handle(_ message: IncomingMessage, on connection: Connection) async {
      await inbox.append(message)
      guard case .request(let id, let method) = message.kind else { return }
      switch method {
      case ConfigurationRequest.method:
        let request = try? message.decodeParams(ConfigurationRequest.self)
        let value = configuration.value
        connection.send(result: Array(repeating: value, count: request?.items.count ?? 1), id: id)
      default:
        connection.send(result: VoidResponse(), id: id)
      }
    }
  }
}

extension ClientCapabilities {
  /// What a typical editor offers: UTF-16 positions, progress, watchers and configuration.
  public static let editor = ClientCapabilities(
    general: .init(positionEncodings: [.utf16]), window: .init(workDoneProgress: true),
    workspace: .init(workspaceFolders: true, configuration: true, didChangeWatchedFiles: .init(dynamicRegistration: true)))
}

/// The messages a ``TestClient`` received that were not answers to its requests, with waits for new ones.
public actor Inbox {
  private struct Waiter {
    var predicate: @Sendable (IncomingMessage) -> Bool
    var continuation: CheckedContinuation<IncomingMessage, any Error>
  }

  public private(set) var messages: [IncomingMessage] = []
  private var waiters: [Int: Waiter] = [:]
  private var nextWaiterID = 0

  func append(_ message: IncomingMessage) {
    messages.append(message)
    for (id, waiter) in waiters where waiter.predicate(message) {
      waiters[id] = nil
      waiter.continuation.resume(returning: message)
    }
  }

  /// The first message (already received or still to come) that matches `predicate`.
  ///
  /// - Throws: `CancellationError` when the waiting task is cancelled (as ``withTimeout(_:_:_:)`` does).
  public func first(where predicate: @escaping @Sendable (IncomingMessage) -> Bool) async throws -> IncomingMessage {
    if let message = messages.first(where: predicate) { return message }
    let id = nextWaiterID
    nextWaiterID += 1
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        if Task.isCancelled {
          continuation.resume(throwing: CancellationError())
        } else {
          waiters[id] = Waiter(predicate: predicate, continuation: continuation)
        }
      }
    } onCancel: {
      Task { await self.cancelWaiter(id) }
    }
  }

  private func cancelWaiter(_ id: Int) {
    waiters.removeValue(forKey: id)?.continuation.resume(throwing: CancellationError())
  }

  /// Messages received so far with the given method.
  public func messages(method: String) -> [IncomingMessage] {
    messages.filter { $0.method == method }
  }

  /// Unmatched responses received so far (such as errors with `"id": null`).
  public var unmatchedResponses: [IncomingMessage] {
    messages.filter { if case .response = $0.kind { true } else { false } }
  }
}

extension TestClient {
  /// Waits (bounded) for the first message matching `predicate`, in order of arrival.
  public func message(
    timeout: Duration = .seconds(30), _ what: String, where predicate: @escaping @Sendable (IncomingMessage) -> Bool
  ) async throws -> IncomingMessage {
    let inbox = inbox
    return try await withTimeout(timeout, what) { try await inbox.first(where: predicate) }
  }
}

extension TestClient {
  /// Waits (bounded) for the first notification with `method` matching `predicate`, decoded as `N`.
  public func notification<N: NotificationType>(
    _ type: N.Type, timeout: Duration = .seconds(30), where predicate: @escaping @Sendable (N) -> Bool = { _ in true }
  ) async throws -> N {
    let inbox = inbox
    let message = try await withTimeout(timeout, "notification \(N.method)") {
      try await inbox.first { message in
        guard message.method == N.method, let decoded = try? message.decodeParams(N.self) else { return false }
        return predicate(decoded)
      }
    }
    return try message.decodeParams(N.self)
  }

  /// Waits (bounded) for the `n`-th unmatched response (an error the server could not attribute to an id).
  public func unmatchedResponse(number n: Int, timeout: Duration = .seconds(30)) async throws -> ResponseError? {
    let inbox = inbox
    let counter = LockedValue(0)
    let message = try await withTimeout(timeout, "unmatched response #\(n)") {
      try await inbox.first { message in
        guard case .response = message.kind else { return false }
        return counter.withLock { count in
          count += 1
          return count == n
        }
      }
    }
    if case .response(_, let error) = message.kind { return error }
    return nil
  }
}

/// A request sent with ``TestClient/start(_:)``.
public struct PendingRequest<R: RequestType>: Sendable {
  let response: PendingResponse

  /// The request's id (for `$/cancelRequest`).
  public var id: RequestID { response.id }

  /// Waits (bounded) for the result or the error.
  public func result(timeout: Duration = .seconds(30)) async throws -> Result<R.Response, ResponseError> {
    let response = response
    return try await withTimeout(timeout, "\(R.method)") {
      do {
        return .success(try await response.result(as: R.Response.self))
      } catch let error as ResponseError {
        return .failure(error)
      }
    }
  }
}
