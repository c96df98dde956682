import SourceScanning
import Testing

/// One data-driven case: a source, its language, and the declarations expected as `"kind Qualified.name"`.
struct DeclarationCase: CustomTestStringConvertible, Sendable {
  var language: Language
  var source: String
  var expected: [String]
  var testDescription: String { "\(language): \(source.prefix(40))" }
}

/// Scans `source` and returns the declarations.
func declarations(_ source: String, _ language: Language) -> [Declaration] {
  SourceScanner.scan(Array(source.utf8), language: language).declarations
}

/// Checks the declarations found in `source`, as `"kind Qualified.name"` in source order.
func check(_ testCase: DeclarationCase, sourceLocation: SourceLocation = #_sourceLocation) {
  let found = declarations(testCase.source, testCase.language).map { "\($0.kind.rawValue) \($0.qualifiedName)" }
  #expect(found == testCase.expected, sourceLocation: sourceLocation)
}

/// Checks one declaration's details: line range, doc text, signature.
func checkDetail(
  _ source: String, _ language: Language, name: String, lines: ClosedRange<Int>? = nil, doc: String?? = nil,
  docLines: ClosedRange<Int>?? = nil, signature: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  let all = declarations(source, language)
  guard let declaration = all.first(where: { $0.qualifiedName == name || $0.name == name }) else {
    Issue.record("no declaration \(name) in \(all.map(\.qualifiedName))", sourceLocation: sourceLocation)
    return
  }
  if let lines { #expect(declaration.lineRange == lines, sourceLocation: sourceLocation) }
  if let doc { #expect(declaration.documentation == doc, sourceLocation: sourceLocation) }
  if let docLines { #expect(declaration.documentationLineRange == docLines, sourceLocation: sourceLocation) }
  if let signature { #expect(declaration.signature == signature, sourceLocation: sourceLocation) }
}
