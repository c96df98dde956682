// Logging to standard error (and to any extra sink, such as the client's `window/logMessage`).
// Nothing here ever writes to standard output: in `docent serve` that stream carries only protocol frames.

import Synchronization

/// How much a ``Logger`` says, from least to most.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
  case off = 0
  case error
  case warning
  case info
  case debug
  case trace

  /// Parses a level name as used in settings and flags (`"error"`, `"warning"`, `"info"`, `"debug"`, `"trace"`,
  /// `"off"`); `"warn"` is accepted for `"warning"`.
  public init?(name: String) {
    switch name.lowercased() {
    case "off": self = .off
    case "error": self = .error
    case "warning", "warn": self = .warning
    case "info": self = .info
    case "debug": self = .debug
    case "trace", "verbose": self = .trace
    default: return nil
    }
  }

  /// The setting spelling of the level.
  public var description: String {
    switch self {
    case .off: "off"
    case .error: "error"
    case .warning: "warning"
    case .info: "info"
    case .debug: "debug"
    case .trace: "trace"
    }
  }

  public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Whether log lines may contain the user's file contents.
public enum LogPrivacy: String, Sendable, CaseIterable {
  /// File contents, queries and prompts are replaced by their length (the default).
  case redacted
  /// Everything is logged verbatim; for debugging on one's own machine.
  case full
}

/// A log message whose user content is redacted or shown according to the logger's privacy setting.
public struct LogMessage: ExpressibleByStringInterpolation, Sendable {
  enum Part: Sendable {
    case literal(String)
    case content(String)
  }

  var parts: [Part] = []

  public init(stringLiteral value: String) { parts = [.literal(value)] }

  public init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

  /// Builds a ``LogMessage`` piece by piece; `\(content:)` marks user content.
  public struct Interpolation: StringInterpolationProtocol, Sendable {
    var parts: [Part] = []

    public init(literalCapacity: Int, interpolationCount: Int) {}

    public mutating func appendLiteral(_ literal: String) { parts.append(.literal(literal)) }

    public mutating func appendInterpolation<T>(_ value: T) { parts.append(.literal(String(describing: value))) }

    /// Appends user content, shown only when privacy is ``LogPrivacy/full``.
    public mutating func appendInterpolation(content: String) { parts.append(.content(content)) }
  }

  /// The text of the message under the given privacy.
  public func rendered(privacy: LogPrivacy) -> String {
    var result = ""
    for part in parts {
      switch part {
      case .literal(let text): result += text
      case .content(let text):
        switch privacy {
        case .full: result += text
        case .redacted: result += "<redacted \(text.utf8.count) bytes>"
        }
      }
    }
    return result
  }
}

/// A thread-safe logger that writes to standard error and to optional extra sinks.
///
/// Level and privacy can change at run time (from settings); sinks receive already-rendered lines.
///
/// ```swift
/// logger.log(.info, "opened \(path) (\(content: text))")
/// ```
public final class Logger: Sendable {
  /// Receives each line that passes the level filter, rendered under the current privacy.
  public typealias Sink = @Sendable (LogLevel, String) -> Void

  private struct State {
    var level: LogLevel
    var privacy: LogPrivacy
    var sinks: [Int: Sink] = [:]
    var nextSinkID = 0
    var writesToStandardError: Bool
  }

  private let state: Mutex<State>

  /// Creates a logger.
  ///
  /// - Parameters:
  ///   - level: The most detailed level that is emitted.
  ///   - privacy: Whether user content may appear in lines.
  ///   - writesToStandardError: Whether lines go to standard error as well as to the sinks.
  public init(level: LogLevel = .info, privacy: LogPrivacy = .redacted, writesToStandardError: Bool = true) {
    state = Mutex(State(level: level, privacy: privacy, writesToStandardError: writesToStandardError))
  }

  /// The most detailed level that is emitted.
  public var level: LogLevel {
    get { state.withLock { $0.level } }
    set { state.withLock { $0.level = newValue } }
  }

  /// Whether user content may appear in lines.
  public var privacy: LogPrivacy {
    get { state.withLock { $0.privacy } }
    set { state.withLock { $0.privacy = newValue } }
  }

  /// Adds a sink and returns a token for ``removeSink(_:)``.
  @discardableResult
  public func addSink(_ sink: @escaping Sink) -> Int {
    state.withLock { state in
      let id = state.nextSinkID
      state.nextSinkID += 1
      state.sinks[id] = sink
      return id
    }
  }

  /// Removes a sink added with ``addSink(_:)``.
  public func removeSink(_ token: Int) {
    _ = state.withLock { $0.sinks.removeValue(forKey: token) }
  }

  /// Whether a message at `level` would be emitted; use it to skip building expensive messages.
  public func isEnabled(_ level: LogLevel) -> Bool {
    level != .off && level <= state.withLock { $0.level }
  }

  /// Emits `message` at `level` if the logger's level allows it.
  ///
  /// - Parameter toSinks: Whether the extra sinks receive the line too (the server passes `false` for what it
  ///   already shows the user another way).
  public func log(_ level: LogLevel, _ message: @autoclosure () -> LogMessage, toSinks: Bool = true) {
    let (current, privacy, sinks, toStandardError) = state.withLock {
      ($0.level, $0.privacy, Array($0.sinks.values), $0.writesToStandardError)
    }
    guard level != .off, level <= current else { return }
    let text = message().rendered(privacy: privacy)
    if toStandardError {
      StandardError.write("docent[\(level)]: \(text)\n")
    }
    if toSinks {
      for sink in sinks { sink(level, text) }
    }
  }

  /// Emits at ``LogLevel/error``.
  public func error(_ message: @autoclosure () -> LogMessage) { log(.error, message()) }
  /// Emits at ``LogLevel/warning``.
  public func warning(_ message: @autoclosure () -> LogMessage) { log(.warning, message()) }
  /// Emits at ``LogLevel/info``.
  public func info(_ message: @autoclosure () -> LogMessage) { log(.info, message()) }
  /// Emits at ``LogLevel/debug``.
  public func debug(_ message: @autoclosure () -> LogMessage) { log(.debug, message()) }
  /// Emits at ``LogLevel/trace``.
  public func trace(_ message: @autoclosure () -> LogMessage) { log(.trace, message()) }
}

/// Unbuffered writes to file descriptor 2.
public enum StandardError {
  /// Writes `text` to standard error in full, ignoring failures (there is nowhere left to report them).
  public static func write(_ text: String) {
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { try? FileDescriptorIO.writeAll(2, $0) }
  }
}
