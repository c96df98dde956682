import Foundation

/// What the index covers and where it is kept.
public struct IndexSettings: Sendable, Hashable {
  /// Where a root's index file lives.
  public enum Location: String, Sendable, Hashable {
    /// Under the cache directory, keyed by a hash of the root's path (the default: nothing is written into the
    /// workspace).
    case cache
    /// In `.docent/` inside the root (never indexed itself).
    case workspace
  }

  public var location: Location = .cache
  /// Files larger than this are not indexed.
  public var maxFileBytes = 1 << 20
  /// Gitignore-style globs; when non-empty, only matching files are indexed.
  public var include: [String] = []
  /// Gitignore-style globs of files never indexed.
  public var exclude: [String] = []
  /// Whether files with secret-bearing names (`.env`, `*.pem`, `id_rsa`, …) are skipped.
  public var excludesSecretFiles = true
  /// The base cache directory: `$DOCENT_CACHE_DIR`, else `$XDG_CACHE_HOME/docent`, else `~/.cache/docent`.
  public var cacheDirectory: String = IndexSettings.defaultCacheDirectory

  public init() {}

  /// The default cache directory, from the environment.
  public static var defaultCacheDirectory: String {
    let environment = ProcessInfo.processInfo.environment
    if let directory = environment["DOCENT_CACHE_DIR"], directory.hasPrefix("/") { return directory }
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/docent" }
    return HomeDirectory.path(environment) + "/.cache/docent"
  }
}
