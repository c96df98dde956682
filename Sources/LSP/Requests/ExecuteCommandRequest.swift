public import JSONRPC

/// `workspace/executeCommand`: runs one of the commands listed in the `initialize` result.
public struct ExecuteCommandRequest: RequestType, Hashable {
  public static let method = "workspace/executeCommand"
  public typealias Response = JSONValue

  /// The command, such as `"docent.reindex"`.
  public var command: String
  /// Command arguments, as documented per command in `Protocol/commands.md`.
  public var arguments: [JSONValue]?

  public init(command: String, arguments: [JSONValue]? = nil) {
    self.command = command
    self.arguments = arguments
  }
}
