#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The CPU time consumed by the calling thread, for benchmarks on shared machines.
///
/// Wall-clock latencies on a machine busy with other work include time the thread spent waiting for a core;
/// thread CPU time does not, so two programs measured this way compare fairly even when the load changes
/// between their runs.
public enum ThreadCPUClock {
  /// The calling thread's CPU time so far.
  public static func now() -> Duration {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return .seconds(Int64(time.tv_sec)) + .nanoseconds(Int64(time.tv_nsec))
  }

  /// The thread CPU time `body` takes.
  public static func measure(_ body: () throws -> Void) rethrows -> Duration {
    let start = now()
    try body()
    return now() - start
  }
}
