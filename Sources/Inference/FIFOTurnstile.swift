// First-come, first-served access to one model, with cancellation of waiting requests.

import Synchronization

/// Lets one caller at a time through, in arrival order; a waiter that is cancelled leaves the line at once.
///
/// Actor method calls are not ordered across priorities, so the ``Generator`` queues requests here instead, which
/// makes its queue fair (FIFO).
final class FIFOTurnstile: Sendable {
  private struct Waiter {
    var id: UInt64
    var continuation: CheckedContinuation<Void, any Error>
  }
  private struct State {
    var isBusy = false
    var nextID: UInt64 = 0
    var waiters: [Waiter] = []
  }
  private let state = Mutex(State())

  /// Waits until every earlier caller has called ``leave()``, then holds the turnstile.
  ///
  /// - Throws: `CancellationError` if the task is cancelled before its turn (it then never holds the turnstile).
  func enter() async throws {
    let id = state.withLock { state in
      state.nextID += 1
      return state.nextID
    }
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        let resumeNow = state.withLock { state -> Bool in
          if !state.isBusy {
            state.isBusy = true
            return true
          }
          state.waiters.append(Waiter(id: id, continuation: continuation))
          return false
        }
        if resumeNow { continuation.resume() }
      }
    } onCancel: {
      let cancelled = state.withLock { state -> CheckedContinuation<Void, any Error>? in
        guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return state.waiters.remove(at: index).continuation
      }
      cancelled?.resume(throwing: CancellationError())
    }
  }

  /// Callers waiting for their turn.
  var waiterCount: Int { state.withLock { $0.waiters.count } }

  /// Passes the turnstile to the longest waiter, or frees it.
  func leave() {
    let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
      guard !state.waiters.isEmpty else {
        state.isBusy = false
        return nil
      }
      return state.waiters.removeFirst().continuation
    }
    next?.resume()
  }
}
