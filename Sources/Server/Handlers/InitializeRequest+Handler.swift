import Basics
import Engine
import JSONRPC
public import LSP

extension InitializeRequest: HandledRequest {
  public static var ordering: RequestOrdering { .lifecycle }

  public static func handle(_ request: InitializeRequest, context: RequestContext) async throws -> InitializeResult {
    try await context.server.initialize(request)
  }
}

extension LanguageServer {
  func initialize(_ request: InitializeRequest) throws -> InitializeResult {
    guard phase == .uninitialized else {
      throw ResponseError.invalidRequest("'initialize' may be sent only once")
    }
    clientCapabilities = request.capabilities
    // UTF-8 whenever the client offers it: documents are stored as UTF-8, so its columns are byte offsets and need
    // no conversion. Otherwise the client's most preferred of the other two; without a list, LSP mandates UTF-16.
    let offered = request.capabilities.general?.positionEncodings ?? []
    let others: [PositionEncodingKind] = [.utf16, .utf32]
    positionEncoding = offered.contains(.utf8) ? .utf8 : offered.first(where: others.contains) ?? .utf16
    forwardLogsToClient()
    if let options = request.initializationOptions { applySettings(options) }

    var rootURIs: [String]
    if let folders = request.workspaceFolders {
      rootURIs = folders.map { $0.uri.stringValue }
    } else if let rootURI = request.rootUri {
      rootURIs = [rootURI.stringValue]
    } else if let rootPath = request.rootPath, rootPath.hasPrefix("/") {
      rootURIs = [DocentEngine.uri(forPath: rootPath)]
    } else {
      rootURIs = []
    }
    for error in engine.addRoots(rootURIs) {
      showMessage(.warning, "Docent ignores a workspace folder: \(error.message)")
    }
    if rootURIs.isEmpty {
      logger.info("no workspace folder yet: nothing is read or served until one is added")
    }
    phase = .initialized
    logger.info("initialized for \(request.clientInfo?.name ?? "an unnamed client"), encoding \(positionEncoding.rawValue)")

    return InitializeResult(
      capabilities: ServerCapabilities(
        positionEncoding: positionEncoding,
        textDocumentSync: .init(openClose: true, change: 2, save: .init(includeText: false)),
        workspace: .init(workspaceFolders: .init(supported: true, changeNotifications: true)),
        executeCommandProvider: .init(commands: DocentCommand.allCases.map(\.rawValue)),
        workspaceSymbolProvider: true,
        experimental: .init(
          docent: .init(requests: MessageRegistry.docentRequests, protocolVersion: docentProtocolVersion))),
      serverInfo: .init(name: "docent", version: docentVersion))
  }
}
