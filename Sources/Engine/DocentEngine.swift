public import Basics
import Foundation
import Retrieval
import SourceScanning
import Synchronization
import Workspace

/// The engine in editor terms: workspace roots, open documents, and the index that keeps retrieval current.
/// The server and the CLI talk to Docent only through this type.
///
/// State sits behind one lock; every mutation is synchronous and cheap. Long work (scanning a root, reading
/// and chunking files) runs in stored tasks on threads of its own and applies its results under the lock in
/// small batches, so the server can apply notifications in arrival order and take a consistent ``snapshot()``
/// for each request while indexing goes on.
///
/// **Invariants:**
/// - No path is read, listed or stored unless `WorkspaceRoots.confine(_:)` (in `Workspace`) accepted it.
/// - An open document's text wins over the file on disk: disk updates for an open path are never applied.
/// - Every update carries the path's generation when its content was read; an update whose generation is no
///   longer current is dropped, because a newer one is queued. So a slow scan never overwrites a newer edit.
///   (A scan's stale update for a file not yet indexed is applied if the file is open, re-read otherwise: only
///   scans admit files, so dropping it would leave the file out.)
public final class DocentEngine: Sendable {
  /// Receives ``EngineEvent``s; called on arbitrary threads, never with the engine's lock held.
  public typealias EventHandler = @Sendable (EngineEvent) -> Void

  let logger: Logger
  let onEvent: EventHandler
  let scanObserver: ScanObserver?
  let state = Mutex(State())

  struct State {
    var roots = WorkspaceRoots()
    var settings = IndexSettings()
    var isStarted = false
    var isShutDown = false
    var documents: [String: Document] = [:]
    /// The index of each root, by canonical root path.
    var indexes: [String: IndexState] = [:]
    /// Scans in progress, by root.
    var rootJobs: [String: Job] = [:]
    /// Files to read again from disk, by root (relative paths).
    var dirtyPaths: [String: Set<String>] = [:]
    /// Open documents to index again (canonical paths).
    var dirtyDocuments: Set<String> = []
    /// The task draining `dirtyPaths` and `dirtyDocuments`, while there is work.
    var updater: Task<Void, Never>?
    /// Bumped whenever a path's content may have changed (canonical paths).
    var generations: [String: Int] = [:]
    /// Chunks and symbols of contents that left the index, by content hash, so that content coming back (a
    /// branch switched back, an edit undone, a file moved) is not chunked again.
    var retired = RetiredContents()
    /// Roots whose index changed since it was last saved, and the saves running.
    var unsavedRoots: Set<String> = []
    var saves: [String: Task<Void, Never>] = [:]
    var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
    var nextID = 1
    /// The embedding model and the job giving chunks their vectors.
    var embedding = EmbeddingJobState()

    mutating func makeID() -> Int {
      defer { nextID += 1 }
      return nextID
    }

    /// Whether any lexical indexing work is queued or running.
    var isIndexing: Bool { !rootJobs.isEmpty || updater != nil }

    /// Whether any indexing work (lexical, model loading or embedding) is queued or running.
    var isBusy: Bool { isIndexing || embedding.isBusy }

    mutating func bumpGeneration(_ path: String) {
      generations[path, default: 0] += 1
    }

    func generation(_ path: String) -> Int { generations[path] ?? 0 }
  }

  struct Document {
    var uri: String
    var languageID: String
    var version: Int
    var text: TextDocument
  }

  struct Job {
    var id: Int
    var task: Task<Void, Never>
  }

  /// Creates an engine with no roots.
  ///
  /// - Parameters:
  ///   - logger: Where problems are reported.
  ///   - onEvent: Receives progress and notices for the user.
  ///   - scanObserver: Told when a root scan reaches each ``ScanStage``; `nil` outside tests.
  public init(logger: Logger, onEvent: @escaping EventHandler = { _ in }, scanObserver: ScanObserver? = nil) {
    self.logger = logger
    self.onEvent = onEvent
    self.scanObserver = scanObserver
  }

  // MARK: Settings and roots

