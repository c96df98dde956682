import JSONRPC
import Basics
import Engine
public import LSP

extension StatusRequest: HandledRequest {
  public var documentURI: DocumentURI? { textDocument?.uri }

  public static func handle(_ request: StatusRequest, context: RequestContext) async throws -> StatusResponse {
    var document: StatusResponse.DocumentStatus?
    if let uri = request.textDocument?.uri {
      let summary = try context.engine.summary(of: uri.stringValue, in: context.snapshot)
      document = StatusResponse.DocumentStatus(
        uri: uri, isOpen: summary.isOpen, version: summary.version, languageId: summary.languageID,
        lineCount: summary.lineCount, byteCount: summary.byteCount)
    }
    return await context.server.statusResponse(for: context.snapshot, document: document)
  }
}

extension SynchronizeRequest: HandledRequest {
  public static func handle(_ request: SynchronizeRequest, context: RequestContext) async throws -> StatusResponse {
    try await context.engine.synchronize()
    return await context.server.statusResponse(for: context.engine.snapshot())
  }
}
