/// What a ``Declaration`` declares, in terms common to all languages.
///
/// Language-specific constructs map to the closest case: a Rust `impl` block and an Objective-C category are
/// ``extension``, a Go named non-struct type is ``typeAlias``, a Markdown or reStructuredText section is
/// ``heading``.
public enum SymbolKind: String, Sendable, Codable, CaseIterable {
  case function, method, initializer, `class`, `struct`, `enum`, `protocol`, interface, `extension`
  case module, namespace, typeAlias, property, constant, variable, macro, heading
  case actor, trait, union, record, object

  /// Whether declarations of this kind hold member declarations (types, extensions, modules, namespaces).
  public var isContainer: Bool {
    switch self {
    case .class, .struct, .enum, .protocol, .interface, .extension, .module, .namespace, .actor, .trait, .union,
      .record, .object:
      return true
    default: return false
    }
  }
}
