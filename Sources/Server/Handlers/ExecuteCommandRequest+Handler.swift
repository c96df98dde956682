import Basics
import Foundation
import Engine
public import JSONRPC
public import LSP

extension ExecuteCommandRequest: HandledRequest {
  public static func handle(_ request: ExecuteCommandRequest, context: RequestContext) async throws -> JSONValue {
    guard let command = DocentCommand(rawValue: request.command) else {
      let known = DocentCommand.allCases.map(\.rawValue).joined(separator: ", ")
      throw ResponseError.invalidParams("unknown command '\(request.command)'; available: \(known)")
    }
    switch command {
    case .reindex:
      context.engine.reindex()
      return .null
    case .status:
      let status = await context.server.statusResponse(for: context.engine.snapshot())
      let encoded = try JSONEncoderForCommands.encode(status)
      return encoded
    }
  }
}

/// Encodes a Codable result as a ``JSONValue`` for commands, whose results are untyped on the wire.
enum JSONEncoderForCommands {
  static func encode(_ value: some Encodable) throws -> JSONValue {
    let data = try JSONEncoder().encode(value)
    return try JSONDecoder().decode(JSONValue.self, from: data)
  }
}
