import Foundation
import JSONRPC
import LSP

/// The `Protocol/` folder as the spec tests read it: where it is, which example files it holds, and which Swift
/// type and JSON Schema each example belongs to.
///
/// The mapping from a file name to a type is mechanical (it is documented in `Protocol/README.md`):
///
/// | File | Decoded as | Schema |
/// |---|---|---|
/// | `<slug>[-<variant>].params.json` | the client request whose method, `/` replaced by `-`, is `<slug>` | `<slug>.params.schema.json` |
/// | `<slug>[-<variant>].result.json` | that request's `Response` | `<slug>.result.schema.json` |
/// | `<slug>[-<variant>].error.json` | `ResponseError` (the `error` member of a response) | `response-error.schema.json` |
/// | `settings[-<variant>].json` | `DocentSettings`, after unwrapping a `docent` member | `settings.schema.json` |
/// | `command-<command>[-<variant>].json` | `ExecuteCommandRequest` whose `command` is `<command>` | `command-<command>.schema.json` |
/// | `command-<command>[-<variant>].result.json` | the command's result | `command-<command>.result.schema.json` |
/// | `command-<command>[-<variant>].error.json` | `ResponseError` | `response-error.schema.json` |
///
/// When several slugs fit (a method `a/b` and a method `a/b/c`), the longest wins.
enum ProtocolSpec {
  /// The package root, found from this file's path (`Tests/LSPTests/ProtocolSpec.swift`).
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The `Protocol/` folder.
  static let folder = packageRoot.appendingPathComponent("Protocol")
  static let examplesFolder = folder.appendingPathComponent("examples")
  static let schemasFolder = folder.appendingPathComponent("schemas")
  static let methodsFolder = folder.appendingPathComponent("methods")

  /// The file names in `Protocol/examples/`, sorted; empty if the folder is missing (a test checks it is not).
  static let exampleNames: [String] = fileNames(in: examplesFolder)

  /// The file names in `Protocol/schemas/`, sorted.
  static let schemaNames: [String] = fileNames(in: schemasFolder)

