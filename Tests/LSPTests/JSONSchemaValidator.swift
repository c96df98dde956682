import Foundation
import JSONRPC

/// A validator for the subset of JSON Schema draft 2020-12 that `Protocol/schemas/` uses.
///
/// Supported assertions: `type` (a name or an array of names), `enum`, `const`, `properties`, `required`,
/// `additionalProperties` (`false` or a schema), `items`, `minItems`, `maxItems`, `minimum`, `maximum`, `anyOf`,
/// boolean schemas, and `$ref` to `#/$defs/…` in the same file or to another file in the schema folder (optionally
/// with a `#/…` fragment). Annotations (`title`, `description`, `default`, `format`, …) are accepted and ignored.
///
/// Any other keyword is a ``SchemaError``, never silently skipped: a schema that says more than this validator
/// checks would give examples a pass they did not earn.
final class JSONSchemaValidator {
  /// A problem with a schema itself (as opposed to an instance that does not match it).
  struct SchemaError: Error, CustomStringConvertible {
    var description: String
  }

  /// Keywords that only annotate and assert nothing.
  static let annotationKeywords: Set<String> = [
    "$schema", "$comment", "$defs", "title", "description", "default", "examples", "format", "deprecated",
    "readOnly", "writeOnly",
  ]

  /// Keywords this validator checks.
  static let assertionKeywords: Set<String> = [
    "type", "enum", "const", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
    "minimum", "maximum", "anyOf", "$ref",
  ]

  /// The folder that file references resolve against.
  let directory: URL
  private var documents: [String: JSONValue] = [:]

  /// Creates a validator resolving file references against `directory`.
  init(directory: URL) {
    self.directory = directory
  }

  /// Validates `instance` against the schema file `fileName` in ``directory``.
  ///
  /// - Returns: One message per violation, each starting with the JSON pointer of the offending value; empty when
  ///   the instance is valid.
  /// - Throws: ``SchemaError`` when a schema is unreadable, uses an unsupported keyword, or has a dangling `$ref`.
  func validate(_ instance: JSONValue, againstFile fileName: String) throws -> [String] {
    let document = try load(fileName)
    if document["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
      throw SchemaError(description: "\(fileName): \"$schema\" must be the draft 2020-12 meta-schema URI")
    }
    return try validate(instance, at: "", against: document, in: fileName)
  }

  /// Checks a whole schema file without an instance: every subschema uses only supported keywords and every
  /// `$ref` resolves.
  ///
  /// - Throws: ``SchemaError`` for the first problem found.
  func checkSchema(file fileName: String) throws {
    let document = try load(fileName)
    if document["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
      throw SchemaError(description: "\(fileName): \"$schema\" must be the draft 2020-12 meta-schema URI")
    }
    try check(document, in: fileName)
  }

  private func check(_ schema: JSONValue, in fileName: String) throws {
    switch schema {
    case .bool: return
    case .object(let keywords):
      for keyword in keywords.keys where !Self.annotationKeywords.contains(keyword) {
        guard Self.assertionKeywords.contains(keyword) else {
          throw SchemaError(description: "\(fileName): unsupported keyword '\(keyword)'")
        }
      }
      var children: [JSONValue] = []
      children += keywords["properties"]?.objectValue.map { Array($0.values) } ?? []
      children += keywords["$defs"]?.objectValue.map { Array($0.values) } ?? []
      children += keywords["anyOf"]?.arrayValue ?? []
      if let items = keywords["items"] { children.append(items) }
      if let additional = keywords["additionalProperties"] { children.append(additional) }
      for child in children { try check(child, in: fileName) }
      if case .string(let reference)? = keywords["$ref"] { _ = try resolve(reference, from: fileName) }
    default:
      throw SchemaError(description: "\(fileName): a schema must be an object or a Boolean, not \(schema)")
    }
  }

  /// Validates `instance` against an inline schema, registered under the name `fileName` so that its `#/$defs`
  /// references resolve within it.
  func validate(_ instance: JSONValue, against schema: JSONValue, in fileName: String) throws -> [String] {
    documents[fileName] = schema
    return try validate(instance, at: "", against: schema, in: fileName)
  }

