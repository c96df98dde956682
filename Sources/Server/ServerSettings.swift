import Engine
public import Basics
import Foundation
public import JSONRPC
import LSP

/// The settings in force, after validation of what the client sent.
public struct ServerSettings: Sendable, Hashable {
  /// The most detailed log level emitted to stderr and `window/logMessage`.
  public var logLevel: LogLevel = .info
  /// Whether user content may appear in logs.
  public var logPrivacy: LogPrivacy = .redacted
  /// Work shorter than this shows no progress in the editor.
  public var progressDelay: Duration = .milliseconds(250)

  public init() {}

  /// Applies the keys present in a settings object (flat, or nested under `"docent"`).
  ///
  /// - Returns: One human-readable problem per key that was refused; the other keys still apply.
  public mutating func apply(_ value: JSONValue) -> [String] {
    var object = value
    if case .object(let members)? = Optional(value), let nested = members["docent"], case .object = nested {
      object = nested
    }
    guard case .object = object else {
      return value == .null ? [] : ["settings must be a JSON object, not \(value)"]
    }
    let settings: DocentSettings
    do {
      let data = try JSONEncoder().encode(object)
      settings = try JSONDecoder().decode(DocentSettings.self, from: data)
    } catch {
      return ["settings could not be read: \(ResponseError(error).message)"]
    }
    var problems: [String] = []
    if let name = settings.logLevel {
      if let level = LogLevel(name: name) {
        logLevel = level
      } else {
        problems.append("unknown logLevel '\(name)'; expected off, error, warning, info, debug or trace")
      }
    }
    if let name = settings.logPrivacy {
      if let privacy = LogPrivacy(rawValue: name) {
        logPrivacy = privacy
      } else {
        problems.append("unknown logPrivacy '\(name)'; expected redacted or full")
      }
    }
    if let milliseconds = settings.progressDelayMilliseconds {
      if milliseconds >= 0 && milliseconds <= 60_000 {
        progressDelay = .milliseconds(milliseconds)
      } else {
        problems.append("progressDelayMilliseconds must be between 0 and 60000, not \(milliseconds)")
      }
    }
    return problems
  }
}
