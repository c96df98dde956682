public import Basics
import Foundation
import Synchronization
import Workspace

/// The engine in editor terms: workspace roots, open documents, the file set and the background work that keeps
/// them current. The server and the CLI talk to Docent only through this type.
///
/// State sits behind one lock; every mutation is synchronous and cheap (long work runs in stored tasks that
/// report back), so the server can apply notifications in arrival order and take a consistent ``snapshot()``
/// for each request.
///
/// **Invariant:** no path is read, listed or stored unless `WorkspaceRoots.confine(_:)` (in `Workspace`) accepted it.
public final class DocentEngine: Sendable {
  /// Receives ``EngineEvent``s; called on arbitrary threads, never with the engine's lock held.
  public typealias EventHandler = @Sendable (EngineEvent) -> Void

  private let logger: Logger
  private let onEvent: EventHandler
  private let state = Mutex(State())

  private struct State {
    var roots = WorkspaceRoots()
    var isStarted = false
    var isShutDown = false
    /// Canonical absolute paths of the regular files under the roots.
    var files: Set<String> = []
    var documents: [String: Document] = [:]
    var crawls: [String: Crawl] = [:]
    /// Changes seen while a root's crawl runs, replayed on top of its result so none is lost.
    var journal: [String: [(path: String, exists: Bool)]] = [:]
    var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
    var nextID = 1

    mutating func makeID() -> Int {
      defer { nextID += 1 }
      return nextID
    }
  }

  private struct Document {
    var uri: String
    var languageID: String
    var version: Int
    var text: TextDocument
  }

  private struct Crawl {
    var id: Int
    var task: Task<Void, Never>
  }

  /// Creates an engine with no roots.
  ///
  /// - Parameters:
  ///   - logger: Where problems are reported.
  ///   - onEvent: Receives progress and notices for the user.
  public init(logger: Logger, onEvent: @escaping EventHandler = { _ in }) {
    self.logger = logger
    self.onEvent = onEvent
  }

  // MARK: Roots and background work

