public import Foundation

/// A decoded message body: a request, a notification or a response, with its raw bytes kept for typed decoding.
///
/// Params are decoded lazily by the handler that knows their type (``decodeParams(_:)``), so one message is
/// scanned at most twice and never re-encoded.
public struct IncomingMessage: Sendable {
  /// What kind of message this is.
  public enum Kind: Sendable, Hashable {
    /// A request that must be answered exactly once.
    case request(id: RequestID, method: String)
    /// A notification; never answered.
    case notification(method: String)
    /// A response to a request this side sent; `id` is `nil` when the peer could not read the id of a message
    /// (it then reports an error). Responses are never answered, so two peers cannot bounce errors forever.
    case response(id: RequestID?, error: ResponseError?)
  }

  /// What kind of message this is.
  public let kind: Kind
  /// The message body as received (UTF-8 JSON).
  public let body: Data

  /// Classifies a body.
  ///
  /// - Throws: A ``MessageError`` carrying the ``ResponseError`` to answer with (-32700 for bytes that are not JSON,
  ///   -32600 for JSON that is not a JSON-RPC 2.0 message) and the request id if one could be read.
  public init(body: Data) throws(MessageError) {
    // The base protocol's content is UTF-8; the decoder alone would repair bad bytes inside strings silently.
    guard isValidUTF8(body) else {
      throw MessageError(error: .parseError("the message is not valid UTF-8"), id: nil)
    }
    let header: EnvelopeHeader
    do {
      header = try JSONDecoder().decode(EnvelopeHeader.self, from: body)
    } catch let error as MessageError {
      throw error
    } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
      throw MessageError(error: .parseError("invalid JSON: \(describe(context))"), id: nil)
    } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
      throw MessageError(error: .invalidRequest("a message must be a JSON object"), id: nil)
    } catch DecodingError.valueNotFound(_, let context) where context.codingPath.isEmpty {
      // A body of `null` is valid JSON that is not an object.
      throw MessageError(error: .invalidRequest("a message must be a JSON object"), id: nil)
    } catch {
      throw MessageError(error: .parseError("invalid JSON: \(error)"), id: nil)
    }
    self.body = body
    switch (header.id, header.method, header.hasResult || header.error != nil) {
    case (let id?, let method?, false):
      kind = .request(id: id, method: method)
    case (nil, let method?, false):
      guard !header.hasID else {
        throw MessageError(error: .invalidRequest("a request id must be an integer or a string"), id: nil)
      }
      kind = .notification(method: method)
    case (let id, nil, true):
      kind = .response(id: id, error: header.error)
    default:
      throw MessageError(
        error: .invalidRequest("not a JSON-RPC 2.0 request, notification or response"), id: header.id)
    }
  }

  /// The method of a request or notification.
  public var method: String? {
    switch kind {
    case .request(_, let method), .notification(let method): method
    case .response: nil
    }
  }

  /// Decodes `params` as `P`; an absent or `null` `params` decodes `P` from an empty object.
  ///
  /// - Throws: `DecodingError` when the params do not have the shape of `P`.
  public func decodeParams<P: Decodable>(_ type: P.Type) throws -> P {
    let envelope = try JSONDecoder().decode(ParamsEnvelope<P>.self, from: body)
    if let params = envelope.params { return params }
    return try JSONDecoder().decode(P.self, from: Data("{}".utf8))
  }

  /// Decodes the `result` of a response as `R`.
  ///
  /// - Throws: `DecodingError` when the result does not have the shape of `R`.
  public func decodeResult<R: Decodable>(_ type: R.Type) throws -> R {
    try JSONDecoder().decode(ResultEnvelope<R>.self, from: body).result
  }
}

/// A message that cannot be handled, with the error to answer and the id to answer it under.
public struct MessageError: Error, Sendable {
  /// The error to send back.
  public let error: ResponseError
  /// The id of the offending request, or `nil` to answer with `"id": null`.
  public let id: RequestID?
}

/// Whether `data` is well-formed UTF-8 (ASCII runs are checked eight bytes at a time).
func isValidUTF8(_ data: Data) -> Bool {
  data.withUnsafeBytes { raw in
    let bytes = raw.bindMemory(to: UInt8.self)
    var index = 0
    let count = bytes.count
    while index < count {
      if index + 8 <= count
        && raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        index += 8
        continue
      }
      let lead = bytes[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      let length: Int
      let minimum: UInt32
      switch lead {
      case 0xC2...0xDF: (length, minimum) = (2, 0x80)
      case 0xE0...0xEF: (length, minimum) = (3, 0x800)
      case 0xF0...0xF4: (length, minimum) = (4, 0x10000)
      default: return false
      }
      guard index + length <= count else { return false }
      var scalar = UInt32(lead) & (0xFF >> (length + 1))
      for offset in 1..<length {
        let byte = bytes[index + offset]
        guard byte & 0xC0 == 0x80 else { return false }
        scalar = scalar << 6 | UInt32(byte & 0x3F)
      }
      // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
      guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return false }
      index += length
    }
    return true
  }
}

private func describe(_ context: DecodingError.Context) -> String {
  if let underlying = context.underlyingError { return String(describing: underlying) }
  return context.debugDescription
}

/// The members that classify a message; params and results are left for typed decoding.
private struct EnvelopeHeader: Decodable {
  var id: RequestID?
  var hasID = false
  var method: String?
  var hasResult = false
  var error: ResponseError?

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    guard (try? container.decode(String.self, forKey: Key("jsonrpc"))) == "2.0" else {
      throw MessageError(error: .invalidRequest("\"jsonrpc\" must be \"2.0\""), id: nil)
    }
    if container.contains(Key("id")), !((try? container.decodeNil(forKey: Key("id"))) ?? false) {
      hasID = true
      id = try? container.decode(RequestID.self, forKey: Key("id"))
      if id == nil {
        throw MessageError(error: .invalidRequest("a request id must be an integer or a string"), id: nil)
      }
    }
    if container.contains(Key("method")) {
      guard let method = try? container.decode(String.self, forKey: Key("method")) else {
        throw MessageError(error: .invalidRequest("\"method\" must be a string"), id: id)
      }
      self.method = method
    }
    hasResult = container.contains(Key("result"))
    if container.contains(Key("error")) {
      error = try? container.decode(ResponseError.self, forKey: Key("error"))
      if error == nil {
        throw MessageError(error: .invalidRequest("\"error\" must be a response error object"), id: id)
      }
    }
  }
}

private struct ParamsEnvelope<P: Decodable>: Decodable {
  var params: P?

  private enum CodingKeys: String, CodingKey { case params }

  private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    guard container.contains(.params), !(try container.decodeNil(forKey: .params)) else {
      params = nil
      return
    }
    // JSON-RPC params are structured (an object or an array); without this check a type with no members, such as
    // the params of `shutdown`, would accept `"params": 7`.
    do {
      _ = try container.nestedContainer(keyedBy: AnyKey.self, forKey: .params)
    } catch let error as DecodingError {
      guard (try? container.nestedUnkeyedContainer(forKey: .params)) != nil else { throw error }
    }
    params = try container.decode(P.self, forKey: .params)
  }
}

private struct ResultEnvelope<R: Decodable>: Decodable {
  var result: R
}
