import Basics
import Synchronization
import Dispatch
import Foundation
import Retrieval
import SourceScanning
import Workspace

/// Files read and chunked together before their results are applied under the lock.
private let indexBatchSize = 32

/// How long incremental updates wait before the index is written to disk, so typing does not rewrite it.
private let incrementalSaveDelay = Duration.seconds(5)

/// One file's new index entries, with the generation of the content they came from.
private struct FileUpdate: Sendable {
  var root: String
  var relativePath: String
  var generation: Int
  /// `nil` when the file is gone or no longer indexable: its entries are removed.
  var entry: Entry?

  struct Entry: Sendable {
    var byteCount: Int
    var modificationTimeNanoseconds: Int64
    var contentHash: UInt64
    /// `nil` when the bytes hash to what the index already holds, so nothing was chunked.
    var content: IndexedContent?
    /// Whether `content` came from the cache of retired contents instead of being chunked.
    var isReused = false
  }
}

extension DocentEngine {
  // MARK: Root jobs

  /// Loads (on first use), scans and brings up to date one root's index, replacing a job already running for it.
  func startRootJob(_ root: String) {
    guard !state.withLock({ $0.isShutDown }) else { return }
    let id = state.withLock { $0.makeID() }
    // Announced before the task exists, so the end can never be reported before the beginning.
    onEvent(.workBegan(id: id, title: "Indexing \(URL(fileURLWithPath: root).lastPathComponent)"))
    let registration = state.withLock { state -> (registered: Bool, previous: Job?) in
      guard !state.isShutDown, state.roots.paths.contains(root) else { return (false, nil) }
      // Created under the lock so the job cannot finish before it is registered.
      let task = Task { await self.runRootJob(root, id: id) }
      let previous = state.rootJobs[root]
      state.rootJobs[root] = Job(id: id, task: task)
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

  private func runRootJob(_ root: String, id: Int) async {
    let settings = state.withLock { $0.settings }
    let storePath = Self.storePath(for: root, settings: settings)
    let message = await BlockingWork.run(name: "docent-index") { flag in
      self.indexRoot(root, id: id, settings: settings, storePath: storePath, isCancelled: { flag.isCancelled })
    }
    let isCurrent = state.withLock { state -> Bool in
      guard state.rootJobs[root]?.id == id else { return false }
      state.rootJobs[root] = nil
      return true
    }
    guard isCurrent else { return }  // superseded or cancelled; whoever replaced it reported the end
    onEvent(.workEnded(id: id, message: message))
    scheduleSave(of: root, after: .zero)
    resumeWaitersIfIdle()
  }

  /// The blocking part of a root job: load, crawl, diff, read and chunk what changed, apply in batches.
  ///
  /// - Returns: A one-line summary for the progress end and the log.
  private func indexRoot(
    _ root: String, id: Int, settings: IndexSettings, storePath: String, isCancelled: () -> Bool
  ) -> String {
    let started = ContinuousClock.now
    loadStoreIfNeeded(root, from: storePath)

    // The default skipped directories include `.docent`, where a workspace-located index lives.
    let options = CrawlOptions(
      maxFileBytes: settings.maxFileBytes, includeGlobs: settings.include, excludeGlobs: settings.exclude,
      excludesSecretFiles: settings.excludesSecretFiles)
    let crawl = FileCrawler(root: root, logger: logger).crawl(options: options, isCancelled: isCancelled) { count in
      self.onEvent(.workReported(id: id, message: "\(count) files found"))
    }
    if crawl.wasCancelled || isCancelled() { return "cancelled" }

    // Files gone from disk leave the index (unless open: the editor's text stays searchable).
    let listed = Set(crawl.files.map(\.path))
    let records = state.withLock { $0.indexes[root]?.files ?? [:] }
    let removed = records.keys.filter { !listed.contains($0) }
    state.withLock { state in
      for relative in removed where state.documents[absolutePath(of: relative, in: root)] == nil {
        state.indexes[root]?.removeFile(relativePath: relative)
        state.unsavedRoots.insert(root)
      }
    }

    let candidates = crawl.files.filter { file in
      guard let record = records[file.path] else { return true }
      return record.byteCount != file.byteCount || record.modificationTimeNanoseconds != file.modificationTimeNanoseconds
    }
    scanObserver?(root, .listed)
    var done = 0
    var changed = 0
    var reused = 0
    for batchStart in stride(from: 0, to: candidates.count, by: indexBatchSize) {
      if isCancelled() { return "cancelled" }
      let batch = Array(candidates[batchStart..<min(candidates.count, batchStart + indexBatchSize)])
      let generations = state.withLock { state in batch.map { state.generation(absolutePath(of: $0.path, in: root)) } }
      let updates = ConcurrentSlots<FileUpdate>(count: batch.count)
      DispatchQueue.concurrentPerform(iterations: batch.count) { index in
        let file = batch[index]
        updates.fill(
          index,
          with: self.readAndIndex(
            root: root, relativePath: file.path, generation: generations[index], maxFileBytes: settings.maxFileBytes,
            knownHash: records[file.path]?.contentHash,
            metadata: (file.byteCount, file.modificationTimeNanoseconds)))
      }
      let batchUpdates = updates.values.compactMap { $0 }
      reused += batchUpdates.filter { $0.entry?.isReused == true }.count
      scanObserver?(root, .batchRead)
      changed += apply(batchUpdates, reindexingOpenDocuments: true)
      scanObserver?(root, .batchApplied)
      done += batch.count
      onEvent(.workReported(id: id, message: "\(done) of \(candidates.count) files read"))
    }
    let elapsed = ContinuousClock.now - started
    let total = state.withLock { $0.indexes[root]?.files.count ?? 0 }
    let summary =
      "\(total) files (\(changed) indexed, \(reused) of them reused by content, \(removed.count) removed, "
      + "\(crawl.skipped.count) skipped, "
      + "\(crawl.ignoredCount) ignored) in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds])))"
    logger.info("indexed \(root): \(summary)")
    return summary
  }

  /// Reads a file and indexes it, unless its bytes hash to `knownHash`.
  ///
  /// - Parameter metadata: Size and modification time as the crawl saw them; read with `stat` when `nil`.
  private func readAndIndex(
    root: String, relativePath: String, generation: Int, maxFileBytes: Int, knownHash: UInt64?,
    metadata: (byteCount: Int, modificationTimeNanoseconds: Int64)? = nil
  ) -> FileUpdate {
    let path = absolutePath(of: relativePath, in: root)
    guard let bytes = FileIndexer.read(path, maxFileBytes: maxFileBytes) else {
      return FileUpdate(root: root, relativePath: relativePath, generation: generation, entry: nil)
    }
    let hash = ContentHash.of(bytes)
    let reused = hash == knownHash ? nil : retiredContent(hash, relativePath: relativePath)
    let content: IndexedContent? =
      hash == knownHash ? nil : reused ?? FileIndexer.index(bytes, relativePath: relativePath)
    let entry = FileUpdate.Entry(
      byteCount: metadata?.byteCount ?? bytes.count,
      modificationTimeNanoseconds: metadata?.modificationTimeNanoseconds ?? modificationNanoseconds(path) ?? 0,
      contentHash: hash, content: content, isReused: reused != nil)
    return FileUpdate(root: root, relativePath: relativePath, generation: generation, entry: entry)
  }

  /// Applies updates whose generation is still current; open documents keep their editor text.
  ///
  /// A scan's update for a file the index does not know yet is never just dropped when stale, because the updater
  /// takes only files a scan admitted: for a document opened (or edited) while the scan read it, the update is
  /// applied and the editor's text replaces it right after; for any other file it is read again.
  ///
  /// - Parameter reindexingOpenDocuments: Whether the updates come from a scan, which admits files to the index.
  /// - Returns: How many files changed in the index.
  @discardableResult
  private func apply(_ updates: [FileUpdate], reindexingOpenDocuments: Bool) -> Int {
    var changed = 0
    state.withLock { state in
      for update in updates {
        let path = absolutePath(of: update.relativePath, in: update.root)
        // Not bound to a local: a second reference would make the mutations below copy the whole index.
        guard state.indexes[update.root] != nil else { continue }
        if state.generation(path) != update.generation {
          // Whoever made it stale queued a newer update, except for a file the index does not know yet: the
          // updater takes only files a scan admitted, so a scan's stale update is what admits it.
          guard reindexingOpenDocuments, state.indexes[update.root]?.files[update.relativePath] == nil else { continue }
          if state.documents[path] == nil {
            // Closed, changed or deleted on disk since it was read: read it again (gone, it stays out).
            state.dirtyPaths[update.root, default: []].insert(update.relativePath)
            continue
          }
        }
        if state.documents[path] != nil && reindexingOpenDocuments {
          // Index the file so it is known, then let the editor's text replace it.
          state.dirtyDocuments.insert(path)
        }
        guard let entry = update.entry else {
          state.retireContent(of: update.relativePath, in: update.root)
          if state.indexes[update.root]?.removeFile(relativePath: update.relativePath) == true { changed += 1 }
          continue
        }
        // Unchanged bytes (a touched file): the entries stay; the next scan hashes it again.
        guard let content = entry.content else { continue }
        state.retireContent(of: update.relativePath, in: update.root)
        switch content {
        case .scanned(let chunks, let symbols):
          state.indexes[update.root]?.updateFile(
            relativePath: update.relativePath, byteCount: entry.byteCount,
            modificationTimeNanoseconds: entry.modificationTimeNanoseconds, contentHash: entry.contentHash,
            chunks: chunks, symbols: symbols)
        case .reused(let detached):
          state.indexes[update.root]?.updateFile(
            relativePath: update.relativePath, byteCount: entry.byteCount,
            modificationTimeNanoseconds: entry.modificationTimeNanoseconds, contentHash: entry.contentHash,
            reusing: detached)
        }
        state.unsavedRoots.insert(update.root)
        changed += 1
      }
    }
    startUpdaterIfNeeded()
    return changed
  }

  // MARK: Incremental updates

  /// Starts the task that drains changed files and documents, if there is work and it is not running.
  func startUpdaterIfNeeded() {
    state.withLock { state in
      guard state.updater == nil, !state.isShutDown, !state.dirtyPaths.isEmpty || !state.dirtyDocuments.isEmpty
      else { return }
      state.updater = Task { await self.drainUpdates() }
    }
  }

  private struct PendingWork: Sendable {
    var documents: [(root: String, relativePath: String, generation: Int, bytes: [UInt8])] = []
    var files: [(root: String, relativePath: String, generation: Int)] = []
  }

  private func drainUpdates() async {
    let maxFileBytes = state.withLock { $0.settings.maxFileBytes }
    var touchedRoots: Set<String> = []
    while !Task.isCancelled {
      let work = state.withLock { state -> PendingWork? in
        var work = PendingWork()
        // Open documents whose file is queued (admitted by a scan) but not indexed yet: the file is read from disk
        // in this round so it is known, and the document is indexed in the next.
        var waiting: Set<String> = []
        for path in state.dirtyDocuments {
          guard let document = state.documents[path], let root = state.roots.root(containing: path) else { continue }
          let relative = relativePath(of: path, in: root)
          // Only files the crawl admitted are indexed, so ignored and secret files stay out even when open.
          guard state.indexes[root]?.files[relative] != nil else {
            if state.dirtyPaths[root]?.contains(relative) == true { waiting.insert(path) }
            continue
          }
          guard document.text.bytes.count <= max(maxFileBytes, 4 << 20) else { continue }
          work.documents.append((root, relative, state.generation(path), document.text.bytes))
        }
        state.dirtyDocuments = waiting
        for (root, paths) in state.dirtyPaths {
          for relative in paths {
            let path = absolutePath(of: relative, in: root)
            guard state.documents[path] == nil || waiting.contains(path) else { continue }
            work.files.append((root, relative, state.generation(path)))
          }
        }
        state.dirtyPaths = [:]
        if work.documents.isEmpty && work.files.isEmpty {
          state.updater = nil
          return nil
        }
        return work
      }
      guard let work else { break }
      let updates = await BlockingWork.run(name: "docent-update") { _ -> [FileUpdate] in
        var updates: [FileUpdate] = []
        for document in work.documents {
          let hash = ContentHash.of(document.bytes)
          let content =
            self.retiredContent(hash, relativePath: document.relativePath)
            ?? FileIndexer.index(document.bytes, relativePath: document.relativePath)
          let entry = FileUpdate.Entry(
            byteCount: document.bytes.count, modificationTimeNanoseconds: 0, contentHash: hash, content: content)
          updates.append(FileUpdate(
            root: document.root, relativePath: document.relativePath, generation: document.generation, entry: entry))
        }
        for file in work.files {
          updates.append(
            self.readAndIndex(
              root: file.root, relativePath: file.relativePath, generation: file.generation,
              maxFileBytes: maxFileBytes, knownHash: nil))
        }
        return updates
      }
      apply(updates, reindexingOpenDocuments: false)
      touchedRoots.formUnion(updates.map(\.root))
    }
    state.withLock { state in
      if Task.isCancelled { state.updater = nil }
    }
    for root in touchedRoots { scheduleSave(of: root, after: incrementalSaveDelay) }
    startUpdaterIfNeeded()
    resumeWaitersIfIdle()
  }

  // MARK: Persistence

  /// Where a root's index is stored.
  static func storePath(for root: String, settings: IndexSettings) -> String {
    switch settings.location {
    case .workspace:
      return root + "/.docent/index.bin"
    case .cache:
      let key = String(XXHash64.hash(Array(root.utf8)), radix: 16)
      return settings.cacheDirectory + "/index/" + key + "/index.bin"
    }
  }

  private func loadStoreIfNeeded(_ root: String, from storePath: String) {
    let isEmpty = state.withLock { $0.indexes[root]?.files.isEmpty ?? false }
    guard isEmpty, FileManager.default.fileExists(atPath: storePath) else { return }
    do {
      let loaded = try IndexStore.load(from: storePath)
      guard loaded.lexicalIndex.configuration == searchConfiguration else {
        logger.info("the stored index of \(root) was built with other ranking settings; rebuilding it")
        return
      }
      state.withLock { state in
        if state.indexes[root]?.files.isEmpty == true { state.indexes[root] = loaded }
      }
      logger.info("loaded the index of \(root): \(loaded.files.count) files")
    } catch {
      logger.warning("the stored index of \(root) cannot be used (\(error)); rebuilding it")
    }
  }

  /// Writes a root's index to disk after `delay`, unless a write is already scheduled.
  func scheduleSave(of root: String, after delay: Duration) {
    state.withLock { state in
      guard state.unsavedRoots.contains(root), state.saves[root] == nil, !state.isShutDown else { return }
      state.saves[root] = Task {
        if delay > .zero { try? await Task.sleep(for: delay) }
        await self.save(root)
      }
    }
  }

  private func save(_ root: String) async {
    let settings = state.withLock { $0.settings }
    let storePath = Self.storePath(for: root, settings: settings)
    let snapshot = state.withLock { state -> IndexState? in
      state.unsavedRoots.remove(root)
      return state.indexes[root]
    }
    if let snapshot {
      let error = await BlockingWork.run(name: "docent-save") { _ -> (any Error)? in
        do {
          try FileManager.default.createDirectory(
            atPath: (storePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
          try IndexStore.save(snapshot, to: storePath)
          return nil
        } catch {
          return error
        }
      }
      if let error { logger.warning("could not save the index of \(root): \(error)") }
    }
    state.withLock { $0.saves[root] = nil }
    scheduleSave(of: root, after: incrementalSaveDelay)
  }
}

/// The modification time of a file in nanoseconds since 1970, from `stat`.
func modificationNanoseconds(_ path: String) -> Int64? {
  var info = stat()
  guard stat(path, &info) == 0 else { return nil }
  return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
}


extension DocentEngine {
  /// The chunks and symbols of content that was indexed before, if still remembered.
  fileprivate func retiredContent(_ hash: UInt64, relativePath: String) -> IndexedContent? {
    guard let content = state.withLock({ $0.retired.content(for: hash) }) else { return nil }
    // The same bytes under another extension are another language, chunked differently.
    let language = Language.detect(path: relativePath).rawValue
    return content.chunks.allSatisfy { $0.language == language } ? .reused(content) : nil
  }
}

extension DocentEngine.State {
  /// Remembers what the index holds for a file before it is replaced or removed.
  mutating func retireContent(of relativePath: String, in root: String) {
    guard let index = indexes[root], let record = index.files[relativePath], !record.documentIDs.isEmpty,
      !retired.contains(record.contentHash), let content = index.detachedContent(ofFile: relativePath)
    else { return }
    retired.insert(content, for: record.contentHash)
  }
}

/// A bounded, least-recently-inserted-first cache of indexed contents by content hash.
///
/// Entries are chunk snippets, term vectors and symbols; the count bound keeps memory in check.
struct RetiredContents {
  /// Contents remembered at most.
  static let capacity = 2_048

  private var entries: [UInt64: DetachedFileContent] = [:]
  private var order: [UInt64] = []
  private var head = 0

  func contains(_ hash: UInt64) -> Bool { entries[hash] != nil }

  func content(for hash: UInt64) -> DetachedFileContent? { entries[hash] }

  mutating func insert(_ content: DetachedFileContent, for hash: UInt64) {
    guard entries.updateValue(content, forKey: hash) == nil else { return }
    order.append(hash)
    if order.count - head > Self.capacity {
      entries[order[head]] = nil
      head += 1
      if head > Self.capacity {
        order.removeFirst(head)
        head = 0
      }
    }
  }
}
