import Basics
import Foundation
import Testing
import Workspace

/// Compares ``IgnoreStack`` (and the crawler built on it) with `git check-ignore` and `git ls-files` on
/// generated trees: one case per pattern feature, each decided by git itself.
@Suite struct IgnoreMatcherGitTests {
  /// One tree: ignore files by path (`.gitignore`, `sub/.gitignore`, `.git/info/exclude`) and extra files.
  struct Case: Sendable, CustomStringConvertible {
    var name: String
    var ignoreFiles: [(path: String, text: String)]
    var extraFiles: [String] = []
    var description: String { name }

    init(_ name: String, _ rootGitignore: String, extraFiles: [String] = []) {
      self.name = name
      ignoreFiles = [(".gitignore", rootGitignore)]
      self.extraFiles = extraFiles
    }

    init(_ name: String, files: [(String, String)], extraFiles: [String] = []) {
      self.name = name
      ignoreFiles = files
      self.extraFiles = extraFiles
    }
  }

  /// The files every case's tree holds (besides its ignore files).
  static let tree = [
    "README.md", "a.txt", "b.log", "debug.log", "important.log", "#notes", "!bang", "space ", "space",
    "a1.txt", "a[1].txt", "starX.txt", "star*.txt", "q?.txt", "qx.txt",
    "logs/a.log", "logs/keep.log", "logs/sub/deep.log", "logs/sub/x.txt",
    "src/main.swift", "src/util/helper.swift", "src/util/helper.log", "src/build/gen.swift",
    "build/out.o", "build/keep.txt", "docs/build/index.html", "docs/a/b/c/notes.md", "docs/a/notes.md",
    "foo/bar/baz.txt", "foo/x.txt", "abc/foo/bar/q.txt", "x/y/foo/bar/r.txt",
    "file1.c", "file2.c", "fileA.c", "filea.c", "file-.c", "file].c", "fileB.c",
    "data/2023/jan.csv", "data/2024/feb.csv", "data/2025/jan.csv", "Temp/t.tmp", "temp/t.tmp",
  ]

  static let cases: [Case] = [
    Case("extension", "*.log"),
    Case("negation re-includes a file", "*.log\n!important.log"),
    Case("negation with a path", "*.log\n!logs/keep.log"),
    Case("directory-only name", "logs/"),
    Case("name matches a directory", "logs"),
    Case("anchored single-level star", "logs/*.log"),
    Case("trailing double star", "logs/**"),
    Case("middle double star", "logs/**/*.log"),
    Case("leading double star", "**/build"),
    Case("leading double star, directory only", "**/build/"),
    Case("unanchored directory at any depth", "build/"),
    Case("leading slash anchors", "/build/"),
    Case("re-include inside a directory whose contents are excluded", "build/*\n!build/keep.txt"),
    Case("no re-include below an excluded directory", "build/\n!build/keep.txt"),
    Case("no re-include below an excluded name", "build\n!build/keep.txt"),
    Case("double star then name", "docs/**/notes.md"),
    Case("double star then directory", "docs/**/c"),
    Case("leading double star, two components", "**/foo/bar"),
    Case("middle slash anchors", "foo/bar"),
    Case("range class", "file[0-9].c"),
    Case("negated class with !", "file[!0-9].c"),
    Case("negated class with ^", "file[^a].c"),
    Case("bracket as the first member", "file[]].c"),
    Case("dash as a member", "file[-].c"),
    Case("named class digit", "file[[:digit:]].c"),
    Case("named class upper", "file[[:upper:]].c"),
    Case("unknown named class matches nothing", "file[[:nope:]].c\nfile1.c"),
    Case("question mark", "file?.c"),
    Case("unterminated class matches nothing", "file[a-\nb.log"),
    Case("escaped hash", "\\#notes"),
    Case("comment", "#notes\n# a.txt"),
    Case("escaped bang", "\\!bang"),
    Case("trailing space is trimmed", "space "),
    Case("escaped trailing space is kept", "space\\ "),
    Case("last pattern wins", "*.txt\n!a.txt\n*.txt"),
    Case("allow-list idiom", "*\n!*/\n!*.swift"),
    Case("only one top-level directory", "/*\n!/src/"),
    Case("case-sensitive", "Temp/"),
    Case("class in a directory name", "data/202[34]/"),
    Case("star as a whole component", "data/*/jan.csv"),
    Case("double star matching zero directories", "docs/a/**/notes.md"),
    Case("everything", "**"),
    Case("middle double star matches zero directories", "src/**/*.swift"),
    Case("star component then name", "*/util/"),
    Case("directory-only double star", "foo/**/"),
    Case("leading double star with extension", "**/*.log"),
    Case("directory-only pattern does not match a file", "a.txt/"),
    Case("parent excluded by name", "src/util\n!src/util/helper.swift"),
    Case("escaped star", "star\\*.txt"),
    Case("escaped question mark", "q\\?.txt"),
    Case("escaped brackets", "a\\[1\\].txt"),
    Case("brackets as a class", "a[1].txt"),
    Case("upper-case extension", "*.LOG"),
    Case("anchored directory without slash", "logs/sub"),
    Case("trailing backslash matches nothing", "README.md\\\na.txt"),
    Case("double stars on both sides", "**/logs/**/*.log"),
    Case("negation without a match", "!*.log"),
    Case("lone slash", "/\n!"),
    Case("prefix star directory", "d*/"),
    Case("triple star", "***.log"),
    Case("CRLF lines", "*.log\r\n!important.log\r\n"),
    Case("byte-order mark", "\u{FEFF}*.md"),
    Case("spaces then escape", "a.txt \\ "),
    Case(
      "deeper file wins", files: [(".gitignore", "*.log"), ("logs/.gitignore", "!keep.log")]),
    Case("nested anchored pattern", files: [(".gitignore", ""), ("src/.gitignore", "/util")]),
    Case("nested file beats root negation", files: [(".gitignore", "!logs/sub/x.txt"), ("logs/.gitignore", "*.txt")]),
    Case(
      "nested file in an excluded directory is not read",
      files: [(".gitignore", "build/"), ("build/.gitignore", "!keep.txt")]),
    Case(
      "nested negation of the root's directory rule", files: [(".gitignore", "sub/"), ("logs/.gitignore", "!sub/")]),
    Case("info/exclude ranks below .gitignore", files: [(".git/info/exclude", "*.md"), (".gitignore", "!README.md")]),
    Case("info/exclude alone", files: [(".git/info/exclude", "*.c\n!file1.c")]),
    Case("nested double star", files: [("docs/.gitignore", "**/notes.md")]),
    Case("nested directory-only", files: [("src/.gitignore", "build/\n*.log")]),
  ]

