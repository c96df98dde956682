import JSONRPC
import Basics
import Engine
import LSP

/// One piece of engine work as the client sees it.
struct ProgressItem {
  enum Stage {
    /// Waiting out the delay; ending now shows nothing.
    case delayed(backgroundID: Int)
    /// `window/workDoneProgress/create` sent, not yet answered.
    case creating
    /// `begin` sent.
    case active
  }

  var title: String
  var stage: Stage
  var lastMessage: String?
  /// Set when the work ended while the progress was being created.
  var endMessage: String??
}

extension LanguageServer {
  /// Turns engine events into `$/progress` (after the configured delay, so short work does not flicker) and
  /// `window/showMessage`.
  func handle(_ event: EngineEvent) {
    switch event {
    case .notice(let notice):
      let kind: MessageKind =
        switch notice.severity {
        case .error: .error
        case .warning: .warning
        case .info: .info
        }
      showMessage(kind, notice.message)

    case .workBegan(let id, let title):
      logger.debug("work \(id) began: \(title)")
      guard clientCapabilities.window?.workDoneProgress == true, phase == .running else { return }
      let delay = settings.progressDelay
      if delay == .zero {
        // No debounce: the stream starts now, before a quick end event could be handled.
        progress[id] = ProgressItem(title: title, stage: .creating)
        startBackground { await self.createProgress(id) }
        return
      }
      let backgroundID = startBackground {
        do { try await Task.sleep(for: delay) } catch { return }
        await self.beginCreatingProgress(id)
      }
      // The task cannot reach `beginCreatingProgress` before this returns: it needs the actor.
      progress[id] = ProgressItem(title: title, stage: .delayed(backgroundID: backgroundID))

    case .workReported(let id, let message):
      guard var item = progress[id] else { return }
      item.lastMessage = message
      progress[id] = item
      if case .active = item.stage {
        sendProgress(id, .report(message: message, percentage: nil))
      }

    case .workEnded(let id, let message):
      logger.debug("work \(id) ended: \(message ?? "")")
      guard var item = progress[id] else { return }
      switch item.stage {
      case .delayed(let backgroundID):
        backgroundTasks[backgroundID]?.cancel()
        progress[id] = nil
      case .creating:
        item.endMessage = .some(message)
        progress[id] = item
      case .active:
        sendProgress(id, .end(message: message))
        progress[id] = nil
      }
    }
  }

  /// Ends the delay of work still running and creates its progress stream.
  private func beginCreatingProgress(_ id: Int) async {
    guard var item = progress[id], case .delayed = item.stage else { return }
    item.stage = .creating
    progress[id] = item
    await createProgress(id)
  }

  /// Asks the client for a progress stream and sends `begin` (and `end` if the work ended meanwhile).
  private func createProgress(_ id: Int) async {
    do {
      _ = try await connection.sendRequest(
        method: WorkDoneProgressCreateRequest.method, params: WorkDoneProgressCreateRequest(token: token(id)),
        as: VoidResponse.self)
    } catch {
      logger.debug("the client refused progress: \(error)")
      progress[id] = nil
      return
    }
    guard var created = progress[id] else { return }
    sendProgress(id, .begin(title: created.title, message: created.lastMessage, percentage: nil, cancellable: false))
    if let endMessage = created.endMessage {
      sendProgress(id, .end(message: endMessage))
      progress[id] = nil
    } else {
      created.stage = .active
      progress[id] = created
    }
  }

  private func token(_ id: Int) -> ProgressToken { .string("docent-work-\(id)") }

  private func sendProgress(_ id: Int, _ value: WorkDoneProgress) {
    connection.sendNotification(
      method: ProgressNotification.method, params: ProgressNotification(token: token(id), value: value))
  }
}
