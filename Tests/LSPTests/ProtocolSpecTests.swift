import Foundation
import JSONRPC
import LSP
import Testing

/// Keeps `Protocol/` (prose, JSON Schemas, examples) and the `LSP` types in agreement: every example decodes into
/// its Swift type and back without losing a member, satisfies its schema, and every `docent/*` request, command and
/// setting has its page. See `Protocol/README.md` for the example naming scheme.
@Suite("Protocol/ specification") struct ProtocolSpecTests {
  // MARK: Examples

  @Test func protocolFolderHoldsExamplesSchemasAndPages() {
    #expect(!ProtocolSpec.exampleNames.isEmpty, "no examples in \(ProtocolSpec.examplesFolder.path)")
    #expect(!ProtocolSpec.schemaNames.isEmpty, "no schemas in \(ProtocolSpec.schemasFolder.path)")
    #expect(ProtocolSpec.pageNames.contains("README.md"))
  }

  /// Decodes the example the way the server decodes a message, encodes the value again and compares: a member the
  /// Swift type does not know (or spells differently) would be dropped and fail the comparison.
  @Test(arguments: ProtocolSpec.exampleNames)
  func exampleDecodesIntoItsSwiftType(_ name: String) throws {
    let example = try #require(
      ProtocolSpec.classify(name), "\(name) maps to no Swift type; see the naming scheme in Protocol/README.md")
    let data = try ProtocolSpec.exampleData(name)
    let original = try ProtocolSpec.jsonValue(data)
    var expected = original
    let decoded: JSONValue

