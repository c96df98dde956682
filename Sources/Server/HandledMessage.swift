import Basics
public import Engine
public import JSONRPC
public import LSP

/// When a request runs relative to the messages around it.
public enum RequestOrdering: Sendable {
  /// Runs on the server actor before the next message is read (`initialize`, `shutdown`).
  case lifecycle
  /// Runs in its own task on a snapshot taken on arrival; later messages do not wait for it.
  case concurrent
}

/// What happens to a running request when the document it reads is edited or closed.
public enum DocumentChangePolicy: Sendable {
  /// Cancelled with -32801 ContentModified: its answer would describe text that no longer exists.
  case cancelledByChanges
  /// Keeps running across edits and closing (completion: the editor filters a late list itself); instead the next
  /// request of the same method about the same document cancels it, with -32801 as its answer is stale.
  case supersededByNextRequest
}

/// What a request handler may read: the snapshot taken when the request arrived, and the server.
public struct RequestContext: Sendable {
  /// The request's id.
  public let id: RequestID
  /// The engine state when the request arrived.
  public let snapshot: EngineSnapshot
  /// The engine, for waiting on background work.
  public let engine: DocentEngine
  /// The server, for lifecycle requests and session facts.
  public let server: LanguageServer
  /// The negotiated position encoding.
  public let positionEncoding: PositionEncodingKind
}

/// A request the server answers; each conformance lives in `Handlers/<Message>+Handler.swift`.
public protocol HandledRequest: RequestType {
  /// When the request runs relative to other messages.
  static var ordering: RequestOrdering { get }

  /// The document the request reads; what an edit to it or its closing does is ``documentChangePolicy``.
  var documentURI: DocumentURI? { get }

  /// What an edit to or the closing of ``documentURI`` does to the running request.
  static var documentChangePolicy: DocumentChangePolicy { get }

  /// Computes the response.
  ///
  /// - Throws: Any error; `ResponseError.init(_:)` maps it for the client.
  static func handle(_ request: Self, context: RequestContext) async throws -> Response
}

extension HandledRequest {
  public static var ordering: RequestOrdering { .concurrent }
  public var documentURI: DocumentURI? { nil }
  public static var documentChangePolicy: DocumentChangePolicy { .cancelledByChanges }
}

/// A notification the server acts on; applied on the server actor in arrival order.
public protocol HandledNotification: NotificationType {
  /// Applies the notification.
  static func handle(_ notification: Self, server: isolated LanguageServer) async
}
