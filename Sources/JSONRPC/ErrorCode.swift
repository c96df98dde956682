/// A JSON-RPC or LSP error code.
///
/// Only the codes of the JSON-RPC 2.0 and LSP specifications are used; domain detail travels in the error's
/// `data.reason` (listed in `Protocol/README.md`).
public struct ErrorCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
  public var rawValue: Int

  public init(rawValue: Int) { self.rawValue = rawValue }

  /// Invalid JSON was received.
  public static let parseError = ErrorCode(rawValue: -32700)
  /// The JSON sent is not a valid request object.
  public static let invalidRequest = ErrorCode(rawValue: -32600)
  /// The method does not exist or is not available.
  public static let methodNotFound = ErrorCode(rawValue: -32601)
  /// Invalid method parameters.
  public static let invalidParams = ErrorCode(rawValue: -32602)
  /// An internal error.
  public static let internalError = ErrorCode(rawValue: -32603)
  /// A request arrived before `initialize`.
  public static let serverNotInitialized = ErrorCode(rawValue: -32002)
  /// An unknown error code (LSP).
  public static let unknownErrorCode = ErrorCode(rawValue: -32001)
  /// The request was cancelled by the client (LSP).
  public static let requestCancelled = ErrorCode(rawValue: -32800)
  /// The content the request was about changed before it finished (LSP).
  public static let contentModified = ErrorCode(rawValue: -32801)
  /// The server cancelled the request (LSP).
  public static let serverCancelled = ErrorCode(rawValue: -32802)
  /// A syntactically valid request failed; `data.reason` says why (LSP).
  public static let requestFailed = ErrorCode(rawValue: -32803)

  public var description: String { String(rawValue) }
}
