import Engine
import JSONRPC
import Basics
public import LSP

extension ShutdownRequest: HandledRequest {
  public static var ordering: RequestOrdering { .lifecycle }

  public static func handle(_ request: ShutdownRequest, context: RequestContext) async throws -> VoidResponse {
    // Nothing the index learned is lost: it is written before the client may send `exit`.
    await context.engine.flushIndexes()
    await context.server.shutdown()
    return VoidResponse()
  }
}
