import Testing
import Workspace

@Suite struct IgnorePatternTests {
  @Test(arguments: [
    // (line, negated, directory-only, anchored)
    ("*.log", false, false, false), ("!keep.log", true, false, false), ("build/", false, true, false),
    ("/build", false, false, true), ("a/b/", false, true, true), ("!/a/**/b/", true, true, true),
    ("\\!bang", false, false, false), ("**/x", false, false, true),
  ])
  func linesParseIntoFlags(line: String, negated: Bool, directoryOnly: Bool, anchored: Bool) throws {
    let pattern = try #require(IgnorePattern(line: Array(line.utf8), lineNumber: 1))
    #expect(pattern.isNegated == negated && pattern.isDirectoryOnly == directoryOnly && pattern.isAnchored == anchored)
  }

  @Test(arguments: ["", "# comment", "   ", "!", "/", "\r"])
  func blankAndCommentLinesAreNotPatterns(line: String) {
    #expect(IgnorePattern(line: Array(line.utf8), lineNumber: 1) == nil)
  }

  @Test func manyStarsDoNotMakeMatchingExponential() throws {
    let pattern = try #require(
      IgnorePattern(line: Array(("*a" + String(repeating: "*a", count: 60) + "*b").utf8), lineNumber: 1))
    let path = String(repeating: "a", count: 4_000)
    #expect(!pattern.matches(path, isDirectory: false))
    let slashes = try #require(
      IgnorePattern(line: Array((String(repeating: "**/", count: 50) + "z").utf8), lineNumber: 1))
    #expect(!slashes.matches(String(repeating: "a/", count: 1_000) + "y", isDirectory: false))
    #expect(slashes.matches(String(repeating: "a/", count: 1_000) + "z", isDirectory: false))
  }

  @Test func matchersApplyOnlyBelowTheirDirectory() {
    let matcher = IgnoreMatcher(bytes: Array("*.log\n!keep.log\n".utf8), directory: "logs")
    #expect(matcher.lastMatch(for: "logs/a.log", isDirectory: false)?.isNegated == false)
    #expect(matcher.lastMatch(for: "logs/keep.log", isDirectory: false)?.isNegated == true)
    #expect(matcher.lastMatch(for: "other/a.log", isDirectory: false) == nil)
    #expect(matcher.lastMatch(for: "logs", isDirectory: true) == nil)
    #expect(matcher.lastMatch(for: "logsx/a.log", isDirectory: false) == nil)
  }

  @Test func pathFiltersSelectLikeARootGitignore() {
    let filter = PathFilter(include: ["src/", "*.md"], exclude: ["src/gen/", "*.tmp"])
    #expect(filter.admitsFile("src/a.swift") && filter.admitsFile("docs/x.md"))
    #expect(
      !filter.admitsFile("tests/a.swift") && !filter.admitsFile("src/gen/b.swift") && !filter.admitsFile("src/a.tmp"))
    #expect(filter.admitsDirectory("tests") && !filter.admitsDirectory("src/gen"))
    #expect(PathFilter().admitsFile("anything/at/all"))
  }

  @Test(arguments: [
    (Array("fn main() {}\n".utf8), true, ContentKind.text), ([0x00], true, .binary), ([], true, .text),
    ([0xE6, 0xBC], true, .binary), ([0xE6, 0xBC], false, .text), ([0xED, 0xA0, 0x80], true, .binary),
    ([0xC0, 0x80], true, .binary), (Array(String(repeating: "x=1;", count: 400).utf8), true, .minified),
  ])
  func contentIsSniffed(bytes: [UInt8], isWholeFile: Bool, kind: ContentKind) {
    #expect(ContentKind(sniffing: bytes, isWholeFile: isWholeFile) == kind)
  }
}
