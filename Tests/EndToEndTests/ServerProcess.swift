import Foundation
import JSONRPC
import TestSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `docent serve` as a bare child process, for what ``TestClient`` deliberately hides: the raw bytes on stdout, the
/// exit status while stdin is still open, the resident memory, a burst written before anything is read.
///
/// A dedicated thread reads stdout into ``Output`` (raw bytes, plus every framed body decoded as JSON); every wait
/// is bounded by a timeout and ends early when its task is cancelled. ``stop()`` (use it in a `defer`) kills the
/// process if a failed test left it running.
final class ServerProcess: Sendable {
  /// What the server wrote to stdout so far.
  struct Output: Sendable {
    /// Every byte, in order.
    var bytes: [UInt8] = []
    /// Every framed body decoded as JSON (`nil` for a body that is not JSON).
    var messages: [JSONValue?] = []
    /// Framing errors in stdout (there must be none).
    var framingErrors: [FramingError] = []
    /// Whether stdout reached end of file.
    var isClosed = false
  }

  private let process: Process
  private let toServer: Pipe
  private let inputClosed = LockedValue(false)
  let output = WatchedState(Output())
  private let exitStatus = WatchedState<Int32?>(nil)

  /// The child's process id.
  var processIdentifier: Int32 { process.processIdentifier }

