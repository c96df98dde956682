public import JSONRPC

/// `workspace/configuration` (server to client): pulls settings sections.
public struct ConfigurationRequest: RequestType, Hashable {
  public static let method = "workspace/configuration"
  public typealias Response = [JSONValue]

  /// One requested section.
  public struct Item: Codable, Hashable, Sendable {
    public var scopeUri: DocumentURI?
    public var section: String?
    public init(scopeUri: DocumentURI? = nil, section: String? = nil) {
      self.scopeUri = scopeUri
      self.section = section
    }
  }

  public var items: [Item]
  public init(items: [Item]) { self.items = items }
}