  private func load(_ fileName: String) throws -> JSONValue {
    if let document = documents[fileName] { return document }
    guard !fileName.contains("/") else {
      throw SchemaError(description: "'\(fileName)': references must name a file in the same folder")
    }
    let url = directory.appendingPathComponent(fileName)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw SchemaError(description: "schema file \(fileName) does not exist")
    }
    let document: JSONValue
    do {
      document = try JSONDecoder().decode(JSONValue.self, from: data)
    } catch {
      throw SchemaError(description: "schema file \(fileName) is not JSON: \(error)")
    }
    documents[fileName] = document
    return document
  }

  private func validate(
    _ instance: JSONValue, at path: String, against schema: JSONValue, in fileName: String
  ) throws -> [String] {
    switch schema {
    case .bool(true): return []
    case .bool(false): return ["\(pointer(path)): no value is allowed here"]
    case .object(let keywords): return try validate(instance, at: path, keywords: keywords, in: fileName)
    default: throw SchemaError(description: "\(fileName): a schema must be an object or a Boolean, not \(schema)")
    }
  }

  private func validate(
    _ instance: JSONValue, at path: String, keywords: [String: JSONValue], in fileName: String
  ) throws -> [String] {
    var problems: [String] = []
    let here = pointer(path)
    for keyword in keywords.keys.sorted() {
      guard Self.annotationKeywords.contains(keyword) || Self.assertionKeywords.contains(keyword) else {
        throw SchemaError(description: "\(fileName): unsupported keyword '\(keyword)' (at \(here))")
      }
    }

    if let type = keywords["type"] {
      let names: [String]
      switch type {
      case .string(let name): names = [name]
      case .array(let values): names = values.compactMap(\.stringValue)
      default: throw SchemaError(description: "\(fileName): 'type' must be a string or an array of strings")
      }
      for name in names where !Self.typeNames.contains(name) {
        throw SchemaError(description: "\(fileName): unknown type '\(name)'")
      }
      if !names.contains(where: { Self.instance(instance, hasType: $0) }) {
        problems.append("\(here): expected \(names.joined(separator: " or ")), found \(Self.typeName(of: instance))")
        return problems  // the other keywords would only repeat the type mismatch
      }
    }

    if let allowed = keywords["enum"] {
      guard case .array(let values) = allowed else {
        throw SchemaError(description: "\(fileName): 'enum' must be an array")
      }
      if !values.contains(where: { Self.isEqual($0, instance) }) {
        problems.append("\(here): \(Self.render(instance)) is not one of \(Self.render(allowed))")
      }
    }

    if let constant = keywords["const"], !Self.isEqual(constant, instance) {
      problems.append("\(here): expected \(Self.render(constant)), found \(Self.render(instance))")
    }

    if let minimum = keywords["minimum"] {
      guard let bound = Self.number(minimum) else {
        throw SchemaError(description: "\(fileName): 'minimum' must be a number")
      }
      if let value = Self.number(instance), value < bound {
        problems.append("\(here): \(Self.render(instance)) is less than the minimum \(Self.render(minimum))")
      }
    }

    if let maximum = keywords["maximum"] {
      guard let bound = Self.number(maximum) else {
        throw SchemaError(description: "\(fileName): 'maximum' must be a number")
      }
      if let value = Self.number(instance), value > bound {
        problems.append("\(here): \(Self.render(instance)) is greater than the maximum \(Self.render(maximum))")
      }
    }

    if case .object(let members) = instance {
      problems += try validateObject(members, at: path, keywords: keywords, in: fileName)
    }

    if case .array(let elements) = instance {
      if let minItems = keywords["minItems"] {
        guard let bound = minItems.intValue else {
          throw SchemaError(description: "\(fileName): 'minItems' must be an integer")
        }
        if elements.count < bound { problems.append("\(here): fewer than \(bound) items") }
      }
      if let maxItems = keywords["maxItems"] {
        guard let bound = maxItems.intValue else {
          throw SchemaError(description: "\(fileName): 'maxItems' must be an integer")
        }
        if elements.count > bound { problems.append("\(here): more than \(bound) items") }
      }
      if let items = keywords["items"] {
        for (index, element) in elements.enumerated() {
          problems += try validate(element, at: path + "/\(index)", against: items, in: fileName)
        }
      }
    }

    if let alternatives = keywords["anyOf"] {
      guard case .array(let schemas) = alternatives, !schemas.isEmpty else {
        throw SchemaError(description: "\(fileName): 'anyOf' must be a non-empty array")
      }
      var failures: [String] = []
      var matched = false
      for schema in schemas {
        let result = try validate(instance, at: path, against: schema, in: fileName)
        if result.isEmpty {
          matched = true
          break
        }
        failures.append(result.joined(separator: "; "))
      }
      if !matched {
        problems.append("\(here): matches none of the anyOf alternatives (\(failures.joined(separator: " | ")))")
      }
    }

    if let reference = keywords["$ref"] {
      guard case .string(let target) = reference else {
        throw SchemaError(description: "\(fileName): '$ref' must be a string")
      }
      let (targetFile, schema) = try resolve(target, from: fileName)
      problems += try validate(instance, at: path, against: schema, in: targetFile)
    }

    return problems
  }

  private func validateObject(
    _ members: [String: JSONValue], at path: String, keywords: [String: JSONValue], in fileName: String
  ) throws -> [String] {
    var problems: [String] = []
    var declared: [String: JSONValue] = [:]
    if let properties = keywords["properties"] {
      guard case .object(let schemas) = properties else {
        throw SchemaError(description: "\(fileName): 'properties' must be an object")
      }
      declared = schemas
    }
    if let required = keywords["required"] {
      guard case .array(let names) = required else {
        throw SchemaError(description: "\(fileName): 'required' must be an array")
      }
      for name in names.compactMap(\.stringValue) where members[name] == nil {
        problems.append("\(pointer(path)): missing required member \"\(name)\"")
      }
    }
    for (name, value) in members.sorted(by: { $0.key < $1.key }) {
      let memberPath = path + "/" + escape(name)
      if let schema = declared[name] {
        problems += try validate(value, at: memberPath, against: schema, in: fileName)
      } else if let additional = keywords["additionalProperties"] {
        if additional == .bool(false) {
          problems.append("\(pointer(memberPath)): member \"\(name)\" is not allowed")
        } else {
          problems += try validate(value, at: memberPath, against: additional, in: fileName)
        }
      }
    }
    return problems
  }

  /// Resolves `file.json`, `file.json#/pointer` or `#/pointer` relative to the file holding the reference.
  private func resolve(_ reference: String, from fileName: String) throws -> (String, JSONValue) {
    let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
    let targetFile = parts[0].isEmpty ? fileName : String(parts[0])
    var schema = try load(targetFile)
    guard parts.count == 2, !parts[1].isEmpty else { return (targetFile, schema) }
    guard parts[1].hasPrefix("/") else {
      throw SchemaError(description: "\(fileName): '$ref' fragment '\(parts[1])' is not a JSON pointer")
    }
    for token in parts[1].dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
      let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
      guard let next = schema[key] else {
        throw SchemaError(description: "\(fileName): '$ref' \(reference) names nothing")
      }
      schema = next
    }
    return (targetFile, schema)
  }

  // MARK: JSON values

  static let typeNames: Set<String> = ["null", "boolean", "object", "array", "number", "integer", "string"]

  static func instance(_ value: JSONValue, hasType name: String) -> Bool {
    switch (name, value) {
    case ("null", .null), ("boolean", .bool), ("object", .object), ("array", .array), ("string", .string): true
    case ("number", .int), ("number", .double), ("integer", .int): true
    case ("integer", .double(let number)): number.rounded() == number
    default: false
    }
  }

  static func typeName(of value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool: "boolean"
    case .int: "integer"
    case .double: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
  }

  static func number(_ value: JSONValue) -> Double? {
    switch value {
    case .int(let number): Double(number)
    case .double(let number): number
    default: nil
    }
  }

  /// JSON equality: numbers compare by value (`1` equals `1.0`), objects ignore member order.
  static func isEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
    if let left = number(lhs), let right = number(rhs) { return left == right }
    switch (lhs, rhs) {
    case (.array(let left), .array(let right)):
      return left.count == right.count && zip(left, right).allSatisfy { isEqual($0, $1) }
    case (.object(let left), .object(let right)):
      return left.count == right.count
        && left.allSatisfy { key, value in right[key].map { isEqual(value, $0) } ?? false }
    default:
      return lhs == rhs
    }
  }

  static func render(_ value: JSONValue) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "\(value)" }
    return String(decoding: data, as: UTF8.self)
  }

  private func pointer(_ path: String) -> String { path.isEmpty ? "/" : path }

  private func escape(_ name: String) -> String {
    name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
  }
}