  /// Builds the stack a walker would build: `info/exclude` first, then per-directory files from the root down.
  static func stack(for testCase: Case) -> IgnoreStack {
    func depth(_ path: String) -> Int { path.split(separator: "/").count }
    let exclude = testCase.ignoreFiles.filter { $0.path == ".git/info/exclude" }
    let perDirectory = testCase.ignoreFiles.filter { $0.path != ".git/info/exclude" }.sorted {
      depth($0.path) < depth($1.path)
    }
    var stack = IgnoreStack()
    for (path, text) in exclude + perDirectory {
      let directory = path == ".git/info/exclude" ? "" : String(path.dropLast(".gitignore".count).dropLast(1))
      stack.append(IgnoreMatcher(bytes: Array(text.utf8), directory: directory))
    }
    return stack
  }

  @Test(arguments: cases)
  func decisionsMatchGit(_ testCase: Case) throws {
    let repository = try GitRepository()
    defer { repository.remove() }
    let files = Self.tree + testCase.extraFiles + testCase.ignoreFiles.map(\.path).filter { !$0.hasPrefix(".git/") }
    for file in Self.tree + testCase.extraFiles { try repository.write("x\n", to: file) }
    for (path, text) in testCase.ignoreFiles { try repository.write(text, to: path) }
    var directories = Set<String>()
    for file in files {
      var components = file.split(separator: "/").dropLast()
      while !components.isEmpty {
        directories.insert(components.joined(separator: "/"))
        components = components.dropLast()
      }
    }
    let paths = files + directories.sorted()
    let gitIgnored = try repository.ignoredPaths(paths)
    let stack = Self.stack(for: testCase)
    for path in paths {
      let ours = stack.isIgnored(path, isDirectory: directories.contains(path))
      #expect(ours == gitIgnored.contains(path), "\(testCase.name): '\(path)' ignored by git: \(!ours)")
    }

    // The crawler, walking the same tree, lists exactly the files git considers untracked and not ignored.
    let options = CrawlOptions(excludesSecretFiles: false, sniffsContent: false)
    let crawled = FileCrawler(root: repository.path, logger: Logger(level: .off)).crawl(options: options)
    #expect(Set(crawled.files.map(\.path)) == (try repository.untrackedFiles()), "\(testCase.name)")
  }

  @Test func caseCountCoversTheFeatureList() {
    #expect(Self.cases.count >= 40)
  }
}
