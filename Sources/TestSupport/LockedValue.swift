import Synchronization

/// A value shared between tasks, behind a lock (a reference so it can be captured and stored).
public final class LockedValue<Value: Sendable>: Sendable {
  private let mutex: Mutex<Value>

  public init(_ value: Value) { mutex = Mutex(value) }

  /// Reads or changes the value under the lock.
  public func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R {
    mutex.withLock { body(&$0) }
  }

  /// The current value.
  public var value: Value { mutex.withLock { $0 } }
}
