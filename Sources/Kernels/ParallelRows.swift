// Splitting a kernel's output rows across threads. Every multi-threaded kernel goes through here.

import Dispatch

/// Runs `body` over `0..<rowCount` split into contiguous ranges, on up to `threadCount` threads at once.
///
/// Each range is handed to exactly one call of `body`, so callers may write the rows of their range without
/// locks ("disjoint rows"); pass output pointers in an ``UnsafeSendable`` box. With one thread, or fewer rows
/// than `minimumRowsPerTask` allows splitting, `body` runs once on the calling thread.
///
/// - Parameters:
///   - rowCount: The number of rows.
///   - threadCount: The most ranges to run at once (at least 1).
///   - minimumRowsPerTask: The fewest rows worth a task of their own, so small kernels stay on one thread.
///   - body: Called with each range.
/// - Important: Blocks the calling thread until every range is done; call it from a model thread, never from
///   the cooperative pool.
public func parallelRows(
  _ rowCount: Int, threadCount: Int, minimumRowsPerTask: Int = 1, _ body: (Range<Int>) -> Void
) {
  guard rowCount > 0 else { return }
  let taskCount = min(max(1, threadCount), max(1, rowCount / max(1, minimumRowsPerTask)))
  if taskCount == 1 {
    body(0..<rowCount)
    return
  }
  withoutActuallyEscaping(body) { body in
    let box = UnsafeSendable(body)
    DispatchQueue.concurrentPerform(iterations: taskCount) { task in
      let start = rowCount * task / taskCount
      let end = rowCount * (task + 1) / taskCount
      if start < end { box.value(start..<end) }
    }
  }
}

/// Carries a value that is not `Sendable` across the threads of one kernel call.
///
/// `@unchecked Sendable`: the contract is the kernel's — each thread touches a disjoint part of what the value
/// points to, and the value does not outlive the call that created it.
public struct UnsafeSendable<Value>: @unchecked Sendable {
  /// The wrapped value.
  public let value: Value
  /// Wraps `value`.
  public init(_ value: Value) { self.value = value }
}
