public import Basics
public import Engine
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
  /// What is indexed and where the index is kept.
  public var index = IndexSettings()
  /// Whether chunks are embedded for semantic and hybrid search.
  public var semanticSearch = true
  /// The embedding model's folder; `nil` for the default in the models directory.
  public var embeddingModelPath: String?

  public init() {}

  /// The Docent section of a settings payload: the object under `"docent"`, or the payload itself when it is flat
  /// and names at least one Docent setting; `nil` when it carries no Docent settings (the client should be asked).
  public static func docentSection(of value: JSONValue) -> [String: JSONValue]? {
    guard case .object(let members) = value else { return nil }
    if case .object(let nested)? = members["docent"] { return nested }
    let known = Set(DocentSettings.keys)
    return members.keys.contains(where: known.contains) ? members : nil
  }

  /// Applies the keys present in a settings payload (flat, or nested under `"docent"`); each key is read on its
  /// own, so one bad value does not discard the others.
  ///
  /// - Returns: One human-readable problem per key that was refused; the other keys still apply.
  public mutating func apply(_ value: JSONValue) -> [String] {
    guard let section = Self.docentSection(of: value) else {
      if case .object = value { return [] }
      return value == .null ? [] : ["settings must be a JSON object, not \(value)"]
    }
    var problems: [String] = []
    for key in section.keys.sorted() {
      guard DocentSettings.keys.contains(key), let member = section[key] else { continue }
      let settings: DocentSettings
      do {
        let data = try JSONEncoder().encode([key: member])
        settings = try JSONDecoder().decode(DocentSettings.self, from: data)
      } catch {
        problems.append("\(key) has the wrong type (\(member)); see Protocol/settings.md")
        continue
      }
      if let problem = apply(settings) { problems.append(problem) }
    }
    return problems
  }

  /// Applies the non-`nil` members of `settings`; returns a problem for a refused value.
  private mutating func apply(_ settings: DocentSettings) -> String? {
    if let name = settings.logLevel {
      guard let level = LogLevel(name: name) else {
        return "unknown logLevel '\(name)'; expected off, error, warning, info, debug or trace"
      }
      logLevel = level
    }
    if let name = settings.logPrivacy {
      guard let privacy = LogPrivacy(rawValue: name) else {
        return "unknown logPrivacy '\(name)'; expected redacted or full"
      }
      logPrivacy = privacy
    }
    if let milliseconds = settings.progressDelayMilliseconds {
      guard milliseconds >= 0 && milliseconds <= 60_000 else {
        return "progressDelayMilliseconds must be between 0 and 60000, not \(milliseconds)"
      }
      progressDelay = .milliseconds(milliseconds)
    }
    if let name = settings.indexLocation {
      guard let location = IndexSettings.Location(rawValue: name) else {
        return "unknown indexLocation '\(name)'; expected cache or workspace"
      }
      index.location = location
    }
    if let bytes = settings.maxFileBytes {
      guard bytes >= 1 && bytes <= 64 << 20 else {
        return "maxFileBytes must be between 1 and 67108864, not \(bytes)"
      }
      index.maxFileBytes = bytes
    }
    if let include = settings.include { index.include = include }
    if let exclude = settings.exclude { index.exclude = exclude }
    if let excludes = settings.excludeSecretFiles { index.excludesSecretFiles = excludes }
    if let isOn = settings.semanticSearch { semanticSearch = isOn }
    if let path = settings.embeddingModel {
      guard path.isEmpty || path.hasPrefix("/") else {
        return "embeddingModel must be an absolute path (or empty for the default), not '\(path)'"
      }
      embeddingModelPath = path.isEmpty ? nil : path
    }
    return nil
  }
}
