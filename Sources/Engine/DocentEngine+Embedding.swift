import Basics
import Foundation
import Retrieval
import Synchronization
import Workspace

/// Chunks embedded per batch: the unit of progress reports, cancellation checks and vector updates.
private let embeddingBatchSize = 32

/// How long vectors may stay unsaved while a long embedding pass runs, so a crash loses at most this much work.
private let embeddingSaveInterval = Duration.seconds(30)

/// Characters of a chunk's body given to the model at most; MiniLM sees 256 tokens, so more is wasted work.
private let embeddingBodyCharacterLimit = 1_200

extension DocentEngine {
  /// The embedding model and the background job that gives every chunk a vector.
  struct EmbeddingJobState {
    var configuration = EmbeddingConfiguration.disabled
    /// Bumped when the configuration changes; work of an older generation is dropped.
    var generation = 0
    var model: (any EmbeddingModel)?
    var phase: EmbeddingStatus.Phase = .disabled
    var message: String?
    var loadTask: Task<Void, Never>?
    var job: Job?
    /// Whether every chunk had a vector at some point since the model loaded: from then on search is hybrid by
    /// default, and chunks changed by edits are embedded in the background without switching back to lexical.
    var vectorsWereReady = false

    var isBusy: Bool { loadTask != nil || job != nil }
  }

  // MARK: Configuration

  /// Chooses the embedding model for semantic search; once the lexical index has chunks, the model is loaded (on
  /// a thread of its own) and every chunk is embedded in the background.
  ///
  /// A model that cannot be loaded is reported once as an ``EngineEvent/notice(_:)``; lexical search keeps working.
  /// Calling this again with the same model path (and loader presence) changes nothing.
  public func configureEmbedding(_ configuration: EmbeddingConfiguration) {
    let previous = state.withLock { state -> (load: Task<Void, Never>?, job: Job?)? in
      let current = state.embedding.configuration
      let isSame =
        (current.loader == nil) == (configuration.loader == nil)
        && (configuration.loader == nil || current.modelPath == configuration.modelPath)
      if isSame { return nil }
      let previous = (state.embedding.loadTask, state.embedding.job)
      var embedding = EmbeddingJobState()
      embedding.configuration = configuration
      embedding.generation = state.embedding.generation + 1
      if configuration.loader != nil {
        // Loaded once there are chunks to embed (see `startEmbeddingIfNeeded`), so a server without a workspace
        // never pays for the model's memory.
        embedding.phase = .loading
      } else {
        for root in state.indexes.keys { state.indexes[root]?.removeVectors() }
      }
      state.embedding = embedding
      return previous
    }
    guard let previous else { return }
    previous.load?.cancel()
    if let job = previous.job {
      job.task.cancel()
      onEvent(.workEnded(id: job.id, message: "cancelled"))
    }
    resumeWaitersIfIdle()
  }

  /// Where semantic search stands, for status reports.
  public var embeddingStatus: EmbeddingStatus {
    state.withLock { $0.embeddingStatus }
  }

  private func loadModel(_ loader: EmbeddingModelLoader, path: String, generation: Int) async {
    let result = await BlockingWork.run(name: "docent-load-model") { _ in
      Result { () throws -> any EmbeddingModel in try loader.load(path) }
    }
    let problem = state.withLock { state -> String? in
      guard state.embedding.generation == generation else { return nil }
      state.embedding.loadTask = nil
      switch result {
      case .success(let model):
        state.embedding.model = model
        state.embedding.phase = .embedding
        return nil
      case .failure(let error):
        let reason = (error as? EngineError)?.message ?? "\(error)"
        let message =
          "Semantic search is off: \(reason). Run scripts/fetch-models.sh, set DOCENT_MODELS, or point the "
          + "embeddingModel setting at an all-MiniLM-L6-v2 folder. Lexical search still works."
        state.embedding.phase = .unavailable
        state.embedding.message = message
        return message
      }
    }
    if let problem {
      logger.info("\(problem)")
      onEvent(.notice(EngineEvent.Notice(severity: .warning, message: problem)))
    } else if case .success(let model) = result {
      logger.info("loaded the embedding model \(model.identifier)")
    }
    resumeWaitersIfIdle()
  }

  // MARK: Background embedding

