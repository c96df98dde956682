import Engine
import JSONRPC
public import LSP
public import Server

/// `test/waitUntilCancelled`: never finishes on its own; answers only through cancellation. With a
/// `textDocument`, edits to that document cancel it (-32801).
public struct WaitUntilCancelledRequest: HandledRequest, Hashable {
  public static let method = "test/waitUntilCancelled"
  public typealias Response = VoidResponse

  public var textDocument: TextDocumentIdentifier?
  public init(textDocument: TextDocumentIdentifier? = nil) { self.textDocument = textDocument }

  public var documentURI: DocumentURI? { textDocument?.uri }

  public static func handle(_ request: Self, context: RequestContext) async throws -> VoidResponse {
    // Suspends (no thread is blocked) until the task is cancelled, which makes the sleep throw.
    try await Task.sleep(for: .seconds(24 * 3600))
    return VoidResponse()
  }
}

/// `test/waitLikeCompletion`: never finishes on its own, about a document, with completion's policy: edits and
/// closing do not cancel it, the next such request about the same document does (-32800).
public struct WaitLikeCompletionRequest: HandledRequest, Hashable {
  public static let method = "test/waitLikeCompletion"
  public typealias Response = VoidResponse
  public static var documentChangePolicy: DocumentChangePolicy { .supersededByNextRequest }

  public var textDocument: TextDocumentIdentifier
  public init(textDocument: TextDocumentIdentifier) { self.textDocument = textDocument }

  public var documentURI: DocumentURI? { textDocument.uri }

  public static func handle(_ request: Self, context: RequestContext) async throws -> VoidResponse {
    try await Task.sleep(for: .seconds(24 * 3600))
    return VoidResponse()
  }
}

/// `test/fail`: throws an error the server does not know, to check it becomes -32603 and nothing else breaks.
public struct FailingRequest: HandledRequest, Hashable {
  public static let method = "test/fail"
  public typealias Response = VoidResponse
  public init() {}

  struct Unexpected: Error {}

  public static func handle(_ request: Self, context: RequestContext) async throws -> VoidResponse {
    throw Unexpected()
  }
}

/// `test/documentText`: the server's current text of an open document, read from the request's snapshot.
public struct DocumentTextRequest: HandledRequest, Hashable {
  public static let method = "test/documentText"
  public typealias Response = String?

  public var textDocument: TextDocumentIdentifier
  public init(textDocument: TextDocumentIdentifier) { self.textDocument = textDocument }

  public static func handle(_ request: Self, context: RequestContext) async throws -> String? {
    context.snapshot.openDocuments.values.first { $0.uri == request.textDocument.uri.stringValue }?.text
  }
}

extension LanguageServer.Options {
  /// Options with the test requests registered.
  public static var withTestRequests: LanguageServer.Options {
    var options = LanguageServer.Options()
    options.additionalRequests = [
      WaitUntilCancelledRequest.self, WaitLikeCompletionRequest.self, FailingRequest.self, DocumentTextRequest.self,
    ]
    return options
  }
}