  /// Changes the index settings; if background work has started and what is indexed changed, every root is
  /// indexed again.
  public func setIndexSettings(_ settings: IndexSettings) {
    let changed = state.withLock { state -> Bool in
      defer { state.settings = settings }
      return state.isStarted && state.settings != settings
    }
    if changed { reindex() }
  }

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
    let toScan = state.withLock { state -> [String] in
      var canonical: [String] = []
      for path in added {
        let root = state.roots.add(path)
        if state.indexes[root] == nil { state.indexes[root] = IndexState(configuration: searchConfiguration) }
        canonical.append(root)
      }
      return state.isStarted ? canonical : []
    }
    for root in toScan { startRootJob(root) }
    return errors
  }

  /// Removes workspace roots given as `file:` URIs, dropping their index from memory and cancelling their work.
  public func removeRoots(_ uris: [String]) {
    let paths = uris.compactMap { try? FileURI.path(from: $0) }
    let cancelled = state.withLock { state -> [Job] in
      var cancelled: [Job] = []
      for path in paths {
        let canonical = WorkspaceRoots.resolved(path)
        state.roots.remove(canonical)
        state.indexes[canonical] = nil
        state.dirtyPaths[canonical] = nil
        state.unsavedRoots.remove(canonical)
        if let job = state.rootJobs.removeValue(forKey: canonical) { cancelled.append(job) }
      }
      return cancelled
    }
    for job in cancelled {
      job.task.cancel()
      onEvent(.workEnded(id: job.id, message: "cancelled"))
    }
    resumeWaitersIfIdle()
  }

  /// Starts background work (loading or building every root's index). Called once the client is ready.
  public func start() {
    let roots = state.withLock { state -> [String] in
      guard !state.isStarted, !state.isShutDown else { return [] }
      state.isStarted = true
      return state.roots.paths
    }
    for root in roots { startRootJob(root) }
  }

  /// Scans every root again, cancelling scans in progress; only files whose size, time or content changed are
  /// read and chunked again.
  public func reindex() {
    let roots = state.withLock { state -> [String] in
      guard !state.isShutDown else { return [] }
      state.isStarted = true
      return state.roots.paths
    }
    for root in roots { startRootJob(root) }
  }

  /// Waits until all indexing work has finished (the state is ``EngineState/ready``): every change received
  /// before the call is then reflected in search results.
  ///
  /// - Throws: `CancellationError` if the calling task is cancelled first; ``EngineError`` with
  ///   ``EngineError/Code/shuttingDown`` if the engine shuts down first.
  public func synchronize() async throws {
    let id = state.withLock { $0.makeID() }
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        let outcome = state.withLock { state -> Result<Void, any Error>? in
          if state.isShutDown { return .failure(EngineError(.shuttingDown, "the server is shutting down")) }
          if !state.isBusy { return .success(()) }
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

  /// Writes every index that changed to disk now (a write waiting out its delay starts at once) and waits.
  public func flushIndexes() async {
    while true {
      let pending = state.withLock { state in state.unsavedRoots.filter { state.saves[$0] == nil } }
      for root in pending { scheduleSave(of: root, after: .zero) }
      let saves = state.withLock { Array($0.saves.values) }
      if saves.isEmpty { return }
      // Cancelling ends a save's delay; the write itself does not look at cancellation.
      for save in saves { save.cancel() }
      for save in saves { await save.value }
    }
  }

  /// Cancels all background work and fails pending ``synchronize()`` calls; later work is refused.
  public func shutDown() {
    let (jobs, updater, waiters) = state.withLock { state in
      state.isShutDown = true
      defer {
        state.rootJobs = [:]
        state.waiters = [:]
        state.updater = nil
      }
      return (Array(state.rootJobs.values), state.updater, Array(state.waiters.values))
    }
    for job in jobs {
      job.task.cancel()
      onEvent(.workEnded(id: job.id, message: "cancelled"))
    }
    updater?.cancel()
    cancelEmbedding()
    for waiter in waiters { waiter.resume(throwing: EngineError(.shuttingDown, "the server is shutting down")) }
  }

  /// Starts embedding what the lexical index gained, then resumes ``synchronize()`` callers if nothing is pending.
  func resumeWaitersIfIdle() {
    startEmbeddingIfNeeded()
    let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
      guard !state.isBusy else { return [] }
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
    state.withLock { state in
      state.documents[path] = Document(
        uri: uri, languageID: languageID, version: version, text: TextDocument(text: text))
      state.bumpGeneration(path)
      state.dirtyDocuments.insert(path)
    }
    logger.debug("opened \(path) v\(version) (\(content: text))")
    startUpdaterIfNeeded()
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
      state.bumpGeneration(path)
      state.dirtyDocuments.insert(path)
    }
    logger.trace("changed \(path) v\(version): \(edits.count) edits")
    startUpdaterIfNeeded()
  }

  /// Closes a document: the file on disk is the truth again (and is read again for the index).
  ///
  /// - Throws: ``EngineError`` when the URI is not `file:` or lies outside the workspace.
  public func closeDocument(uri: String) throws(EngineError) {
    let path = try confinedPath(uri)
    state.withLock { state in
      guard state.documents.removeValue(forKey: path) != nil else { return }
      state.dirtyDocuments.remove(path)
      state.bumpGeneration(path)
      // Only a file a scan admitted is read again: an ignored or secret file stays out of the index. One a scan
      // is reading now is read again by that scan (see `apply`).
      guard let root = state.roots.root(containing: path) else { return }
      let relative = relativePath(of: path, in: root)
      if state.indexes[root]?.files[relative] != nil { state.dirtyPaths[root, default: []].insert(relative) }
    }
    startUpdaterIfNeeded()
  }

  /// Records that an open document was written to disk; a file new to the index is picked up by a rescan.
  ///
  /// - Throws: ``EngineError`` when the URI is not `file:` or lies outside the workspace.
  public func saveDocument(uri: String) throws(EngineError) {
    let path = try confinedPath(uri)
    applyFileChanges([(DocentEngine.uri(forPath: path), .changed)])
  }

  /// Applies changes to files on disk reported by the client's watchers.
  ///
  /// Paths outside the workspace and non-`file:` URIs are ignored (and logged). A changed file already in the
  /// index is read again; a deleted one (or a deleted folder) leaves the index; a file or folder new to the index
  /// triggers a rescan of its root, which applies the ignore rules and reads only what changed.
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
      let exists = FileManager.default.fileExists(atPath: path)
      let rescan = state.withLock { state -> String? in
        guard let root = state.roots.root(containing: path) else { return nil }
        let relative = relativePath(of: path, in: root)
        // The bump voids an update of an open document already in flight, so the editor's text is indexed again:
        // while open, it wins over whatever the disk holds.
        func invalidate(_ path: String) {
          state.bumpGeneration(path)
          if state.documents[path] != nil { state.dirtyDocuments.insert(path) }
        }
        invalidate(path)
        let isIndexed = state.indexes[root]?.files[relative] != nil
        if change == .deleted || !exists {
          // A deleted folder arrives as one event: drop every file below it.
          let prefix = relative.isEmpty ? "" : relative + "/"
          let below = state.indexes[root]?.files.keys.filter { $0 == relative || $0.hasPrefix(prefix) } ?? []
          for file in below { invalidate(absolutePath(of: file, in: root)) }
          state.dirtyPaths[root, default: []].formUnion(below)
          return nil
        }
        if isIndexed {
          state.dirtyPaths[root, default: []].insert(relative)
          return nil
        }
        return root
      }
      if let rescan { rootsToScan.insert(rescan) }
    }
    startUpdaterIfNeeded()
    for root in rootsToScan { startRootJob(root) }
  }

  func confinedPath(_ uri: String) throws(EngineError) -> String {
    do {
      let path = try FileURI.path(from: uri)
      let roots = state.withLock { $0.roots }
      return try roots.confine(path)
    } catch {
      throw EngineError(error)
    }
  }

  // MARK: Reading

  /// Where a root's index file is kept under the current settings.
  public func storePath(forRoot root: String) -> String {
    Self.storePath(for: root, settings: state.withLock { $0.settings })
  }

  /// The engine's state at this instant, for one request to read from.
  public func snapshot() -> EngineSnapshot {
    state.withLock { state in
      let engineState: EngineState =
        if state.isShutDown { .shuttingDown } else if !state.isStarted { .starting } else if state.isIndexing {
          .indexing
        } else if state.isBusy { .embedding } else { .ready }
      var documents: [String: OpenDocument] = [:]
      for (path, document) in state.documents {
        documents[path] = OpenDocument(
          uri: document.uri, path: path, languageID: document.languageID, version: document.version,
          storage: document.text)
      }
      var snapshot = EngineSnapshot(
        state: engineState, roots: state.roots.paths, openDocuments: documents, indexes: state.indexes)
      snapshot.embedding = state.embeddingStatus
      snapshot.embeddingModel = state.embedding.model
      snapshot.prefersHybridSearch = state.embedding.vectorsWereReady && state.embedding.model != nil
      return snapshot
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

/// The BM25F settings Docent indexes with, chosen on the search development set (see the README's search section):
/// names weigh most; documentation counts like code, so a declaration whose own comment does not match is not
/// buried under neighbours whose comments do; paths count half; `k1 = 1.5` lets repeated terms count a little
/// longer before saturating.
let searchConfiguration = LexicalIndex.Configuration(
  symbolWeight: 3, documentationWeight: 1, bodyWeight: 1, pathWeight: 0.5, k1: 1.5, b: 0.75)

/// The path of `path` relative to `root` (both canonical); the inverse of ``absolutePath(of:in:)``.
func relativePath(of path: String, in root: String) -> String {
  if path == root { return "" }
  return String(path.dropFirst(root == "/" ? 1 : root.count + 1))
}

/// The canonical path of `relative` below `root`; the inverse of ``relativePath(of:in:)``.
func absolutePath(of relative: String, in root: String) -> String {
  root == "/" ? "/" + relative : root + "/" + relative
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