  /// Starts `docent serve` with `arguments`; stderr goes to `standardError` (default: discarded).
  ///
  /// With `onlyStandardStreams`, `docent serve` starts with file descriptors 0, 1 and 2 only, as an editor should
  /// start it: a shell closes every other descriptor and then executes it in its own process (same process id).
  /// Foundation's `Process` otherwise hands its child one end of a Unix-domain socket pair of its own.
  init(arguments: [String] = [], standardError: FileHandle? = nil, onlyStandardStreams: Bool = false) throws {
    signal(SIGPIPE, SIG_IGN)
    process = Process()
    let executable = try DocentExecutable.path()
    if onlyStandardStreams {
      process.executableURL = URL(fileURLWithPath: "/bin/bash")
      let closeOthers = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi; done"#
      process.arguments = ["-c", closeOthers + #"; exec "$0" serve "$@""#, executable] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = ["serve"] + arguments
    }
    toServer = Pipe()
    let fromServer = Pipe()
    process.standardInput = toServer
    process.standardOutput = fromServer
    process.standardError = standardError ?? FileHandle.nullDevice
    let exitStatus = exitStatus
    process.terminationHandler = { process in
      let status = process.terminationStatus
      exitStatus.update { $0 = status }
    }
    try process.run()
    let readEnd = fromServer.fileHandleForReading
    let output = output
    let reader = Thread {
      var framer = MessageFramer(maxMessageBytes: Int.max)
      var chunk = [UInt8](repeating: 0, count: 64 * 1024)
      while true {
        let count = chunk.withUnsafeMutableBytes { read(readEnd.fileDescriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { break }
        let bytes = Array(chunk[0..<count])
        framer.append(bytes)
        var messages: [JSONValue?] = []
        var errors: [FramingError] = []
        while let event = framer.next() {
          switch event {
          case .message(let body): messages.append(try? JSONDecoder().decode(JSONValue.self, from: Data(body)))
          case .error(let error): errors.append(error)
          }
        }
        output.update { output in
          output.bytes += bytes
          output.messages += messages
          output.framingErrors += errors
        }
      }
      let leftover = framer.finish()
      output.update { output in
        if case .error(let error) = leftover { output.framingErrors.append(error) }
        output.isClosed = true
      }
      withExtendedLifetime(fromServer) {}
    }
    reader.name = "docent-test-stdout"
    reader.start()
  }

  // MARK: Writing

  /// Writes `bytes` to the server's stdin (blocking until the pipe takes them).
  func write(_ bytes: [UInt8]) throws {
    let fd = toServer.fileHandleForWriting.fileDescriptor
    try bytes.withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return }
      var offset = 0
      while offset < buffer.count {
        let written = writeToDescriptor(fd, base + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        offset += written
      }
    }
  }

  /// Writes one framed JSON body.
  func send(_ json: String) throws {
    try write(framed(Array(json.utf8)))
  }

  /// Sends a request with a string id and waits for its response.
  @discardableResult
  func request(
    _ method: String, id: String, params: String = "{}", timeout: Duration = .seconds(30)
  ) async throws -> JSONValue {
    try send(#"{"jsonrpc":"2.0","id":"\#(id)","method":"\#(method)","params":\#(params)}"#)
    return try await response(id: .string(id), timeout: timeout)
  }

  /// Sends `initialize` (no capabilities, so the server sends no requests of its own) and `initialized`.
  func initialize(workspace: TemporaryWorkspace? = nil) async throws {
    let root = workspace.map { #""\#($0.uri())""# } ?? "null"
    let response = try await request("initialize", id: "initialize", params: #"{"rootUri":\#(root),"capabilities":{},"initializationOptions":{"semanticSearch":false}}"#)
    guard response["result"]?["serverInfo"]?["name"] == "docent" else {
      throw UnexpectedOutput(description: "initialize failed: \(response)")
    }
    try send(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
  }

  /// Closes stdin: the server sees end of input.
  func closeInput() {
    let alreadyClosed = inputClosed.withLock { closed in
      defer { closed = true }
      return closed
    }
    if !alreadyClosed { try? toServer.fileHandleForWriting.close() }
  }

  /// Kills the process if it still runs and closes stdin (for `defer`; a passing test has already seen it exit).
  func stop() {
    if process.isRunning { process.terminate() }
    closeInput()
  }

  // MARK: Waiting

  /// Waits for the response (result or error) whose `id` is `id` (`.null` for an error the server could not
  /// attribute).
  func response(id: JSONValue, timeout: Duration = .seconds(30)) async throws -> JSONValue {
    try await output.wait("the response with id \(id)", timeout: timeout) { output in
      output.messages.first { message in
        guard let message, message["id"] == id else { return false }
        return message["result"] != nil || message["error"] != nil
      } ?? nil
    }
  }

  /// Waits until `predicate` holds for the output so far.
  func waitForOutput(
    _ what: String, timeout: Duration = .seconds(30), until predicate: @escaping @Sendable (Output) -> Bool
  ) async throws -> Output {
    try await output.wait(what, timeout: timeout) { predicate($0) ? $0 : nil }
  }

  /// Waits for the process to end (without closing stdin) and returns its exit status.
  func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
    try await exitStatus.wait("docent serve to exit", timeout: timeout) { $0 }
  }

  /// Waits for stdout to reach end of file and returns everything written to it.
  func waitForEndOfOutput(timeout: Duration = .seconds(30)) async throws -> Output {
    try await waitForOutput("the end of stdout", timeout: timeout) { $0.isClosed }
  }

  /// The process's resident and peak resident memory in bytes, from `/proc/<pid>/status`.
  func memory() throws -> (resident: Int, peak: Int) {
    let status = try String(contentsOfFile: "/proc/\(processIdentifier)/status", encoding: .utf8)
    func kilobytes(_ key: String) throws -> Int {
      guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }),
        let value = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
          .flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
      else { throw UnexpectedOutput(description: "no \(key) in /proc/\(processIdentifier)/status") }
      return value * 1024
    }
    return (try kilobytes("VmRSS"), try kilobytes("VmHWM"))
  }
}

/// `write(2)` (a plain `write` would resolve to the method of ``ServerProcess``).
private func writeToDescriptor(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    Glibc.write(fd, pointer, count)
  #else
    Darwin.write(fd, pointer, count)
  #endif
}

/// The server wrote something a test did not expect.
struct UnexpectedOutput: Error, CustomStringConvertible {
  let description: String
}

/// State that one thread changes and tasks wait on.
///
/// A wait re-checks its condition after every change. It ends with `CancellationError` as soon as its task is
/// cancelled, so ``withTimeout(_:_:_:)`` can end it (a wait on a plain continuation would keep the timed-out task
/// group waiting forever).
final class WatchedState<State: Sendable>: Sendable {
  private struct Storage: Sendable {
    var state: State
    var version = 0
    var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    var cancelled: Set<Int> = []
    var nextWaiter = 0
  }

  private let storage: LockedValue<Storage>

  init(_ state: State) { storage = LockedValue(Storage(state: state)) }

  /// The current state.
  var value: State { storage.withLock { $0.state } }

  /// Changes the state and wakes every waiter.
  func update(_ change: (inout State) -> Void) {
    let waiters = storage.withLock { storage in
      change(&storage.state)
      storage.version += 1
      defer { storage.waiters = [:] }
      return Array(storage.waiters.values)
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Waits (bounded) until `extract` returns a value for the current state.
  func wait<T: Sendable>(
    _ what: String, timeout: Duration, until extract: @escaping @Sendable (State) -> T?
  ) async throws -> T {
    let storage = storage
    return try await withTimeout(timeout, what) {
      while true {
        let (found, version, id) = storage.withLock { storage -> (T?, Int, Int) in
          defer { storage.nextWaiter += 1 }
          return (extract(storage.state), storage.version, storage.nextWaiter)
        }
        if let found { return found }
        try Task.checkCancellation()
        await withTaskCancellationHandler {
          await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = storage.withLock { storage -> Bool in
              if storage.cancelled.remove(id) != nil || storage.version != version { return true }
              storage.waiters[id] = continuation
              return false
            }
            if resumeNow { continuation.resume() }
          }
        } onCancel: {
          let continuation = storage.withLock { storage -> CheckedContinuation<Void, Never>? in
            if let continuation = storage.waiters.removeValue(forKey: id) { return continuation }
            storage.cancelled.insert(id)
            return nil
          }
          continuation?.resume()
        }
      }
    }
  }
}
