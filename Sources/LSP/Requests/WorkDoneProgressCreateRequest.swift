/// `window/workDoneProgress/create` (server to client): asks the client to create a progress stream.
public struct WorkDoneProgressCreateRequest: RequestType, Hashable {
  public static let method = "window/workDoneProgress/create"
  public typealias Response = VoidResponse

  public var token: ProgressToken
  public init(token: ProgressToken) { self.token = token }
}
