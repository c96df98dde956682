import Basics
import Engine
public import JSONRPC

extension ResponseError {
  /// Maps an error thrown below the server to the error the client receives. This is the only place where
  /// errors become JSON-RPC errors.
  public init(_ error: any Error) {
    switch error {
    case let error as ResponseError: self = error
    case is CancellationError: self = .requestCancelled
    case let error as EngineError: self = .requestFailed(error.message, reason: error.code.rawValue)
    case let error as DecodingError: self = .invalidParams("invalid params: \(describe(error))")
    default: self = .internalError("unexpected error: \(error)")
    }
  }
}

/// A one-line description of a decoding failure naming the offending key path.
private func describe(_ error: DecodingError) -> String {
  func path(_ context: DecodingError.Context) -> String {
    let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    // The path starts at the envelope, so it already begins with `.params`.
    return keys.isEmpty ? "params" : String(keys.dropFirst())
  }
  switch error {
  case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
  case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
  case .keyNotFound(let key, let context): return "\(path(context)): missing \"\(key.stringValue)\""
  case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
  @unknown default: return String(describing: error)
  }
}
