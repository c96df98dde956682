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
  /// Where each root's index is kept: `cache` (default: the user cache directory) or `workspace` (`.docent/`).
  public var indexLocation: String?
  /// Files larger than this many bytes are not indexed (default 1048576).
  public var maxFileBytes: Int?
  /// Gitignore-style globs; when non-empty, only matching files are indexed.
  public var include: [String]?
  /// Gitignore-style globs of files never indexed.
  public var exclude: [String]?
  /// Whether files with secret-bearing names (`.env`, `*.pem`, `id_rsa`, …) are skipped (default true).
  public var excludeSecretFiles: Bool?
  /// Whether chunks are embedded for semantic and hybrid search (default true).
  public var semanticSearch: Bool?
  /// The sentence-embedding model's folder (default `$DOCENT_MODELS/all-MiniLM-L6-v2`).
  public var embeddingModel: String?

  /// The setting names, as they appear in JSON.
  public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case logLevel, logPrivacy, progressDelayMilliseconds, indexLocation, maxFileBytes, include, exclude
    case excludeSecretFiles, semanticSearch, embeddingModel
  }

  public init(
    logLevel: String? = nil, logPrivacy: String? = nil, progressDelayMilliseconds: Int? = nil,
    indexLocation: String? = nil, maxFileBytes: Int? = nil, include: [String]? = nil, exclude: [String]? = nil,
    excludeSecretFiles: Bool? = nil, semanticSearch: Bool? = nil, embeddingModel: String? = nil
  ) {
    self.semanticSearch = semanticSearch
    self.embeddingModel = embeddingModel
    self.logLevel = logLevel
    self.logPrivacy = logPrivacy
    self.progressDelayMilliseconds = progressDelayMilliseconds
    self.indexLocation = indexLocation
    self.maxFileBytes = maxFileBytes
    self.include = include
    self.exclude = exclude
    self.excludeSecretFiles = excludeSecretFiles
  }
}
