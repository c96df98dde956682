import Foundation
public import Testing

/// Runs a suite's or test's body on threads of its own instead of on Swift's cooperative pool.
///
/// The cooperative pool has one thread per core: two on a 2-core machine. A test that computes for seconds
/// without awaiting (running a real model, fuzzing a reader, building an HNSW graph) holds one of them the whole
/// time, and two such tests at once stop every other test's tasks, timeouts included, so unrelated tests with
/// deadlines (a server answering within 30 s) fail. With this trait the body's jobs run on a fresh thread each
/// (through a task-executor preference, which child tasks inherit), and the pool stays free.
///
/// ```swift
/// @Suite(.offCooperativePool) struct DecoderFixtureTests { … }
/// ```
public struct OffCooperativePoolTrait: SuiteTrait, TestTrait, TestScoping {
  public var isRecursive: Bool { true }

  public func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    try await withTaskExecutorPreference(ThreadPerJobExecutor.shared) { try await function() }
  }
}

extension Trait where Self == OffCooperativePoolTrait {
  /// Runs the body on threads of its own instead of on Swift's cooperative pool; see ``OffCooperativePoolTrait``.
  public static var offCooperativePool: Self { Self() }
}

/// A task executor that runs every job on a new thread (with a main-thread-sized stack), for long synchronous
/// test bodies; cheap enough because such bodies are one or a few jobs.
final class ThreadPerJobExecutor: TaskExecutor, Sendable {
  static let shared = ThreadPerJobExecutor()

  /// Debug builds of model code use deep frames; match the usual 8 MiB main-thread stack.
  private static let stackByteCount = 8 << 20

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    let executor = asUnownedTaskExecutor()
    let thread = Thread { job.runSynchronously(on: executor) }
    thread.stackSize = Self.stackByteCount
    thread.name = "test body"
    thread.start()
  }
}
