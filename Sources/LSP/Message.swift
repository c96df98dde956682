/// A message of the protocol: a Codable params type with its method name.
public protocol MessageType: Codable, Sendable {
  /// The JSON-RPC method, such as `"textDocument/didOpen"` or `"docent/search"`.
  static var method: String { get }
}

/// A request: the params type, its method and the type of its result.
public protocol RequestType: MessageType {
  /// The type of the `result` member of the response.
  associatedtype Response: Codable & Sendable
}

/// A notification: the params type and its method; never answered.
public protocol NotificationType: MessageType {}

/// The `null` result of requests that return nothing (`shutdown`, `client/registerCapability`).
public struct VoidResponse: Codable, Hashable, Sendable {
  public init() {}

  public init(from decoder: any Decoder) throws {}

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encodeNil()
  }
}

/// Params of requests that take none; decodes from a missing, `null` or empty params member.
public struct EmptyParams: Codable, Hashable, Sendable {
  public init() {}
}
