public import Basics
public import Engine
public import JSONRPC
import LSP

/// The language server: lifecycle, dispatch, ordering, cancellation, progress and settings for one client.
///
/// Ordering is owned by the transport: the connection hands messages over in arrival order and waits for
/// each message to be handled before reading the next, so notifications change state in order. Requests take an
/// engine snapshot on arrival and run in tasks stored under their id; `$/cancelRequest` and edits to their
/// document cancel them. Every request is answered exactly once.
public actor LanguageServer {
  /// Options fixed for the life of the server.
  public struct Options: Sendable {
    /// Extra request handlers (tests register slow or failing requests here).
    public var additionalRequests: [any HandledRequest.Type] = []
    /// Called when the client sends `exit`, with the exit status (0 after `shutdown`, 1 otherwise).
    public var onExit: @Sendable (Int32) -> Void = { _ in }
    /// Makes the embedding model for semantic search; `nil` (the default, for tests) turns it off. `docent serve`
    /// passes ``Engine/EmbeddingModelLoader/bert``.
    public var embeddingModelLoader: EmbeddingModelLoader?
    /// Told where each root scan is; tests hold the first scan at a stage to interleave editor events with it.
    public var scanObserver: DocentEngine.ScanObserver?

    public init() {}
  }

  /// Where the server is in the LSP lifecycle.
  enum Phase {
    /// Waiting for `initialize`.
    case uninitialized
    /// `initialize` answered; waiting for `initialized`.
    case initialized
    /// Serving.
    case running
    /// `shutdown` answered; only `exit` is honoured.
    case shutDown
  }

  /// Why an in-flight request was cancelled.
  enum CancellationReason {
    /// `$/cancelRequest`: -32800.
    case client
    /// Its document was edited or closed, or a newer request of the same method about it superseded it: -32801.
    case contentModified
  }

  struct InFlight {
    var task: Task<Void, Never>
    var method: String
    var documentURI: DocumentURI?
    var documentChangePolicy: DocumentChangePolicy
    var cancellation: CancellationReason?
  }

  let connection: Connection
  let logger: Logger
  /// The engine this server fronts.
  public nonisolated let engine: DocentEngine
  let options: Options
  let requestHandlers: [String: any HandledRequest.Type]
  let notificationHandlers: [String: any HandledNotification.Type]
  private let engineEvents: AsyncStream<EngineEvent>

  var phase = Phase.uninitialized
  var clientCapabilities = ClientCapabilities()
  var positionEncoding = PositionEncodingKind.utf16
  var settings = ServerSettings()
  var inFlight: [RequestID: InFlight] = [:]
  var progress: [Int: ProgressItem] = [:]
  /// Server-initiated work (requests to the client, progress delays), cancelled when the connection ends.
  var backgroundTasks: [Int: Task<Void, Never>] = [:]
  var nextBackgroundID = 0
  var logSinkToken: Int?
  var isShutdownRequested = false

  /// Creates a server speaking over `connection`.
  ///
  /// - Parameters:
  ///   - connection: The client connection.
  ///   - logger: The logger; its level and privacy follow the `logLevel` and `logPrivacy` settings.
  ///   - options: Fixed options.
  public init(connection: Connection, logger: Logger, options: Options = Options()) {
    self.connection = connection
    self.logger = logger
    self.options = options
    let (stream, continuation) = AsyncStream<EngineEvent>.makeStream()
    engineEvents = stream
    engine = DocentEngine(
      logger: logger, onEvent: { continuation.yield($0) }, scanObserver: options.scanObserver)
    var requests: [String: any HandledRequest.Type] = [:]
    for type in Self.builtInRequests + options.additionalRequests { requests[type.method] = type }
    requestHandlers = requests
    var notifications: [String: any HandledNotification.Type] = [:]
    for type in Self.builtInNotifications { notifications[type.method] = type }
    notificationHandlers = notifications
    settings.logLevel = logger.level
    settings.logPrivacy = logger.privacy
  }

  /// The requests this server answers.
  public static let builtInRequests: [any HandledRequest.Type] = [
    InitializeRequest.self,
    ShutdownRequest.self,
    ExecuteCommandRequest.self,
    StatusRequest.self,
    SynchronizeRequest.self,
    SearchRequest.self,
    WorkspaceSymbolRequest.self,
  ]

  /// The notifications this server acts on (others are ignored, `$/` ones silently).
  public static let builtInNotifications: [any HandledNotification.Type] = [
    InitializedNotification.self,
    ExitNotification.self,
    CancelRequestNotification.self,
    DidOpenTextDocumentNotification.self,
    DidChangeTextDocumentNotification.self,
    DidCloseTextDocumentNotification.self,
    DidSaveTextDocumentNotification.self,
    DidChangeWorkspaceFoldersNotification.self,
    DidChangeWatchedFilesNotification.self,
    DidChangeConfigurationNotification.self,
  ]

  /// Serves until the input ends.
  ///
  /// - Returns: The exit status: 0 if `shutdown` was received, 1 otherwise.
  public func run() async -> Int32 {
    let events = engineEvents
    let eventTask = Task {
      for await event in events { self.handle(event) }
    }
    await connection.run(handler: Adapter(server: self))
    // The client is gone: cancel everything and wait, so no answer is written after the output is closed.
    engine.shutDown()
    let running = inFlight.values.map(\.task) + backgroundTasks.values
    for task in running { task.cancel() }
    for task in running { await task.value }
    eventTask.cancel()
    await eventTask.value
    if let logSinkToken { logger.removeSink(logSinkToken) }
    return isShutdownRequested ? 0 : 1
  }

  private struct Adapter: MessageHandler {
    let server: LanguageServer
    func handle(_ message: IncomingMessage, on connection: Connection) async {
      await server.receive(message)
    }
  }

  // MARK: Dispatch

  /// Handles one message; returns once its state change is applied (requests keep running in their tasks).
  func receive(_ message: IncomingMessage) async {
    switch message.kind {
    case .request(let id, let method):
      switch phase {
      case .uninitialized where method != InitializeRequest.method:
        connection.send(error: .serverNotInitialized, id: id)
        return
      case .shutDown:
        connection.send(error: .invalidRequest("the server is shut down; only 'exit' is accepted"), id: id)
        return
      default:
        break
      }
      guard let type = requestHandlers[method] else {
        connection.send(error: .methodNotFound(method), id: id)
        return
      }
      guard inFlight[id] == nil else {
        // Answered with a null id: an answer under `id` would be taken for the running request's.
        connection.send(error: .invalidRequest("request id \(id) is already in use by a running request"), id: nil)
        return
      }
      await dispatch(type, message: message, id: id)

    case .notification(let method):
      if method == ExitNotification.method {
        exit()
        return
      }
      guard let type = notificationHandlers[method] else {
        if !method.hasPrefix("$/") { logger.debug("ignored notification \(method)") }
        return
      }
      switch phase {
      case .uninitialized, .shutDown:
        logger.debug("ignored \(method): not serving")
        return
      case .initialized, .running:
        break
      }
      await apply(type, message: message)

    case .response(let id, let error):
      // Responses to our requests are resolved by the connection; this one matched none (a late answer to a
      // cancelled request, or an error the client could not attribute).
      if let error { logger.warning("the client reported an error for \(id.map(\.description) ?? "null"): \(error)") }
    }
  }

  private func dispatch<R: HandledRequest>(_ type: R.Type, message: IncomingMessage, id: RequestID) async {
    let request: R
    do {
      request = try message.decodeParams(R.self)
    } catch {
      connection.send(error: ResponseError(error), id: id)
      return
    }
    let context = RequestContext(
      id: id, snapshot: engine.snapshot(), engine: engine, server: self, positionEncoding: positionEncoding)
    switch R.ordering {
    case .lifecycle:
      do {
        connection.send(result: try await R.handle(request, context: context), id: id)
      } catch {
        connection.send(error: ResponseError(error), id: id)
      }
    case .concurrent:
      if R.documentChangePolicy == .supersededByNextRequest, let uri = request.documentURI {
        cancelRequests(supersededBy: R.method, about: uri)
      }
      let task = Task {
        let result: Result<R.Response, ResponseError>
        do {
          result = .success(try await R.handle(request, context: context))
        } catch {
          result = .failure(ResponseError(error))
        }
        self.complete(id: id, with: result)
      }
      inFlight[id] = InFlight(
        task: task, method: R.method, documentURI: request.documentURI, documentChangePolicy: R.documentChangePolicy)
    }
  }

  private func apply<N: HandledNotification>(_ type: N.Type, message: IncomingMessage) async {
    let notification: N
    do {
      notification = try message.decodeParams(N.self)
    } catch {
      logger.warning("ignored \(N.method) with invalid params: \(ResponseError(error).message)")
      return
    }
    await N.handle(notification, server: self)
  }

  /// Answers a finished request exactly once; a cancelled request is answered with its cancellation error even if
  /// its handler produced a result.
  private func complete<Response: Encodable & Sendable>(
    id: RequestID, with result: Result<Response, ResponseError>
  ) {
    guard let entry = inFlight.removeValue(forKey: id) else {
      logger.error("request \(id) finished twice")
      return
    }
    switch (entry.cancellation, result) {
    case (.client?, _): connection.send(error: .requestCancelled, id: id)
    case (.contentModified?, _): connection.send(error: .contentModified, id: id)
    case (nil, .success(let response)): connection.send(result: response, id: id)
    case (nil, .failure(let error)): connection.send(error: error, id: id)
    }
  }

  // MARK: Cancellation

  /// Cancels a running request at the client's wish; it is answered with -32800.
  func cancelRequest(_ id: RequestID) {
    guard var entry = inFlight[id], entry.cancellation == nil else { return }
    entry.cancellation = .client
    inFlight[id] = entry
    entry.task.cancel()
  }

  /// Cancels running requests about `uri` because it changed or closed; they are answered with -32801. Requests
  /// whose policy is ``DocumentChangePolicy/supersededByNextRequest`` (completion) keep running.
  func cancelRequests(about uri: DocumentURI) {
    for (id, var entry) in inFlight
    where entry.documentURI == uri && entry.cancellation == nil && entry.documentChangePolicy == .cancelledByChanges {
      entry.cancellation = .contentModified
      inFlight[id] = entry
      entry.task.cancel()
    }
  }

  /// Cancels running `method` requests about `uri` because a newer one arrived; their answers would be stale, so
  /// they are answered with -32801.
  private func cancelRequests(supersededBy method: String, about uri: DocumentURI) {
    for (id, var entry) in inFlight where entry.method == method && entry.documentURI == uri && entry.cancellation == nil {
      entry.cancellation = .contentModified
      inFlight[id] = entry
      entry.task.cancel()
    }
  }

  // MARK: Lifecycle

  func shutdown() {
    phase = .shutDown
    isShutdownRequested = true
    engine.shutDown()
    logger.info("shutdown requested")
  }

  private func exit() {
    let status: Int32 = isShutdownRequested ? 0 : 1
    logger.info("exit (status \(status))")
    options.onExit(status)
  }

  // MARK: Messages to the client

  /// Shows a message to the user and logs it.
  func showMessage(_ kind: MessageKind, _ text: String) {
    // Logged to stderr only: the client already shows it, a logMessage copy would duplicate it.
    logger.log(kind == .error ? .error : kind == .warning ? .warning : .info, "\(text)", toSinks: false)
    connection.sendNotification(
      method: ShowMessageNotification.method, params: ShowMessageNotification(type: kind, message: text))
  }

  /// Starts server-initiated work that must not block the reader (requests to the client); cancelled when the
  /// connection ends.
  @discardableResult
  func startBackground(_ work: @escaping @Sendable () async -> Void) -> Int {
    let id = nextBackgroundID
    nextBackgroundID += 1
    backgroundTasks[id] = Task {
      await work()
      self.finishBackground(id)
    }
    return id
  }

  private func finishBackground(_ id: Int) {
    backgroundTasks[id] = nil
  }

  /// Forwards log lines to `window/logMessage` once the client is initialized.
  func forwardLogsToClient() {
    guard logSinkToken == nil else { return }
    let connection = connection
    logSinkToken = logger.addSink { level, text in
      let kind: MessageKind =
        switch level {
        case .error: .error
        case .warning: .warning
        case .info: .info
        case .debug, .trace, .off: .log
        }
      connection.sendNotification(
        method: LogMessageNotification.method, params: LogMessageNotification(type: kind, message: text))
    }
  }

  /// Applies settings from the client, reporting refused keys to the user.
  func applySettings(_ value: JSONValue) {
    let problems = settings.apply(value)
    logger.level = settings.logLevel
    logger.privacy = settings.logPrivacy
    engine.setIndexSettings(settings.index)
    if phase == .running { configureEmbedding() }
    for problem in problems { showMessage(.warning, "Docent settings: \(problem)") }
  }

  /// Passes the embedding settings to the engine (a no-op when they did not change).
  func configureEmbedding() {
    let loader = settings.semanticSearch ? options.embeddingModelLoader : nil
    engine.configureEmbedding(
      EmbeddingConfiguration(
        loader: loader, modelPath: settings.embeddingModelPath ?? ModelsDirectory.fromEnvironment().embeddingModelPath))
  }

  /// Pulls the `docent` section with `workspace/configuration` when the client supports it.
  func pullSettings() {
    guard clientCapabilities.workspace?.configuration == true else { return }
    let connection = connection
    startBackground {
      do {
        let values = try await connection.sendRequest(
          method: ConfigurationRequest.method,
          params: ConfigurationRequest(items: [ConfigurationRequest.Item(section: "docent")]),
          as: [JSONValue].self)
        if let first = values.first { await self.applySettings(first) }
      } catch {
        self.logger.warning("workspace/configuration failed: \(error)")
      }
    }
  }

  /// Session facts for `docent/status`.
  func statusResponse(
    for snapshot: EngineSnapshot, document: StatusResponse.DocumentStatus? = nil
  ) -> StatusResponse {
    let state: String =
      switch phase {
      case .uninitialized, .initialized: "starting"
      case .shutDown: "shuttingDown"
      case .running: snapshot.state.rawValue
      }
    return StatusResponse(
      ready: phase == .running && snapshot.isReady, state: state, files: snapshot.fileCount,
      chunks: snapshot.chunkCount, symbols: snapshot.symbolCount,
      openDocuments: snapshot.openDocuments.count, roots: snapshot.roots.map { DocumentURI(DocentEngine.uri(forPath: $0)) },
      positionEncoding: positionEncoding, version: docentVersion, document: document,
      embeddingState: snapshot.embedding.phase.rawValue, embeddedChunks: snapshot.embedding.embeddedChunkCount)
  }
}
