/// What ``FileCrawler/crawl(options:isCancelled:progress:)`` lists and what it skips.
///
/// The defaults suit indexing a source tree: honour ignore files, skip secret-bearing files, files over 1 MiB,
/// binaries and minified files, and follow symbolic links to files that stay inside the root.
public struct CrawlOptions: Sendable, Hashable {
  /// Files larger than this many bytes are skipped as ``SkipReason/tooLarge``.
  public var maxFileBytes: Int
  /// gitignore-style patterns relative to the root; when non-empty, only files they select are listed
  /// (see ``PathFilter``).
  public var includeGlobs: [String]
  /// gitignore-style patterns relative to the root whose matches are not listed (see ``PathFilter``).
  public var excludeGlobs: [String]
  /// Whether `.gitignore` files, `.git/info/exclude` at the root, and `.docentignore` files are honoured.
  public var honorsIgnoreFiles: Bool
  /// Whether files whose names match ``secretFileNamePatterns`` are skipped as ``SkipReason/secretFile``.
  public var excludesSecretFiles: Bool
  /// gitignore-style patterns naming secret-bearing files; see ``defaultSecretFileNamePatterns``.
  public var secretFileNamePatterns: [String]
  /// Whether symbolic links to regular files inside the root are listed (under the link's path). Links that
  /// lead outside the root, to directories, or nowhere are never followed.
  public var followsSymbolicLinks: Bool
  /// Whether the first bytes of each candidate are read to skip binary and minified files (see
  /// ``ContentKind``).
  public var sniffsContent: Bool
  /// Directory names that are never entered (and files with these names that are never listed).
  public var skippedDirectoryNames: Set<String>

  /// The default size limit: 1 MiB.
  public static let defaultMaxFileBytes = 1 << 20

  /// File names that usually hold credentials, skipped by default (gitignore syntax, so `!` exempts names).
  ///
  /// - `.env`, `.env.*` (but not the committed templates `.env.example`, `.env.sample`, `.env.template`,
  ///   `.env.dist`), `.envrc`
  /// - keys, certificate stores and password databases: `*.pem`, `*.key`, `*.p12`, `*.pfx`, `*.jks`,
  ///   `*.keystore`, `*.kdbx`
  /// - SSH keys: `id_rsa*`, `id_dsa*`, `id_ecdsa*`, `id_ed25519*` (their `.pub` halves too, for simplicity)
  /// - credential files: `.netrc`, `_netrc`, `.npmrc`, `.pypirc`, `.pgpass`, `.htpasswd`, `.git-credentials`,
  ///   `credentials`, `credentials.json`, `.dockercfg`
  /// - Terraform state, which stores secrets in clear: `*.tfstate`, `*.tfstate.backup`
  public static let defaultSecretFileNamePatterns: [String] = [
    ".env", ".env.*", "!.env.example", "!.env.sample", "!.env.template", "!.env.dist", ".envrc",
    "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore", "*.kdbx",
    "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*",
    ".netrc", "_netrc", ".npmrc", ".pypirc", ".pgpass", ".htpasswd", ".git-credentials",
    "credentials", "credentials.json", ".dockercfg",
    "*.tfstate", "*.tfstate.backup",
  ]

  /// Creates options; every parameter has the indexing default.
  public init(
    maxFileBytes: Int = CrawlOptions.defaultMaxFileBytes,
    includeGlobs: [String] = [],
    excludeGlobs: [String] = [],
    honorsIgnoreFiles: Bool = true,
    excludesSecretFiles: Bool = true,
    secretFileNamePatterns: [String] = CrawlOptions.defaultSecretFileNamePatterns,
    followsSymbolicLinks: Bool = true,
    sniffsContent: Bool = true,
    skippedDirectoryNames: Set<String> = FileCrawler.skippedDirectoryNames
  ) {
    self.maxFileBytes = maxFileBytes
    self.includeGlobs = includeGlobs
    self.excludeGlobs = excludeGlobs
    self.honorsIgnoreFiles = honorsIgnoreFiles
    self.excludesSecretFiles = excludesSecretFiles
    self.secretFileNamePatterns = secretFileNamePatterns
    self.followsSymbolicLinks = followsSymbolicLinks
    self.sniffsContent = sniffsContent
    self.skippedDirectoryNames = skippedDirectoryNames
  }
}
