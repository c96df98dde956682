/// One declaration found by a scanner: its name, kind, enclosing path, header, doc comment and extent.
///
/// Line numbers are 0-based and inclusive. ``lineRange`` starts at the first attribute, decorator or
/// annotation line (never at the doc comment) and ends at the last line of the body, or at the header's last
/// line for declarations without a body.
public struct Declaration: Sendable, Hashable {
  /// The declared name, without its container (`bar` for `Foo::bar`, `doThing:with:` for an Objective-C selector).
  public var name: String
  /// What is declared.
  public var kind: SymbolKind
  /// The enclosing type, module or namespace path joined with `.` (`Outer.Inner`), or `nil` at file level.
  public var container: String?
  /// The header up to the body's opening brace or colon, attributes excluded, whitespace collapsed.
  public var signature: String
  /// The doc comment or docstring without comment markers, or `nil` when there is none.
  public var documentation: String?
  /// The lines from the first attribute line to the end of the body, 0-based, inclusive.
  public var lineRange: ClosedRange<Int>
  /// The lines of the doc comment, 0-based, inclusive, or `nil` when there is none.
  public var documentationLineRange: ClosedRange<Int>?

  /// Creates a declaration.
  public init(
    name: String, kind: SymbolKind, container: String? = nil, signature: String, documentation: String? = nil,
    lineRange: ClosedRange<Int>, documentationLineRange: ClosedRange<Int>? = nil
  ) {
    self.name = name
    self.kind = kind
    self.container = container
    self.signature = signature
    self.documentation = documentation
    self.lineRange = lineRange
    self.documentationLineRange = documentationLineRange
  }

  /// The container and name joined with `.` (`Outer.Inner.method`).
  public var qualifiedName: String { container.map { "\($0).\(name)" } ?? name }

  /// The lines from the doc comment (when present) to the end of the declaration.
  public var fullLineRange: ClosedRange<Int> {
    guard let doc = documentationLineRange else { return lineRange }
    return min(doc.lowerBound, lineRange.lowerBound)...max(doc.upperBound, lineRange.upperBound)
  }
}
