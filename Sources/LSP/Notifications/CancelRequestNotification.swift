public import JSONRPC

/// `$/cancelRequest`: the client no longer needs the answer to request `id`; it is answered with -32800.
public struct CancelRequestNotification: NotificationType, Hashable {
  public static let method = "$/cancelRequest"
  public var id: RequestID
  public init(id: RequestID) { self.id = id }
}
