import Foundation
import JSONRPC
import Testing

/// The spec tests are only as strict as the validator: each supported keyword must reject what it should.
@Suite struct JSONSchemaValidatorTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var schema: String
    var instance: String
    var isValid: Bool
    var testDescription: String { "\(instance) against \(schema) is \(isValid ? "valid" : "invalid")" }
  }

  static let cases: [Case] = [
    Case(schema: #"{"type":"string"}"#, instance: #""a""#, isValid: true),
    Case(schema: #"{"type":"string"}"#, instance: "1", isValid: false),
    Case(schema: #"{"type":["object","null"]}"#, instance: "null", isValid: true),
    Case(schema: #"{"type":["object","null"]}"#, instance: "[]", isValid: false),
    Case(schema: #"{"type":"integer"}"#, instance: "2", isValid: true),
    Case(schema: #"{"type":"integer"}"#, instance: "2.0", isValid: true),
    Case(schema: #"{"type":"integer"}"#, instance: "2.5", isValid: false),
    Case(schema: #"{"type":"number"}"#, instance: "2.5", isValid: true),
    Case(schema: #"{"type":"boolean"}"#, instance: "0", isValid: false),
    Case(schema: #"{"enum":["a","b"]}"#, instance: #""b""#, isValid: true),
    Case(schema: #"{"enum":["a","b"]}"#, instance: #""c""#, isValid: false),
    Case(schema: #"{"enum":[1]}"#, instance: "1.0", isValid: true),
    Case(schema: #"{"const":true}"#, instance: "false", isValid: false),
    Case(schema: #"{"required":["a"]}"#, instance: #"{"b":1}"#, isValid: false),
    Case(schema: #"{"required":["a"]}"#, instance: "3", isValid: true),
    Case(schema: #"{"properties":{"a":{"type":"string"}}}"#, instance: #"{"a":1}"#, isValid: false),
    Case(schema: #"{"properties":{"a":{}},"additionalProperties":false}"#, instance: #"{"a":1}"#, isValid: true),
    Case(schema: #"{"properties":{"a":{}},"additionalProperties":false}"#, instance: #"{"b":1}"#, isValid: false),
    Case(schema: #"{"additionalProperties":{"type":"integer"}}"#, instance: #"{"b":"x"}"#, isValid: false),
    Case(schema: #"{"items":{"type":"integer"}}"#, instance: "[1,2,3]", isValid: true),
    Case(schema: #"{"items":{"type":"integer"}}"#, instance: #"[1,"2"]"#, isValid: false),
    Case(schema: #"{"maxItems":0}"#, instance: "[1]", isValid: false),
    Case(schema: #"{"minItems":1}"#, instance: "[]", isValid: false),
    Case(schema: #"{"minimum":0,"maximum":10}"#, instance: "10", isValid: true),
    Case(schema: #"{"minimum":0,"maximum":10}"#, instance: "-1", isValid: false),
    Case(schema: #"{"minimum":0,"maximum":10}"#, instance: "10.5", isValid: false),
    Case(schema: #"{"anyOf":[{"type":"string"},{"type":"null"}]}"#, instance: "null", isValid: true),
    Case(schema: #"{"anyOf":[{"type":"string"},{"type":"null"}]}"#, instance: "1", isValid: false),
    Case(schema: ##"{"$ref":"#/$defs/n","$defs":{"n":{"type":"integer"}}}"##, instance: "1", isValid: true),
    Case(schema: ##"{"$ref":"#/$defs/n","$defs":{"n":{"type":"integer"}}}"##, instance: #""1""#, isValid: false),
    Case(schema: #"{"properties":{"a":false}}"#, instance: #"{"a":1}"#, isValid: false),
    Case(schema: #"{"title":"t","description":"d","format":"uri"}"#, instance: "1", isValid: true),
  ]

  @Test(arguments: cases)
  func check(_ testCase: Case) throws {
    let validator = JSONSchemaValidator(directory: ProtocolSpec.schemasFolder)
    let problems = try validator.validate(
      try json(testCase.instance), against: try json(testCase.schema), in: "inline.schema.json")
    #expect(problems.isEmpty == testCase.isValid, "\(problems)")
  }

  @Test(arguments: [
    #"{"pattern":"^a"}"#,
    #"{"oneOf":[{}]}"#,
    ##"{"$ref":"#/$defs/missing"}"##,
    #"{"type":"text"}"#,
    #"{"$ref":"missing.schema.json"}"#,
  ])
  func refusesWhatItCannotCheck(_ schema: String) throws {
    let validator = JSONSchemaValidator(directory: ProtocolSpec.schemasFolder)
    #expect(throws: JSONSchemaValidator.SchemaError.self) {
      _ = try validator.validate(.string("a"), against: try json(schema), in: "inline.schema.json")
    }
  }

  /// References across files resolve against the schema folder, so a broken example fails through a `$ref`.
  @Test func referencedFileSchemasApply() throws {
    let validator = JSONSchemaValidator(directory: ProtocolSpec.schemasFolder)
    var result = try #require(
      try ProtocolSpec.jsonValue(try ProtocolSpec.exampleData("docent-status.result.json")).objectValue)
    #expect(try validator.validate(.object(result), againstFile: "docent-synchronize.result.schema.json").isEmpty)
    result["state"] = "sleeping"
    result["document"] = ["uri": "file:///a", "isOpen": true, "lineCount": 0, "byteCount": 0]
    let problems = try validator.validate(.object(result), againstFile: "docent-synchronize.result.schema.json")
    #expect(problems.count == 2, "\(problems)")
  }

  func json(_ text: String) throws -> JSONValue {
    try ProtocolSpec.jsonValue(Data(text.utf8))
  }
}
