/// Docent's settings, sent as `initializationOptions`, in `workspace/didChangeConfiguration`, or pulled with
/// `workspace/configuration` (section `docent`). Absent keys keep their current value.
///
/// See `Protocol/settings.md`.
public struct DocentSettings: Codable, Hashable, Sendable {
  /// `off`, `error`, `warning`, `info` (default), `debug` or `trace`; applies to stderr and `window/logMessage`.
  public var logLevel: String?
  /// `redacted` (default: file contents never appear in logs) or `full`.
  public var logPrivacy: String?
  /// Work shorter than this shows no progress in the editor (default 250).
  public var progressDelayMilliseconds: Int?

  /// The setting names, as they appear in JSON.
  public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case logLevel, logPrivacy, progressDelayMilliseconds
  }

  public init(logLevel: String? = nil, logPrivacy: String? = nil, progressDelayMilliseconds: Int? = nil) {
    self.logLevel = logLevel
    self.logPrivacy = logPrivacy
    self.progressDelayMilliseconds = progressDelayMilliseconds
  }
}