  /// Adds workspace roots given as `file:` URIs; background work for them starts now if ``start()`` was called.
  ///
  /// - Returns: One error per URI that was refused (not `file:`, malformed, or not an existing directory).
  @discardableResult
  public func addRoots(_ uris: [String]) -> [EngineError] {
    var errors: [EngineError] = []
    var added: [String] = []
    for uri in uris {
      do {
        let path = try FileURI.path(from: uri)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
          errors.append(EngineError(.invalidArgument, "workspace folder \(path) does not exist or is not a directory"))
          continue
        }
        added.append(path)
      } catch {
        errors.append(EngineError(error))
      }
    }
    let toCrawl = state.withLock { state -> [String] in
      let canonical = added.map { state.roots.add($0) }
      return state.isStarted ? canonical : []
    }
    for root in toCrawl { startCrawl(of: root) }
    return errors
  }

  /// Removes workspace roots given as `file:` URIs, dropping their files and cancelling their work.
  public func removeRoots(_ uris: [String]) {
    let paths = uris.compactMap { try? FileURI.path(from: $0) }
    let cancelled = state.withLock { state -> [Crawl] in
      var cancelled: [Crawl] = []
      for path in paths {
        let canonical = WorkspaceRoots.resolved(path)
        state.roots.remove(canonical)
        if let crawl = state.crawls.removeValue(forKey: canonical) { cancelled.append(crawl) }
        state.journal[canonical] = nil
      }
      let roots = state.roots
      state.files = state.files.filter { roots.root(containing: $0) != nil }
      return cancelled
    }
    for crawl in cancelled {
      crawl.task.cancel()
      onEvent(.workEnded(id: crawl.id, message: "cancelled"))
    }
    resumeWaitersIfIdle()
  }

  /// Starts background work (the first scan of every root). Called once the client is ready for progress.
  public func start() {
    let roots = state.withLock { state -> [String] in
      guard !state.isStarted, !state.isShutDown else { return [] }
      state.isStarted = true
      return state.roots.paths
    }
    for root in roots { startCrawl(of: root) }
  }

  /// Scans every root again, cancelling scans in progress.
  public func reindex() {
    let roots = state.withLock { state -> [String] in
      guard !state.isShutDown else { return [] }
      state.isStarted = true
      return state.roots.paths
    }
    for root in roots { startCrawl(of: root) }
  }

  /// Waits until all background work has finished (the state is ``EngineState/ready``).
  ///
  /// - Throws: `CancellationError` if the calling task is cancelled first; ``EngineError`` with
  ///   ``EngineError/Code/shuttingDown`` if the engine shuts down first.
  public func synchronize() async throws {
    let id = state.withLock { $0.makeID() }
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        let outcome = state.withLock { state -> Result<Void, any Error>? in
          if state.isShutDown { return .failure(EngineError(.shuttingDown, "the server is shutting down")) }
          if state.crawls.isEmpty { return .success(()) }
          state.waiters[id] = continuation
          return nil
        }
        if let outcome { continuation.resume(with: outcome) }
      }
    } onCancel: {
      let continuation = state.withLock { $0.waiters.removeValue(forKey: id) }
      continuation?.resume(throwing: CancellationError())
    }
  }

  /// Cancels all background work and fails pending ``synchronize()`` calls; later work is refused.
  public func shutDown() {
    let (crawls, waiters) = state.withLock { state in
      state.isShutDown = true
      defer {
        state.crawls = [:]
        state.waiters = [:]
      }
      return (Array(state.crawls.values), Array(state.waiters.values))
    }
    for crawl in crawls {
      crawl.task.cancel()
      onEvent(.workEnded(id: crawl.id, message: "cancelled"))
    }
    for waiter in waiters { waiter.resume(throwing: EngineError(.shuttingDown, "the server is shutting down")) }
  }

  private func startCrawl(of root: String) {
    let id = state.withLock { $0.makeID() }
    let crawler = FileCrawler(root: root, logger: logger)
    let onEvent = onEvent
    guard !state.withLock({ $0.isShutDown }) else { return }
    // Announced before the task exists, so the end can never be reported before the beginning.
    onEvent(.workBegan(id: id, title: "Scanning \(URL(fileURLWithPath: root).lastPathComponent)"))
    let registration = state.withLock { state -> (registered: Bool, previous: Crawl?) in
      guard !state.isShutDown else { return (false, nil) }
      // Created under the lock so that `finishCrawl` (which takes it) cannot run before the crawl is registered:
      // a crawl finishing first would be taken for a superseded one, and the root would stay "indexing" forever.
      let task = Task {
        let files = await BlockingWork.run(name: "docent-crawl") { flag in
          crawler.listFiles(isCancelled: { flag.isCancelled }) { count in
            onEvent(.workReported(id: id, message: "\(count) files"))
          }
        }
        self.finishCrawl(of: root, id: id, relativePaths: files, wasCancelled: Task.isCancelled)
      }
      let previous = state.crawls[root]
      state.crawls[root] = Crawl(id: id, task: task)
      state.journal[root] = []
      return (true, previous)
    }
    guard registration.registered else {
      onEvent(.workEnded(id: id, message: "cancelled"))
      return
    }
    if let previous = registration.previous {
      previous.task.cancel()
      onEvent(.workEnded(id: previous.id, message: "restarted"))
    }
  }

  private func finishCrawl(of root: String, id: Int, relativePaths: [String], wasCancelled: Bool) {
    let count = state.withLock { state -> Int? in
      guard let crawl = state.crawls[root], crawl.id == id, !wasCancelled else { return nil }
      state.crawls[root] = nil
      let prefix = root == "/" ? "/" : root + "/"
      state.files = state.files.filter { !WorkspaceRoots.isPath($0, inside: root) }
      for relative in relativePaths { state.files.insert(prefix + relative) }
      for change in state.journal.removeValue(forKey: root) ?? [] {
        if change.exists { state.files.insert(change.path) } else { state.files.remove(change.path) }
      }
      return relativePaths.count
    }
    guard let count else { return }  // superseded or cancelled; whoever replaced it reported the end
    logger.info("scanned \(root): \(count) files")
    onEvent(.workEnded(id: id, message: "\(count) files"))
    resumeWaitersIfIdle()
  }

  private func resumeWaitersIfIdle() {
    let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
      guard state.crawls.isEmpty else { return [] }
      defer { state.waiters = [:] }
      return Array(state.waiters.values)
    }
    for waiter in waiters { waiter.resume() }
  }

  // MARK: Documents

  /// Opens a document: from now on its text overrides the file on disk.
  ///
  /// - Throws: ``EngineError`` when the URI is not `file:` or lies outside the workspace.
  public func openDocument(uri: String, languageID: String, version: Int, text: String) throws(EngineError) {
    let path = try confinedPath(uri)
    state.withLock {
      $0.documents[path] = Document(uri: uri, languageID: languageID, version: version, text: TextDocument(text: text))
    }
    logger.debug("opened \(path) v\(version) (\(content: text))")
  }

  /// Applies edits, in order, to an open document.
  ///
  /// All edits are validated before any is applied, so an invalid one leaves the document unchanged. The text is
  /// edited in place (no copy of a large document) unless a snapshot still shares it.
  ///
  /// - Throws: ``EngineError`` when the document is not open or outside the workspace, or an edit's range ends
  ///   before it starts (or has a negative line or column).
  public func changeDocument(
    uri: String, version: Int, edits: [TextEdit], encoding: ColumnEncoding
  ) throws(EngineError) {
    let path = try confinedPath(uri)
    for case let range? in edits.map(\.range) {
      guard range.start <= range.end, range.start.line >= 0, range.start.column >= 0 else {
        throw EngineError(
          .invalidArgument,
          "an edit range must not end before it starts or use negative positions (\(range.start)-\(range.end))")
      }
    }
    let unit: ColumnUnit =
      switch encoding {
      case .utf8: .utf8
      case .utf16: .utf16
      case .utf32: .utf32
      }
    try state.withLock { state throws(EngineError) in
      // Taken out of the dictionary so the array is uniquely referenced and edited in place.
      guard var document = state.documents.removeValue(forKey: path) else {
        throw EngineError(.documentNotOpen, "\(uri) is not open; send textDocument/didOpen first")
      }
      for edit in edits {
        guard let range = edit.range else {
          document.text.replaceAll(with: edit.text)
          continue
        }
        let start = document.text.utf8Offset(line: range.start.line, column: range.start.column, unit: unit)
        let end = document.text.utf8Offset(line: range.end.line, column: range.end.column, unit: unit)
        document.text.replace(utf8Range: start..<max(start, end), with: edit.text.utf8)
      }
      document.version = version
      state.documents[path] = document
    }
    logger.trace("changed \(path) v\(version): \(edits.count) edits")
  }

  /// Closes a document: the file on disk is the truth again.
  ///
  /// - Throws: ``EngineError`` when the URI is not `file:` or lies outside the workspace.
  public func closeDocument(uri: String) throws(EngineError) {
    let path = try confinedPath(uri)
    _ = state.withLock { $0.documents.removeValue(forKey: path) }
  }

  /// Records that an open document was written to disk.
  ///
  /// - Throws: ``EngineError`` when the URI is not `file:` or lies outside the workspace.
  public func saveDocument(uri: String) throws(EngineError) {
    let path = try confinedPath(uri)
    recordFile(path, exists: FileManager.default.fileExists(atPath: path))
  }

  /// Applies changes to files on disk reported by the client's watchers.
  ///
  /// Paths outside the workspace and non-`file:` URIs are ignored (and logged); a created directory triggers a
  /// scan of its root.
  public func applyFileChanges(_ changes: [(uri: String, change: FileChange)]) {
    var rootsToScan: Set<String> = []
    for (uri, change) in changes {
      let path: String
      do {
        path = try confinedPath(uri)
      } catch {
        logger.debug("ignored file change: \(error.message)")
        continue
      }
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      if exists && isDirectory.boolValue {
        if let root = state.withLock({ $0.roots.root(containing: path) }) { rootsToScan.insert(root) }
        continue
      }
      switch change {
      case .created, .changed: recordFile(path, exists: exists)
      case .deleted: recordDeletion(below: path)
      }
    }
    for root in rootsToScan { startCrawl(of: root) }
  }

  private func recordFile(_ path: String, exists: Bool) {
    state.withLock { state in
      guard let root = state.roots.root(containing: path) else { return }
      if exists { state.files.insert(path) } else { state.files.remove(path) }
      if state.crawls[root] != nil { state.journal[root, default: []].append((path, exists)) }
    }
  }

  private func recordDeletion(below path: String) {
    state.withLock { state in
      guard let root = state.roots.root(containing: path) else { return }
      let removed = state.files.filter { WorkspaceRoots.isPath($0, inside: path) }
      state.files.subtract(removed)
      if state.crawls[root] != nil {
        state.journal[root, default: []].append(contentsOf: removed.map { ($0, false) })
        state.journal[root, default: []].append((path, false))
      }
    }
  }

  private func confinedPath(_ uri: String) throws(EngineError) -> String {
    do {
      let path = try FileURI.path(from: uri)
      let roots = state.withLock { $0.roots }
      return try roots.confine(path)
    } catch {
      throw EngineError(error)
    }
  }

  // MARK: Reading

  /// The engine's state at this instant, for one request to read from.
  public func snapshot() -> EngineSnapshot {
    state.withLock { state in
      let engineState: EngineState =
        if state.isShutDown { .shuttingDown } else if !state.isStarted { .starting } else if !state.crawls.isEmpty {
          .indexing
        } else { .ready }
      var documents: [String: OpenDocument] = [:]
      for (path, document) in state.documents {
        documents[path] = OpenDocument(
          uri: document.uri, path: path, languageID: document.languageID, version: document.version,
          storage: document.text)
      }
      return EngineSnapshot(
        state: engineState, roots: state.roots.paths, fileCount: state.files.count, openDocuments: documents)
    }
  }

  /// Describes a document: the editor's copy when open, otherwise the file on disk.
  ///
  /// - Throws: ``EngineError`` when the URI is not `file:`, lies outside the workspace, or names no file.
  public func summary(of uri: String, in snapshot: EngineSnapshot) throws(EngineError) -> DocumentSummary {
    let path = try confinedPath(uri)
    if let document = snapshot.openDocuments[path] {
      return DocumentSummary(
        uri: uri, isOpen: true, version: document.version, languageID: document.languageID,
        lineCount: document.lineCount, byteCount: document.byteCount)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw EngineError(.documentNotFound, "\(uri) is neither open nor a readable file")
    }
    let lines = data.reduce(into: 1) { count, byte in if byte == UInt8(ascii: "\n") { count += 1 } }
    return DocumentSummary(
      uri: uri, isOpen: false, version: nil, languageID: nil, lineCount: lines, byteCount: data.count)
  }
}

extension EngineError {
  /// Wraps a workspace refusal, keeping its code.
  init(_ error: WorkspaceError) {
    let code: Code =
      switch error.code {
      case .unsupportedURI: .unsupportedURI
      case .outsideWorkspace: .outsideWorkspace
      case .documentNotOpen: .documentNotOpen
      case .invalidRange: .invalidArgument
      }
    self.init(code, error.message)
  }
}

extension DocentEngine {
  /// The `file:` URI of an absolute path.
  public static func uri(forPath path: String) -> String { FileURI.uri(fromPath: path) }
}
