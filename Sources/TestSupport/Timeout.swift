/// A wait in a test that took longer than its limit.
public struct TimeoutError: Error, CustomStringConvertible {
  public let what: String
  public let limit: Duration
  public var description: String { "timed out after \(limit) waiting for \(what)" }
}

/// Runs `operation`, failing with ``TimeoutError`` if it takes longer than `limit`. Every wait in the tests goes
/// through this, so a bug makes a test fail instead of hang.
///
/// - Important: `operation` must end when cancelled (every wait in `TestSupport` does); a task group cannot return
///   before all its children have.
public func withTimeout<T: Sendable>(
  _ limit: Duration = .seconds(30), _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
  try await withThrowingTaskGroup(of: T.self) { group in
    group.addTask { try await operation() }
    group.addTask {
      try await Task.sleep(for: limit)
      throw TimeoutError(what: what, limit: limit)
    }
    guard let result = try await group.next() else { throw TimeoutError(what: what, limit: limit) }
    group.cancelAll()
    return result
  }
}
