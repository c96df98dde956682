/// `shutdown`: the client is about to send `exit`; later requests are answered with -32600.
public struct ShutdownRequest: RequestType, Hashable {
  public static let method = "shutdown"
  public typealias Response = VoidResponse
  public init() {}
}