  /// Every Markdown page under `Protocol/`, as paths relative to it (`README.md`, `methods/docent-status.md`).
  static let pageNames: [String] = {
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".md") }.sorted()
  }()

  /// The file-name form of a method: `docent/status` -> `docent-status`.
  static func slug(of method: String) -> String {
    method.replacingOccurrences(of: "/", with: "-")
  }

  static func fileNames(in folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
  }

  /// The text of a file under `Protocol/`, or `nil` when it does not exist.
  static func text(_ relativePath: String) -> String? {
    try? String(contentsOf: folder.appendingPathComponent(relativePath), encoding: .utf8)
  }

  /// Parses JSON text into a ``JSONValue``.
  static func jsonValue(_ data: Data) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: data)
  }

  /// The raw bytes of an example.
  static func exampleData(_ name: String) throws -> Data {
    try Data(contentsOf: examplesFolder.appendingPathComponent(name))
  }

  /// The settings object the server would apply: the `docent` member when it is an object, else the whole value
  /// (the rule of `ServerSettings.apply`).
  static func unwrappedSettings(_ value: JSONValue) -> JSONValue {
    if case .object(let nested)? = value["docent"] { return .object(nested) }
    return value
  }

  // MARK: Mapping examples to types

  /// What an example file is the example of.
  enum Subject {
    /// Params, result or error of a client request.
    case request(any RequestType.Type)
    /// A settings object.
    case settings
    /// A `workspace/executeCommand` params object, or a command's result.
    case command(DocentCommand)
  }

  /// The role an example plays, from its second extension.
  enum Role: String {
    case params
    case result
    case error
    /// No second extension: settings objects and command params.
    case plain
  }

  /// One example file, classified.
  struct Example {
    var name: String
    var role: Role
    var subject: Subject
    /// The schema in `Protocol/schemas/` the example must satisfy.
    var schemaName: String
  }

  /// Classifies an example file by the naming scheme, or returns `nil` for a name that maps to no type.
  static func classify(_ name: String) -> Example? {
    guard name.hasSuffix(".json") else { return nil }
    var stem = String(name.dropLast(".json".count))
    var role = Role.plain
    for candidate in [Role.params, .result, .error] where stem.hasSuffix("." + candidate.rawValue) {
      role = candidate
      stem = String(stem.dropLast(candidate.rawValue.count + 1))
    }

    if stem.hasPrefix("command-") {
      let rest = stem.dropFirst("command-".count)
      let command = DocentCommand.allCases
        .filter { rest == $0.rawValue || rest.hasPrefix($0.rawValue + "-") }
        .max { $0.rawValue.count < $1.rawValue.count }
      guard let command else { return nil }
      switch role {
      case .plain:
        return Example(
          name: name, role: role, subject: .command(command), schemaName: "command-\(command.rawValue).schema.json")
      case .result:
        return Example(
          name: name, role: role, subject: .command(command),
          schemaName: "command-\(command.rawValue).result.schema.json")
      case .error:
        return Example(name: name, role: role, subject: .command(command), schemaName: "response-error.schema.json")
      case .params:
        return nil
      }
    }

    if stem == "settings" || stem.hasPrefix("settings-") {
      guard role == .plain else { return nil }
      return Example(name: name, role: role, subject: .settings, schemaName: "settings.schema.json")
    }

    let request = MessageRegistry.clientRequests
      .filter { stem == slug(of: $0.method) || stem.hasPrefix(slug(of: $0.method) + "-") }
      .max { $0.method.count < $1.method.count }
    guard let request, role != .plain else { return nil }
    let schemaName =
      role == .error ? "response-error.schema.json" : "\(slug(of: request.method)).\(role.rawValue).schema.json"
    return Example(name: name, role: role, subject: .request(request), schemaName: schemaName)
  }

  // MARK: Markdown

  /// The targets of the inline links `[text](target)` in a Markdown text, in order.
  static func links(in markdown: String) -> [String] {
    var targets: [String] = []
    var rest = Substring(markdown)
    while let open = rest.range(of: "](") {
      let after = rest[open.upperBound...]
      guard let close = after.firstIndex(of: ")") else { break }
      targets.append(String(after[..<close]))
      rest = after[close...]
    }
    return targets
  }

  /// The fenced ```json blocks of a page, each with the example it is a copy of: the example that the nearest
  /// non-empty line above the fence links to, if that line links exactly one example.
  static func jsonBlocks(in markdown: String) -> [(example: String?, text: String)] {
    let lines = markdown.components(separatedBy: "\n")
    var blocks: [(example: String?, text: String)] = []
    var index = 0
    while index < lines.count {
      guard lines[index].trimmingCharacters(in: .whitespaces) == "```json" else {
        index += 1
        continue
      }
      var above = index - 1
      while above >= 0 && lines[above].trimmingCharacters(in: .whitespaces).isEmpty { above -= 1 }
      let linked = above >= 0 ? links(in: lines[above]).filter { $0.contains("examples/") } : []
      let example = linked.count == 1 ? linked[0].components(separatedBy: "/").last : nil
      var end = index + 1
      while end < lines.count && lines[end].trimmingCharacters(in: .whitespaces) != "```" { end += 1 }
      blocks.append((example, lines[(index + 1)..<min(end, lines.count)].joined(separator: "\n")))
      index = end + 1
    }
    return blocks
  }

  // MARK: Sources read as text

  /// The raw values of `EngineError.Code`, read from `Sources/Engine/EngineError.swift`.
  ///
  /// `LSPTests` may not import `Engine` (the module table keeps the protocol layer apart from it), so the list of
  /// `data.reason` values is read from the source: `case name` lines inside `enum Code`. A case with an explicit
  /// raw value (`case name = "other"`) uses that value.
  static func engineErrorReasons() -> [String] {
    let url = packageRoot.appendingPathComponent("Sources/Engine/EngineError.swift")
    guard let source = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    var reasons: [String] = []
    var isInCode = false
    for line in source.components(separatedBy: "\n") {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.contains("enum Code") {
        isInCode = true
        continue
      }
      guard isInCode else { continue }
      if trimmed.hasPrefix("}") { break }
      guard trimmed.hasPrefix("case ") else { continue }
      for element in trimmed.dropFirst("case ".count).split(separator: ",") {
        let parts = element.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2 {
          reasons.append(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        } else {
          reasons.append(parts[0])
        }
      }
    }
    return reasons
  }
}