  /// Starts the embedding job when a model is loaded, the lexical index is idle and some chunk lacks a vector.
  ///
  /// Called whenever indexing work ends (from ``resumeWaitersIfIdle()``), so vectors follow every change.
  func startEmbeddingIfNeeded() {
    let planned = state.withLock { state -> (id: Int, generation: Int)? in
      guard state.isStarted, !state.isShutDown, state.rootJobs.isEmpty, state.updater == nil,
        state.embedding.job == nil
      else { return nil }
      guard let model = state.embedding.model else {
        if state.embedding.phase == .loading, state.embedding.loadTask == nil,
          let loader = state.embedding.configuration.loader,
          state.indexes.values.contains(where: { !$0.documents.isEmpty })
        {
          let generation = state.embedding.generation
          let path = state.embedding.configuration.modelPath
          state.embedding.loadTask = Task { await self.loadModel(loader, path: path, generation: generation) }
        }
        return nil
      }
      let configuration = Self.vectorConfiguration(for: model)
      var isPending = false
      for root in state.indexes.keys {
        state.indexes[root]?.configureVectors(configuration)
        if let index = state.indexes[root], (index.vectorIndex?.count ?? 0) < index.documents.count {
          isPending = true
        }
      }
      guard isPending else {
        state.embedding.phase = .ready
        state.embedding.vectorsWereReady = true
        return nil
      }
      state.embedding.phase = .embedding
      return (state.makeID(), state.embedding.generation)
    }
    guard let planned else { return }
    // Announced before the task exists, so the end can never be reported before the beginning.
    onEvent(.workBegan(id: planned.id, title: "Embedding chunks"))
    let started = state.withLock { state -> Bool in
      guard state.embedding.job == nil, state.embedding.generation == planned.generation, !state.isShutDown,
        let model = state.embedding.model
      else { return false }
      let task = Task { await self.runEmbedding(id: planned.id, model: model, generation: planned.generation) }
      state.embedding.job = Job(id: planned.id, task: task)
      return true
    }
    if !started { onEvent(.workEnded(id: planned.id, message: "cancelled")) }
  }

  /// The vector index configuration for a model's vectors.
  static func vectorConfiguration(for model: any EmbeddingModel) -> VectorIndex.Configuration {
    VectorIndex.Configuration(dimension: model.dimension, encoding: .float16, modelIdentifier: model.identifier)
  }

  /// Embeds every chunk without a vector, in batches, pass after pass until none is left (edits made during a
  /// pass are picked up by the next).
  private func runEmbedding(id: Int, model: any EmbeddingModel, generation: Int) async {
    var embedded = 0
    var failure: String?
    var touchedRoots: Set<String> = []
    let started = ContinuousClock.now
    let maxFileBytes = state.withLock { $0.settings.maxFileBytes }
    passes: while !Task.isCancelled {
      let pending = state.withLock { state -> [(root: String, id: DocumentID)] in
        guard state.embedding.generation == generation else { return [] }
        var pending: [(root: String, id: DocumentID)] = []
        for root in state.indexes.keys.sorted() {
          pending += (state.indexes[root]?.documentsWithoutVectors ?? []).map { (root, $0) }
        }
        return pending
      }
      if pending.isEmpty { break }
      let total = embedded + pending.count
      for batchStart in stride(from: 0, to: pending.count, by: embeddingBatchSize) {
        if Task.isCancelled { break passes }
        let batch = pending[batchStart..<min(pending.count, batchStart + embeddingBatchSize)]
        let chunks = state.withLock { state in
          batch.compactMap { item -> (root: String, id: DocumentID, document: ChunkDocument, openText: [UInt8]?)? in
            guard let document = state.indexes[item.root]?.documents[item.id] else { return nil }
            let openText = state.documents[absolutePath(of: document.path, in: item.root)]?.text.bytes
            return (item.root, item.id, document, openText)
          }
        }
        // The index keeps no chunk texts: each file of the batch is read (the editor's text when open) and
        // scanned again once, which gives every chunk its doc comment and text as indexing saw them.
        var sources: [String: EmbeddingSource] = [:]
        let items = chunks.map { chunk -> (root: String, id: DocumentID, text: String) in
          let path = absolutePath(of: chunk.document.path, in: chunk.root)
          if sources[path] == nil {
            sources[path] = EmbeddingSource(
              chunk.openText, path: path, relativePath: chunk.document.path, maxFileBytes: maxFileBytes)
          }
          return (chunk.root, chunk.id, sources[path]?.text(of: chunk.document) ?? chunk.document.path)
        }
        let vectors: [[Float]]
        do {
          vectors = try await model.embed(items.map(\.text))
        } catch is CancellationError {
          break passes
        } catch {
          failure = "embedding failed: \(error)"
          break passes
        }
        let roots = state.withLock { state -> Set<String> in
          guard state.embedding.generation == generation else { return [] }
          var roots: Set<String> = []
          for (item, vector) in zip(items, vectors) {
            // `false` (or an error) means the chunk changed while it was embedded: its replacement is pending.
            if (try? state.indexes[item.root]?.setVector(vector, for: item.id)) == true { roots.insert(item.root) }
          }
          state.unsavedRoots.formUnion(roots)
          return roots
        }
        touchedRoots.formUnion(roots)
        for root in roots { scheduleSave(of: root, after: embeddingSaveInterval) }
        embedded += batch.count
        onEvent(.workReported(id: id, message: "\(embedded) of \(total) chunks embedded"))
      }
    }
    let wasCancelled = Task.isCancelled
    let isCurrent = state.withLock { state -> Bool in
      guard state.embedding.job?.id == id else { return false }
      state.embedding.job = nil
      if let failure {
        state.embedding.phase = .unavailable
        state.embedding.message = failure
        state.embedding.model = nil
      }
      return true
    }
    let seconds = (ContinuousClock.now - started).formatted(.units(allowed: [.seconds, .milliseconds]))
    if isCurrent {
      onEvent(.workEnded(id: id, message: failure ?? (wasCancelled ? "cancelled" : "\(embedded) chunks embedded")))
    }
    if let failure {
      logger.error("\(failure)")
      onEvent(.notice(EngineEvent.Notice(severity: .error, message: "Semantic search is off: \(failure)")))
    } else {
      logger.info("embedded \(embedded) chunks in \(seconds)")
    }
    for root in touchedRoots { scheduleSave(of: root, after: .zero) }
    resumeWaitersIfIdle()
  }

