import Foundation
import JSONRPC
import Testing

@Suite struct IncomingMessageTests {
  enum Expected: Equatable {
    case request(RequestID, String)
    case notification(String)
    case response(RequestID?)
    case error(ErrorCode, RequestID?)
  }

  func classify(_ body: String) -> Expected {
    do {
      let message = try IncomingMessage(body: Data(body.utf8))
      switch message.kind {
      case .request(let id, let method): return .request(id, method)
      case .notification(let method): return .notification(method)
      case .response(let id, _): return .response(id)
      }
    } catch {
      return .error(error.error.code, error.id)
    }
  }

  @Test(arguments: [
    (#"{"jsonrpc":"2.0","id":1,"method":"a"}"#, Expected.request(.number(1), "a")),
    (#"{"jsonrpc":"2.0","id":"x","method":"a","params":{}}"#, .request(.string("x"), "a")),
    (#"{"jsonrpc":"2.0","method":"n"}"#, .notification("n")),
    (#"{"jsonrpc":"2.0","id":null,"method":"n"}"#, .notification("n")),
    (#"{"jsonrpc":"2.0","id":4,"result":null}"#, .response(.number(4))),
    (#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}"#, .response(nil)),
    (#"{"jsonrpc":"2.0","id":4,"error":{"code":-1,"message":"x"}}"#, .response(.number(4))),
    (#"{bad"#, .error(.parseError, nil)),
    ("", .error(.parseError, nil)),
    ("\u{FF}\u{FE}", .error(.parseError, nil)),
    ("[1,2]", .error(.invalidRequest, nil)),
    ("42", .error(.invalidRequest, nil)),
    (#"{"id":1,"method":"a"}"#, .error(.invalidRequest, nil)),
    (#"{"jsonrpc":"1.0","id":1,"method":"a"}"#, .error(.invalidRequest, nil)),
    (#"{"jsonrpc":"2.0","id":1,"method":7}"#, .error(.invalidRequest, .number(1))),
    (#"{"jsonrpc":"2.0","id":{"a":1},"method":"a"}"#, .error(.invalidRequest, nil)),
    (#"{"jsonrpc":"2.0","id":1.5,"method":"a"}"#, .error(.invalidRequest, nil)),
    (#"{"jsonrpc":"2.0","id":1}"#, .error(.invalidRequest, .number(1))),
    (#"{"jsonrpc":"2.0","id":1,"error":"boom"}"#, .error(.invalidRequest, .number(1))),
  ])
  func classifies(body: String, expected: Expected) {
    #expect(classify(body) == expected)
  }

  @Test func invalidUTF8InsideAStringIsAParseError() {
    var bytes = Array(#"{"jsonrpc":"2.0","method":"n","params":{"t":""#.utf8)
    bytes += [0xC3, 0x28]
    bytes += Array(#""}}"#.utf8)
    do {
      _ = try IncomingMessage(body: Data(bytes))
      Issue.record("expected a parse error")
    } catch {
      #expect(error.error.code == .parseError)
    }
  }

  struct Params: Codable, Equatable { var name: String }

  @Test func paramsDecodeLazilyAndAbsentParamsDecodeFromAnEmptyObject() throws {
    let message = try IncomingMessage(body: Data(#"{"jsonrpc":"2.0","id":1,"method":"a","params":{"name":"x"}}"#.utf8))
    #expect(try message.decodeParams(Params.self) == Params(name: "x"))
    let bare = try IncomingMessage(body: Data(#"{"jsonrpc":"2.0","id":1,"method":"a"}"#.utf8))
    #expect(throws: DecodingError.self) { try bare.decodeParams(Params.self) }
    struct Empty: Codable {}
    _ = try bare.decodeParams(Empty.self)
  }
}
