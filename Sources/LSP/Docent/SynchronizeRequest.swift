/// `docent/synchronize`: answers once every change received before it has been applied and all background
/// work is done, so clients and tests can wait deterministically. Sent before `initialized`, it answers at once
/// (state `starting`): background work begins only with `initialized`.
///
/// See `Protocol/methods/docent-synchronize.md`.
public struct SynchronizeRequest: RequestType, Hashable {
  public static let method = "docent/synchronize"
  public typealias Response = StatusResponse
  public init() {}
}
