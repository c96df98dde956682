import Foundation
import Synchronization

/// Runs blocking work (file-system walks, large reads) on a thread of its own, so it never occupies one of the
/// few threads of Swift's cooperative pool.
public enum BlockingWork {
  /// A flag the work polls to stop early when the awaiting task is cancelled.
  public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    /// Whether the awaiting task was cancelled.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
    fileprivate func cancel() { flag.store(true, ordering: .relaxed) }
  }

  /// Runs `work` on a new thread and returns its result.
  ///
  /// Cancelling the calling task sets the flag passed to `work`; the work decides when to stop, and its result
  /// (possibly partial) is still returned.
  ///
  /// - Parameters:
  ///   - name: The thread's name, for debuggers and profilers.
  ///   - work: The blocking work.
  public static func run<T: Sendable>(
    name: String, _ work: @escaping @Sendable (CancellationFlag) -> T
  ) async -> T {
    let flag = CancellationFlag()
    return await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
        let thread = Thread { continuation.resume(returning: work(flag)) }
        thread.name = name
        thread.start()
      }
    } onCancel: {
      flag.cancel()
    }
  }
}
