/// The `error` member of a JSON-RPC response.
public struct ResponseError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
  /// The error code.
  public var code: ErrorCode
  /// A short human-readable description that says what went wrong and, where possible, how to fix it.
  public var message: String
  /// Structured detail; Docent puts `{"reason": "..."}` here for ``ErrorCode/requestFailed``.
  public var data: JSONValue?

  public init(code: ErrorCode, message: String, data: JSONValue? = nil) {
    self.code = code
    self.message = message
    self.data = data
  }

  public var description: String { "\(message) (\(code.rawValue))" }

  /// The `data.reason` string, if any.
  public var reason: String? { data?["reason"]?.stringValue }

  /// -32700: the body is not valid JSON.
  public static func parseError(_ message: String) -> ResponseError {
    ResponseError(code: .parseError, message: message)
  }

  /// -32600: the message is not a valid request.
  public static func invalidRequest(_ message: String) -> ResponseError {
    ResponseError(code: .invalidRequest, message: message)
  }

  /// -32601: no handler for `method`.
  public static func methodNotFound(_ method: String) -> ResponseError {
    ResponseError(code: .methodNotFound, message: "method not found: \(method)")
  }

  /// -32602: the params do not have the expected shape.
  public static func invalidParams(_ message: String) -> ResponseError {
    ResponseError(code: .invalidParams, message: message)
  }

  /// -32603: a bug or an unexpected condition in the server.
  public static func internalError(_ message: String) -> ResponseError {
    ResponseError(code: .internalError, message: message)
  }

  /// -32002: a request other than `initialize` arrived first.
  public static let serverNotInitialized = ResponseError(
    code: .serverNotInitialized, message: "server not initialized: send 'initialize' first")

  /// -32800: the client cancelled the request.
  public static let requestCancelled = ResponseError(code: .requestCancelled, message: "request cancelled")

  /// -32801: the document changed while the request ran.
  public static let contentModified = ResponseError(
    code: .contentModified, message: "the document changed while the request was running")

  /// -32803: a valid request that could not be served; `reason` is a stable, machine-readable word.
  public static func requestFailed(_ message: String, reason: String) -> ResponseError {
    ResponseError(code: .requestFailed, message: message, data: ["reason": .string(reason)])
  }
}