    switch (example.subject, example.role) {
    case (.request(let type), .params):
      decoded = try roundTripParams(type, data: data)
    case (.request(let type), .result):
      decoded = try roundTripResult(type, data: data)
    case (_, .error):
      decoded = try roundTripError(data: data)
    case (.settings, _):
      expected = ProtocolSpec.unwrappedSettings(original)
      let settings = try JSONDecoder().decode(DocentSettings.self, from: JSONEncoder().encode(expected))
      decoded = try reencoded(settings)
    case (.command(let command), .plain):
      let request = try decodeParams(ExecuteCommandRequest.self, data: data)
      #expect(request.command == command.rawValue, "\(name) must run \(command.rawValue)")
      #expect(DocentCommand(rawValue: request.command) != nil)
      decoded = try reencoded(request)
    case (.command(let command), .result):
      decoded = try roundTripCommandResult(command, data: data)
    case (.request, .plain), (.command, .params):
      Issue.record("\(name) has no role the naming scheme allows")
      return
    }
    #expect(decoded == expected, "\(name) changed in a decode/encode round trip through its Swift type")
  }

  @Test(arguments: ProtocolSpec.exampleNames)
  func exampleSatisfiesItsSchema(_ name: String) throws {
    let example = try #require(ProtocolSpec.classify(name), "\(name) maps to no Swift type or schema")
    let instance = try ProtocolSpec.jsonValue(try ProtocolSpec.exampleData(name))
    let validator = JSONSchemaValidator(directory: ProtocolSpec.schemasFolder)
    let problems = try validator.validate(instance, againstFile: example.schemaName)
    #expect(problems.isEmpty, "\(name) against \(example.schemaName):\n\(problems.joined(separator: "\n"))")
  }

  @Test(arguments: ProtocolSpec.schemaNames)
  func schemaUsesOnlyKeywordsTheValidatorChecks(_ name: String) throws {
    try JSONSchemaValidator(directory: ProtocolSpec.schemasFolder).checkSchema(file: name)
  }

  @Test(arguments: ProtocolSpec.exampleNames + ProtocolSpec.schemaNames)
  func fileIsLinkedFromAPage(_ name: String) {
    let linked = ProtocolSpec.pageNames.contains { page in
      ProtocolSpec.links(in: ProtocolSpec.text(page) ?? "").contains { $0.components(separatedBy: "/").last == name }
    }
    #expect(linked, "no page under Protocol/ links \(name)")
  }

  // MARK: Coverage of the Swift types

  @Test(arguments: MessageRegistry.docentRequests)
  func docentRequestHasAPageSchemasAndExamples(_ method: String) throws {
    let slug = ProtocolSpec.slug(of: method)
    let page = try #require(ProtocolSpec.text("methods/\(slug).md"), "Protocol/methods/\(slug).md is missing")
    #expect(page.hasPrefix("# `\(method)`"), "the page's title must be the method name")
    let pageLinks = ProtocolSpec.links(in: page)
    for schema in ["\(slug).params.schema.json", "\(slug).result.schema.json"] {
      #expect(ProtocolSpec.schemaNames.contains(schema), "Protocol/schemas/\(schema) is missing")
      #expect(pageLinks.contains { $0.hasSuffix("/" + schema) }, "the page does not link \(schema)")
    }
    #expect(ProtocolSpec.links(in: ProtocolSpec.text("README.md") ?? "").contains("methods/\(slug).md"))

    let examples = ProtocolSpec.exampleNames.compactMap(ProtocolSpec.classify).filter {
      if case .request(let type) = $0.subject { return type.method == method }
      return false
    }
    #expect(examples.contains { $0.role == .params }, "no params example for \(method)")
    #expect(examples.contains { $0.role == .result }, "no result example for \(method)")
  }

  @Test(arguments: DocentCommand.allCases)
  func commandIsDocumentedWithExamples(_ command: DocentCommand) {
    let page = ProtocolSpec.text("commands.md") ?? ""
    #expect(page.contains("\n## `\(command.rawValue)`\n"), "commands.md has no section '## `\(command.rawValue)`'")
    #expect(ProtocolSpec.exampleNames.contains("command-\(command.rawValue).json"))
    #expect(ProtocolSpec.exampleNames.contains("command-\(command.rawValue).result.json"))
  }

  @Test(arguments: Self.settingsKeys)
  func settingIsDocumentedInPageSchemaAndFullExample(_ key: String) throws {
    let page = ProtocolSpec.text("settings.md") ?? ""
    #expect(page.contains("\n## `\(key)`\n"), "settings.md has no section '## `\(key)`'")
    #expect(Self.schemaSettingsKeys.contains(key), "settings.schema.json does not declare \(key)")
    let full = try ProtocolSpec.jsonValue(try ProtocolSpec.exampleData("settings.json"))
    #expect(full[key] != nil, "examples/settings.json should set every key, and lacks \(key)")
  }

  /// The README's configuration reference has a row for every setting (and for nothing else).
  @Test func readmeConfigurationReferenceListsEverySetting() throws {
    let readme = try String(contentsOf: ProtocolSpec.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let section = readme.components(separatedBy: "## Configuration reference").dropFirst().first?
      .components(separatedBy: "\n## ").first ?? ""
    let rows = section.split(separator: "\n").filter { $0.hasPrefix("| `") }.compactMap { row in
      row.split(separator: "`").dropFirst().first.map(String.init)
    }
    #expect(rows.sorted() == Self.settingsKeys.sorted())
  }

  @Test func settingsSchemaDeclaresNoKeyTheSwiftTypeLacks() {
    #expect(Self.schemaSettingsKeys == Set(Self.settingsKeys))
  }

  /// Guards ``settingsKeys``: a property added to `DocentSettings` but not set in the instance would be left out
  /// of the encoding and so escape the checks above.
  @Test func populatedSettingsSetEveryProperty() {
    let properties = Mirror(reflecting: Self.populatedSettings).children.count
    #expect(properties == Self.settingsKeys.count, "set every DocentSettings property in populatedSettings")
  }

  @Test func initializeExampleAdvertisesEveryExtension() throws {
    let data = try ProtocolSpec.exampleData("initialize.result.json")
    let result = try JSONDecoder().decode(InitializeResult.self, from: data)
    #expect(result.capabilities.experimental?.docent.requests == MessageRegistry.docentRequests)
    #expect(result.capabilities.executeCommandProvider?.commands == DocentCommand.allCases.map(\.rawValue))
  }

  // MARK: Errors

  @Test func errorReasonsMatchEngineErrorCodes() throws {
    let reasons = ProtocolSpec.engineErrorReasons()
    #expect(!reasons.isEmpty, "could not read EngineError.Code from Sources/Engine/EngineError.swift")
    let schema = try ProtocolSpec.jsonValue(
      try Data(contentsOf: ProtocolSpec.schemasFolder.appendingPathComponent("response-error.schema.json")))
    let listed = schema["properties"]?["data"]?["properties"]?["reason"]?["enum"]?.arrayValue?.compactMap(\.stringValue)
    #expect(listed == reasons, "response-error.schema.json must list EngineError.Code's raw values in order")
    let readme = ProtocolSpec.text("README.md") ?? ""
    for reason in reasons {
      #expect(readme.contains("| `\(reason)` |"), "Protocol/README.md has no table row for reason \(reason)")
    }
  }

  @Test func errorCodesOfTheSchemaAreExplained() throws {
    let schema = try ProtocolSpec.jsonValue(
      try Data(contentsOf: ProtocolSpec.schemasFolder.appendingPathComponent("response-error.schema.json")))
    let codes = schema["properties"]?["code"]?["enum"]?.arrayValue?.compactMap(\.intValue) ?? []
    #expect(!codes.isEmpty)
    let readme = ProtocolSpec.text("README.md") ?? ""
    for code in codes {
      #expect(readme.contains("| \(code) |"), "Protocol/README.md has no table row for error code \(code)")
    }
  }

  // MARK: Pages

  @Test(arguments: ProtocolSpec.pageNames)
  func relativeLinksResolve(_ page: String) {
    let directory = ProtocolSpec.folder.appendingPathComponent(page).deletingLastPathComponent()
    for link in ProtocolSpec.links(in: ProtocolSpec.text(page) ?? "") {
      guard !link.contains("://"), !link.hasPrefix("#"), !link.hasPrefix("mailto:") else { continue }
      let path = link.components(separatedBy: "#")[0]
      let target = directory.appendingPathComponent(path).standardizedFileURL.path
      #expect(FileManager.default.fileExists(atPath: target), "\(page) links \(link), which does not exist")
    }
  }

  @Test(arguments: ProtocolSpec.pageNames)
  func embeddedExamplesEqualTheirFiles(_ page: String) throws {
    for block in ProtocolSpec.jsonBlocks(in: ProtocolSpec.text(page) ?? "") {
      // JSON that is not a copy of an example would go unchecked: show wire exchanges as ```text instead.
      guard let example = block.example else {
        Issue.record("\(page): a ```json block must sit below a line linking the example it shows")
        continue
      }
      let embedded = try ProtocolSpec.jsonValue(Data(block.text.utf8))
      let file = try ProtocolSpec.jsonValue(try ProtocolSpec.exampleData(example))
      #expect(embedded == file, "\(page): the block below the link to \(example) differs from the file")
    }
  }

  // MARK: Helpers

  /// A `DocentSettings` with every property set, so that encoding it yields every key.
  static let populatedSettings = DocentSettings(
    logLevel: "info", logPrivacy: "redacted", progressDelayMilliseconds: 250, indexLocation: "cache",
    maxFileBytes: 1 << 20, include: [], exclude: [], excludeSecretFiles: true, semanticSearch: true,
    embeddingModel: "")

  /// The wire keys of `DocentSettings`.
  static let settingsKeys: [String] = {
    guard let data = try? JSONEncoder().encode(populatedSettings),
      let object = try? JSONDecoder().decode([String: JSONValue].self, from: data)
    else { return [] }
    return object.keys.sorted()
  }()

  /// The keys `settings.schema.json` declares for the settings object.
  static let schemaSettingsKeys: Set<String> = {
    let url = ProtocolSpec.schemasFolder.appendingPathComponent("settings.schema.json")
    guard let data = try? Data(contentsOf: url), let schema = try? ProtocolSpec.jsonValue(data) else { return [] }
    return Set(schema["$defs"]?["settings"]?["properties"]?.objectValue.map { Array($0.keys) } ?? [])
  }()

  /// Decodes params exactly as the server does: inside a request envelope, through ``IncomingMessage``.
  func decodeParams<R: RequestType>(_ type: R.Type, data: Data) throws -> R {
    var body = Data(#"{"jsonrpc":"2.0","id":1,"method":"#.utf8)
    body += try JSONEncoder().encode(R.method)
    body += Data(#","params":"#.utf8) + data + Data("}".utf8)
    return try IncomingMessage(body: body).decodeParams(R.self)
  }

  func roundTripParams<R: RequestType>(_ type: R.Type, data: Data) throws -> JSONValue {
    try reencoded(try decodeParams(R.self, data: data))
  }

  /// Decodes a result exactly as a client of ``Connection`` does: inside a response envelope.
  func decodeResult<Response: Decodable>(_ type: Response.Type, data: Data) throws -> Response {
    let body = Data(#"{"jsonrpc":"2.0","id":1,"result":"#.utf8) + data + Data("}".utf8)
    return try IncomingMessage(body: body).decodeResult(Response.self)
  }

  func roundTripResult<R: RequestType>(_ type: R.Type, data: Data) throws -> JSONValue {
    try reencoded(try decodeResult(R.Response.self, data: data))
  }

  func roundTripError(data: Data) throws -> JSONValue {
    let body = Data(#"{"jsonrpc":"2.0","id":1,"error":"#.utf8) + data + Data("}".utf8)
    guard case .response(_, let error?) = try IncomingMessage(body: body).kind else {
      throw ExampleError(description: "not a response error")
    }
    return try reencoded(error)
  }

  /// Commands answer with an untyped `JSONValue`; this is the shape each one promises in `commands.md`.
  func roundTripCommandResult(_ command: DocentCommand, data: Data) throws -> JSONValue {
    switch command {
    case .reindex: try reencoded(try decodeResult(VoidResponse.self, data: data))
    case .status: try reencoded(try decodeResult(StatusResponse.self, data: data))
    }
  }

  func reencoded(_ value: some Encodable) throws -> JSONValue {
    try ProtocolSpec.jsonValue(try JSONEncoder().encode(value))
  }

  struct ExampleError: Error, CustomStringConvertible {
    var description: String
  }
}
