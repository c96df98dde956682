/// The entry point: scans one file's bytes for declarations and chunks.
///
/// Pure and total: the result depends only on the arguments, and any byte sequence (invalid UTF-8, unbalanced
/// braces, unterminated strings or comments, megabyte lines) produces a result in time linear in its length.
/// Nothing traps, recursion depth is capped, and problems are reported in ``ScanResult/diagnostics``.
public enum SourceScanner {
  /// Scans `bytes` as `language` and chunks the result.
  ///
  /// ```swift
  /// let result = SourceScanner.scan(Array(source.utf8), language: .detect(path: "Sources/App/Main.swift"))
  /// for declaration in result.declarations { print(declaration.qualifiedName, declaration.lineRange) }
  /// ```
  ///
  /// - Parameters:
  ///   - bytes: The file's contents; need not be valid UTF-8.
  ///   - language: How to read them; ``Language/plainText`` and ``Language/unknown`` give line windows only.
  ///   - options: Chunk size limits.
  /// - Returns: Declarations in source order, chunks covering every line, and diagnostics.
  /// - Complexity: O(*n*) for *n* bytes (plus O(*d* log *d*) to order *d* declarations).
  public static func scan(_ bytes: [UInt8], language: Language, options: ChunkingOptions = .init()) -> ScanResult {
    let text = SourceText(bytes)
    var chunker = Chunker(text: text, options: options)
    var diagnostics: [String] = []
    let declarations: [Declaration]
    let units: [Chunker.Unit]
    var merging = true
    switch language {
    case .markdown, .restructuredText:
      let sections =
        language == .markdown ? MarkdownScanner.sections(in: text) : RestructuredTextScanner.sections(in: text)
      declarations = headingDeclarations(sections, text: text)
      units = chunker.sectionUnits(sections)
      merging = false
    case .plainText, .unknown:
      declarations = []
      units = text.lineCount > 0 ? [Chunker.Unit(range: 0...(text.lineCount - 1))] : []
    default:
      let view = CodeView(text: text, language: language)
      diagnostics += view.diagnostics
      declarations = codeDeclarations(view, language: language).sorted {
        ($0.lineRange.lowerBound, -$0.lineRange.upperBound) < ($1.lineRange.lowerBound, -$1.lineRange.upperBound)
      }
      units = chunker.codeUnits(declarations)
    }
    let chunks = chunker.chunks(from: units, merging: merging)
    diagnostics += chunker.diagnostics
    return ScanResult(declarations: declarations, chunks: chunks, diagnostics: diagnostics)
  }

  private static func codeDeclarations(_ view: CodeView, language: Language) -> [Declaration] {
    switch language {
    case .python:
      var scanner = PythonScanner(view: view)
      scanner.scan()
      return scanner.declarations
    case .ruby:
      var scanner = RubyScanner(view: view)
      scanner.scan()
      return scanner.declarations
    case .shell:
      var scanner = ShellScanner(view: view)
      scanner.scan()
      return scanner.declarations
    default:
      var scanner = BraceScanner(view: view, language: language)
      scanner.scan()
      return scanner.declarations
    }
  }

  /// A heading declaration spans its whole section, subsections included; its container is the parent path
  /// joined with ` > ` (titles often contain dots).
  private static func headingDeclarations(_ sections: [Section], text: SourceText) -> [Declaration] {
    var ends = [Int](repeating: text.lineCount - 1, count: sections.count)
    var open: [Int] = []
    for (index, section) in sections.enumerated() {
      while let top = open.last, sections[top].level >= section.level {
        ends[top] = section.headingLine - 1
        open.removeLast()
      }
      open.append(index)
    }
    return sections.enumerated().map { index, section in
      let parents = section.path.dropLast()
      return Declaration(
        name: section.title, kind: .heading, container: parents.isEmpty ? nil : parents.joined(separator: " > "),
        signature: text.line(section.headingLine).trimmingSpaces(),
        lineRange: section.headingLine...max(section.headingLine, ends[index]))
    }
  }
}
