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

  /// The document the request reads; an edit to or the closing of it cancels the request with -32801.
  var documentURI: DocumentURI? { get }

  /// Computes the response.
  ///
  /// - Throws: Any error; `ResponseError.init(_:)` maps it for the client.
  static func handle(_ request: Self, context: RequestContext) async throws -> Response
}

extension HandledRequest {
  public static var ordering: RequestOrdering { .concurrent }
  public var documentURI: DocumentURI? { nil }
}

/// A notification the server acts on; applied on the server actor in arrival order.
public protocol HandledNotification: NotificationType {
  /// Applies the notification.
  static func handle(_ notification: Self, server: isolated LanguageServer) async
}
