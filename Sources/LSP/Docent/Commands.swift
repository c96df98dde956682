/// The `workspace/executeCommand` commands Docent implements; see `Protocol/commands.md`.
public enum DocentCommand: String, CaseIterable, Sendable {
  /// Re-scans every workspace root (no arguments); answers `null` once the scan is scheduled.
  case reindex = "docent.reindex"
  /// Returns the same object as `docent/status` (no arguments).
  case status = "docent.status"
}
