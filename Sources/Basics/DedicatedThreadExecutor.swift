// A serial executor that owns one thread, so model work (long synchronous kernels) never occupies the few threads
// of Swift's cooperative pool. `DispatchSerialQueue` would do this on Darwin but does not exist on Linux.

import Foundation
import Synchronization

/// A `SerialExecutor` that runs every job, in the order enqueued, on one thread it owns.
///
/// Actors that do model work (decoding with a KV cache, embedding batches, training steps) return this executor
/// from `unownedExecutor`, so their synchronous kernels block only this thread:
///
/// ```swift
/// actor Generator {
///   private let executor = DedicatedThreadExecutor(name: "docent.model")
///   nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
/// }
/// ```
///
/// Jobs run first in, first out, whatever their priority, which makes the actor's queue fair. The thread lives
/// as long as the process: create one per model, not per request.
///
/// `@unchecked Sendable`: the job queue is guarded by `lock`; everything else is immutable.
public final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
  private let lock = NSCondition()
  /// Jobs waiting to run, oldest first; guarded by `lock`.
  private var jobs: [UnownedJob] = []
  /// Index of the next job in `jobs` to run (the array is compacted when it drains); guarded by `lock`.
  private var head = 0

  /// Starts the thread.
  ///
  /// - Parameter name: The thread's name, for debuggers and profilers.
  public init(name: String) {
    // The thread holds the executor strongly: both live until the process ends.
    let thread = Thread { self.runLoop() }
    thread.name = name
    thread.stackSize = 8 << 20
    thread.start()
  }

  /// Queues `job` to run on the executor's thread after every job queued before it.
  public func enqueue(_ job: consuming ExecutorJob) {
    let unowned = UnownedJob(job)
    lock.lock()
    jobs.append(unowned)
    lock.signal()
    lock.unlock()
  }

  /// This executor as the unowned reference actors return from `unownedExecutor`.
  public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
    UnownedSerialExecutor(ordinary: self)
  }

  private func runLoop() {
    while true {
      lock.lock()
      while head == jobs.count { lock.wait() }
      let job = jobs[head]
      head += 1
      if head == jobs.count {
        jobs.removeAll(keepingCapacity: true)
        head = 0
      }
      lock.unlock()
      job.runSynchronously(on: asUnownedSerialExecutor())
    }
  }
}
