import Basics
import Engine
import Foundation
import JSONRPC
import LSP

/// `docent bench rpc`: round-trip latency and pipelined throughput of a trivial request against a real
/// `docent serve` child process over pipes.
public enum RPCBenchmark {
  /// What one run measured.
  public struct Report: Sendable {
    /// Sequential round trips measured (after warm-up).
    public var roundTrips: Int
    /// Median round-trip time.
    public var p50: Duration
    /// 99th-percentile round-trip time.
    public var p99: Duration
    /// Requests sent back to back before reading any answer.
    public var pipelinedRequests: Int
    /// Time from the first pipelined send to the last answer.
    public var pipelinedElapsed: Duration

    /// Pipelined requests answered per second.
    public var requestsPerSecond: Double {
      Double(pipelinedRequests) / max(pipelinedElapsed.seconds, 1e-9)
    }
  }

  /// The benchmark gave up: the server did not answer in time.
  public struct TimeoutError: Error, CustomStringConvertible {
    public var description: String { "the server did not answer within \(RPCBenchmark.timeLimit)" }
  }

  /// How long the whole benchmark may take before it gives up.
  static let timeLimit = Duration.seconds(600)

  /// Runs the benchmark, giving up (and killing the server) after ``timeLimit``.
  public static func run(executable: String, workspace: String, roundTrips: Int, pipelined: Int) async throws -> Report {
    try await withThrowingTaskGroup(of: Report.self) { group in
      group.addTask {
        try await measure(executable: executable, workspace: workspace, roundTrips: roundTrips, pipelined: pipelined)
      }
      group.addTask {
        try await Task.sleep(for: timeLimit)
        throw TimeoutError()
      }
      guard let report = try await group.next() else { throw TimeoutError() }
      group.cancelAll()
      return report
    }
  }

  /// Measures, as ``run(executable:workspace:roundTrips:pipelined:)`` describes.
  ///
  /// - Parameters:
  ///   - executable: The `docent` binary to start as `docent serve`.
  ///   - workspace: The folder the server is initialized with.
  ///   - roundTrips: Sequential requests to time.
  ///   - pipelined: Requests to send back to back.
  /// - Throws: When the server cannot be started or answers with an error.
  static func measure(executable: String, workspace: String, roundTrips: Int, pipelined: Int) async throws -> Report {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["serve", "--log-level", "error"]
    let toServer = Pipe()
    let fromServer = Pipe()
    process.standardInput = toServer
    process.standardOutput = fromServer
    try process.run()
    defer {
      try? toServer.fileHandleForWriting.close()
      if Task.isCancelled { process.terminate() }
      process.waitUntilExit()
    }
    let logger = Logger(level: .error)
    let connection = Connection(
      input: fromServer.fileHandleForReading.fileDescriptor, output: toServer.fileHandleForWriting.fileDescriptor,
      logger: logger)
    let reader = Task { await connection.run(handler: IgnoringHandler()) }
    defer { reader.cancel() }

    _ = try await connection.sendRequest(
      method: InitializeRequest.method,
      params: InitializeRequest(processId: nil, rootUri: DocumentURI(DocentEngine.uri(forPath: workspace))),
      as: InitializeResult.self)
    connection.sendNotification(method: InitializedNotification.method, params: InitializedNotification())
    _ = try await connection.sendRequest(
      method: SynchronizeRequest.method, params: SynchronizeRequest(), as: StatusResponse.self)

    let clock = ContinuousClock()
    for _ in 0..<min(100, roundTrips) {  // warm-up
      _ = try await connection.sendRequest(method: StatusRequest.method, params: StatusRequest(), as: StatusResponse.self)
    }
    var samples: [Duration] = []
    samples.reserveCapacity(roundTrips)
    for _ in 0..<roundTrips {
      let start = clock.now
      _ = try await connection.sendRequest(method: StatusRequest.method, params: StatusRequest(), as: StatusResponse.self)
      samples.append(clock.now - start)
    }
    samples.sort()

    let start = clock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<pipelined {
        group.addTask {
          _ = try await connection.sendRequest(
            method: StatusRequest.method, params: StatusRequest(), as: StatusResponse.self)
        }
      }
      try await group.waitForAll()
    }
    let elapsed = clock.now - start

    _ = try await connection.sendRequest(method: ShutdownRequest.method, params: ShutdownRequest(), as: VoidResponse.self)
    connection.sendNotification(method: ExitNotification.method, params: ExitNotification())
    return Report(
      roundTrips: roundTrips, p50: samples.percentile(0.50), p99: samples.percentile(0.99),
      pipelinedRequests: pipelined, pipelinedElapsed: elapsed)
  }

  private struct IgnoringHandler: MessageHandler {
    func handle(_ message: IncomingMessage, on connection: Connection) async {
      if case .request(let id, _) = message.kind { connection.send(result: VoidResponse(), id: id) }
    }
  }
}

extension Array where Element == Duration {
  /// The value at `fraction` (0...1) of an ascending list, by nearest rank; zero when empty.
  public func percentile(_ fraction: Double) -> Duration {
    guard !isEmpty else { return .zero }
    return self[Swift.min(count - 1, Int((Double(count - 1) * fraction).rounded()))]
  }
}

extension Duration {
  /// The duration in seconds.
  public var seconds: Double {
    let (seconds, attoseconds) = components
    return Double(seconds) + Double(attoseconds) * 1e-18
  }
}