  /// Cancels model loading and embedding (at shutdown).
  func cancelEmbedding() {
    let (load, job) = state.withLock { state in
      defer {
        state.embedding.loadTask = nil
        state.embedding.job = nil
      }
      return (state.embedding.loadTask, state.embedding.job)
    }
    load?.cancel()
    if let job {
      job.task.cancel()
      onEvent(.workEnded(id: job.id, message: "cancelled"))
    }
  }
}

extension DocentEngine.State {
  /// Where semantic search stands.
  var embeddingStatus: EmbeddingStatus {
    let count = indexes.values.reduce(0) { $0 + ($1.vectorIndex?.count ?? 0) }
    var phase = embedding.phase
    if phase == .loading && embedding.loadTask == nil {
      // Nothing to embed yet: the model is loaded with the first chunks.
      phase = .ready
    }
    if phase == .embedding || phase == .ready {
      let isComplete =
        embedding.job == nil && indexes.values.allSatisfy { ($0.vectorIndex?.count ?? 0) == $0.documents.count }
      phase = isComplete && !isBusy ? .ready : .embedding
    }
    return EmbeddingStatus(phase: phase, embeddedChunkCount: count, message: embedding.message)
  }
}

/// A file scanned again for embedding its chunks: the index keeps only snippets, and the model reads best a chunk's
/// doc comment given on its own ahead of its code (measured on the search development set).
struct EmbeddingSource {
  /// The scanned chunks by line range.
  private var chunks: [ClosedRange<Int>: [ChunkContent]] = [:]
  /// The file's bytes, for chunks the scan no longer finds (the file changed since it was indexed).
  private var bytes: [UInt8] = []

  /// Reads (or takes the editor's text) and scans a file; secrets are redacted by the scan, as for indexing.
  ///
  /// - Parameters:
  ///   - openText: The editor's text when the file is open; it overrides the disk.
  ///   - path: The file's absolute path inside its root, read when `openText` is `nil`.
  init(_ openText: [UInt8]?, path: String, relativePath: String, maxFileBytes: Int) {
    guard let bytes = openText ?? FileIndexer.read(path, maxFileBytes: maxFileBytes) else { return }
    if case .scanned(let scanned, _) = FileIndexer.index(bytes, relativePath: relativePath) {
      for chunk in scanned { chunks[chunk.startLine...max(chunk.startLine, chunk.endLine), default: []].append(chunk) }
    }
    self.bytes = bytes
  }

  /// The text the model embeds for `document`.
  func text(of document: ChunkDocument) -> String {
    let range = document.startLine...max(document.startLine, document.endLine)
    if let content = chunks[range]?.first(where: { $0.symbol == document.symbol && $0.kind == document.kind }) {
      return embeddingText(path: document.path, content: content)
    }
    // Rare (the file changed since it was indexed): the chunk's current lines, redacted as indexing redacts.
    let lines = String(decoding: SecretRedactor.redact(bytes).bytes, as: UTF8.self)
      .split(separator: "\n", omittingEmptySubsequences: false)
    let first = max(document.startLine - 1, 0)
    let last = min(document.endLine, lines.count)
    var body = ""
    if first < last {
      for line in lines[first..<last] where body.count < embeddingBodyCharacterLimit {
        body += line
        body += "\n"
      }
    } else {
      body = document.snippet
    }
    let content = ChunkContent(
      language: document.language, startLine: document.startLine, endLine: document.endLine,
      symbol: document.symbol, kind: document.kind, container: document.container, documentation: "", body: body)
    return embeddingText(path: document.path, content: content)
  }
}

/// The text the model embeds for a scanned chunk: where it is and what it declares first, then its documentation
/// and the beginning of its code.
///
/// MiniLM sees only 256 tokens, so the parts that say most about a chunk come first: the path, the declaration's
/// kind and qualified name, its doc comment, then the body (whose first line is usually the signature), cut to
/// what the model can read.
func embeddingText(path: String, content: ChunkContent) -> String {
  var text = path
  if !content.symbol.isEmpty {
    let name = content.container.isEmpty ? content.symbol : content.container + "." + content.symbol
    text += "\n" + (content.kind.isEmpty ? name : content.kind + " " + name)
  }
  if !content.documentation.isEmpty { text += "\n" + content.documentation }
  text += "\n" + String(content.body.prefix(embeddingBodyCharacterLimit))
  return text
}
