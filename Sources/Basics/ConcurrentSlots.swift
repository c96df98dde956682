/// A fixed number of result slots that concurrent iterations fill, each iteration writing only its own slot.
///
/// `@unchecked Sendable` because the storage is a raw buffer written from several threads: the contract is
/// "disjoint writes" — slot `i` is written by iteration `i` only, and read only after all iterations finished
/// (as `DispatchQueue.concurrentPerform` guarantees when it returns).
public final class ConcurrentSlots<Value>: @unchecked Sendable {
  private let buffer: UnsafeMutableBufferPointer<Value?>

  /// Creates `count` empty slots.
  public init(count: Int) {
    buffer = .allocate(capacity: count)
    buffer.initialize(repeating: nil)
  }

  deinit {
    buffer.deinitialize()
    buffer.deallocate()
  }

  /// Fills slot `index`; call once per slot, from the iteration that owns it.
  public func fill(_ index: Int, with value: Value?) {
    buffer[index] = value
  }

  /// The slots' values, once every writer has finished.
  public var values: [Value?] { Array(buffer) }
}
