/// An error from the engine, with a stable code (sent to clients as `data.reason`) and a message that says what
/// went wrong and how to fix it.
public struct EngineError: Error, CustomStringConvertible, Sendable {
  /// Stable, machine-readable reasons; the raw values are listed in `Protocol/README.md`.
  public enum Code: String, Sendable, Hashable, CaseIterable {
    /// A URI with a scheme other than `file:`, or a malformed one.
    case unsupportedURI
    /// A path outside every workspace root.
    case outsideWorkspace
    /// The document is not open, so it cannot be edited.
    case documentNotOpen
    /// The document does not exist, neither open nor on disk.
    case documentNotFound
    /// A command or request argument has the wrong value.
    case invalidArgument
    /// The server is shutting down.
    case shuttingDown
    /// The completion model file does not exist.
    case modelNotFound
    /// The completion model file exists but cannot be loaded or run.
    case modelFailed
    /// Semantic search was asked for, but no embedding model is loaded (absent, unloadable or turned off).
    case modelUnavailable
  }

  public let code: Code
  public let message: String
  /// The underlying error, if any.
  public let cause: (any Error & Sendable)?

  public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
    self.code = code
    self.message = message
    self.cause = cause
  }

  public var description: String {
    if let cause { return "\(message) (\(cause))" }
    return message
  }
}
