/// Why the workspace refused a path, URI or edit.
public struct WorkspaceError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A stable, machine-readable category.
  public enum Code: String, Sendable, Hashable {
    /// The URI is not a `file:` URI (or is malformed).
    case unsupportedURI
    /// The path lies outside every workspace root (after resolving `..` and symbolic links).
    case outsideWorkspace
    /// An edit names a document that is not open.
    case documentNotOpen
    /// An edit's range is invalid (end before start).
    case invalidRange
  }

  public let code: Code
  /// What went wrong and how to fix it.
  public let message: String

  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  public var description: String { message }
}
