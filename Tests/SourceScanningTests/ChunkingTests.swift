import SourceScanning
import Testing

@Suite struct ChunkingTests {
  /// Every line is in at least one chunk, chunks are in order, and none exceeds the limits.
  func checkChunks(
    _ source: String, _ language: Language, options: ChunkingOptions = .init(),
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> [Chunk] {
    let result = SourceScanner.scan(Array(source.utf8), language: language, options: options)
    let lineCount = source.isEmpty ? 0 : source.split(separator: "\n", omittingEmptySubsequences: false).count - (source.hasSuffix("\n") ? 1 : 0)
    var covered = [Bool](repeating: false, count: lineCount)
    var previousStart = -1
    for chunk in result.chunks {
      #expect(chunk.lineRange.count <= options.maxLines, sourceLocation: sourceLocation)
      #expect(chunk.text.utf8.count <= options.maxBytes, sourceLocation: sourceLocation)
      #expect(chunk.lineRange.lowerBound > previousStart, sourceLocation: sourceLocation)
      previousStart = chunk.lineRange.lowerBound
      for line in chunk.lineRange where line < lineCount { covered[line] = true }
    }
    #expect(covered.allSatisfy { $0 }, "uncovered lines", sourceLocation: sourceLocation)
    return result.chunks
  }

  static func functions(_ count: Int, bodyLines: Int) -> String {
    (0..<count).map { index in
      "/// Doc for f\(index).\nfunc f\(index)() {\n" + String(repeating: "  work()\n", count: bodyLines) + "}\n"
    }.joined()
  }

  @Test func chunkPerDeclarationWithDocComment() {
    let chunks = checkChunks("import A\n\n" + Self.functions(3, bodyLines: 10), .swift)
    let named = chunks.filter { $0.symbol != nil }
    #expect(named.map(\.symbol) == ["f0", "f1", "f2"])
    #expect(named.first?.text.hasPrefix("import A\n\n/// Doc for f0.") == true)  // Tiny import unit merged in.
    #expect(named.last?.lineRange == 28...40)
    #expect(named.last?.documentation == "Doc for f2.")
  }

  @Test func tinyNeighboursAreMerged() {
    let chunks = checkChunks(Self.functions(6, bodyLines: 1), .swift)
    #expect(chunks.count < 6)
    #expect(chunks.allSatisfy { $0.lineRange.count <= 60 })
  }

  @Test func longDeclarationsSplitIntoOverlappingWindows() {
    let options = ChunkingOptions(maxLines: 20, overlapLines: 5, minLines: 3, maxBytes: 100_000)
    let chunks = checkChunks(Self.functions(1, bodyLines: 100), .swift, options: options)
    #expect(chunks.count > 5)
    for (a, b) in zip(chunks, chunks.dropFirst()) {
      #expect(a.lineRange.upperBound - b.lineRange.lowerBound + 1 == 5)
    }
    #expect(chunks.allSatisfy { $0.symbol == "f0" })
  }

  @Test func bigTypesSplitIntoHeaderAndMembers() {
    let members = (0..<8).map { "  /// Member \($0).\n  func m\($0)() {\n" + String(repeating: "    step()\n", count: 8) + "  }\n" }
    let source = "/// A big type.\nfinal class Big {\n  let state = 0\n\n" + members.joined() + "}\n"
    let chunks = checkChunks(source, .swift, options: ChunkingOptions(maxLines: 30, overlapLines: 5, minLines: 3))
    #expect(chunks.first?.symbol == "Big")
    #expect(chunks.first?.lineRange.lowerBound == 0)
    #expect(chunks.contains { $0.symbol == "m3" && $0.container == "Big" && $0.documentation == "Member 3." })
  }

  @Test func maxBytesIsRespected() {
    let long = String(repeating: "x", count: 10_000)
    let chunks = checkChunks("a\n\(long)\nb\n" + String(repeating: "é", count: 5_000) + "\n", .plainText, options: ChunkingOptions(maxBytes: 1_000))
    #expect(chunks.count >= 3)
  }

  @Test func plainTextUsesWindows() {
    let source = (0..<150).map { "line \($0)" }.joined(separator: "\n")
    let chunks = checkChunks(source, .plainText)
    #expect(chunks.map(\.lineRange) == [0...59, 50...109, 100...149])
  }

  @Test func emptyInputHasNoChunks() {
    #expect(SourceScanner.scan([], language: .swift).chunks.isEmpty)
    #expect(SourceScanner.scan([], language: .markdown).chunks.isEmpty)
  }

  @Test func markdownHeadingPaths() {
    let source = """
      ---
      title: x
      ---
      Intro text.

      # Guide

      ## Install
      Run it.
      ```sh
      # not a heading
      ```

      Setext Title
      ------------
      Body.
      ### Deep ###
      Deeper.
      """
    let chunks = checkChunks(source, .markdown)
    #expect(chunks.map(\.headingPath) == [[], ["Guide", "Install"], ["Guide", "Setext Title"], ["Guide", "Setext Title", "Deep"]])
    #expect(chunks.allSatisfy { $0.documentation == nil })
    let headings = declarations(source, .markdown)
    #expect(headings.map(\.name) == ["Guide", "Install", "Setext Title", "Deep"])
    #expect(headings.first?.lineRange == 5...17)
    #expect(headings.last?.container == "Guide > Setext Title")
  }

  @Test func restructuredTextHeadingPaths() {
    let source = """
      =====
      Title
      =====

      Intro.

      Section A
      ---------
      Text.

      Sub
      ~~~
      More.

      Section B
      ---------
      End.
      """
    let chunks = checkChunks(source, .restructuredText)
    #expect(chunks.map(\.headingPath) == [["Title"], ["Title", "Section A"], ["Title", "Section A", "Sub"], ["Title", "Section B"]])
  }

  @Test(arguments: [Language.python, .ruby, .go, .rust, .javascript, .java, .c, .cpp, .shell, .kotlin, .csharp])
  func everyLanguageCoversAllLines(_ language: Language) {
    let source = (0..<200).map { "x\($0) = \"{ (\" # // ;" }.joined(separator: "\n")
    _ = checkChunks(source, language)
  }
}
