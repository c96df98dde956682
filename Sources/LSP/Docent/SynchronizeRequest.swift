/// `docent/synchronize`: answers once every change received before it has been applied and all background
/// work is done, so clients and tests can wait deterministically.
///
/// See `Protocol/methods/synchronize.md`.
public struct SynchronizeRequest: RequestType, Hashable {
  public static let method = "docent/synchronize"
  public typealias Response = StatusResponse
  public init() {}
}
