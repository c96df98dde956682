import Basics
import Foundation
import Testing
import TestSupport
import Workspace

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct FileCrawlerCrawlTests {
  /// Crawls a fixture and returns the result; `prepare` may add links or change permissions first.
  func crawl(
    _ fixture: String, options: CrawlOptions = CrawlOptions(), prepare: (String) throws -> Void = { _ in },
    isCancelled: () -> Bool = { false }
  ) throws -> CrawlResult {
    let workspace = try TemporaryWorkspace(fixture)
    defer { workspace.remove() }
    try prepare(workspace.url.path)
    return FileCrawler(root: workspace.url.path, logger: Logger(level: .off))
      .crawl(options: options, isCancelled: isCancelled)
  }

  func reasons(_ result: CrawlResult) -> [String: SkipReason] {
    Dictionary(uniqueKeysWithValues: result.skipped.map { ($0.path, $0.reason) })
  }

  @Test func ignoreFilesAreHonouredAndCounted() throws {
    let result = try crawl(
      """
      //- .gitignore
      *.log
      build/
      //- .docentignore
      generated/
      !build/
      //- a.swift
      //- a.log
      //- build/out.swift
      //- generated/g.swift
      //- src/.gitignore
      !keep.log
      /local.swift
      //- src/keep.log
      //- src/drop.log
      //- src/local.swift
      //- src/deep/local.swift
      //- vendor/.docentignore
      *
      //- vendor/lib.swift
      //- .git/info/exclude
      excluded-by-info.swift
      //- excluded-by-info.swift
      """)
    #expect(
      result.files.map(\.path) == [
        ".docentignore", ".gitignore", "a.swift", "build/out.swift", "src/.gitignore", "src/deep/local.swift",
        "src/keep.log",
      ])
    // a.log, generated/, src/drop.log, src/local.swift, vendor/.docentignore, vendor/lib.swift, excluded-by-info
    #expect(result.ignoredCount == 7)
    #expect(result.skipped.isEmpty)
    #expect(!result.wasCancelled)
  }

  @Test func ignoreFilesCanBeSwitchedOff() throws {
    let result = try crawl(
      """
      //- .gitignore
      *.log
      //- a.log
      """, options: CrawlOptions(honorsIgnoreFiles: false))
    #expect(result.files.map(\.path) == [".gitignore", "a.log"])
  }

  @Test func filesOverTheSizeLimitAreSkipped() throws {
    let result = try crawl(
      """
      //- small.txt
      123456789
      //- large.txt
      1234567890
      """, options: CrawlOptions(maxFileBytes: 10))
    #expect(result.files.map(\.path) == ["small.txt"])
    #expect(result.files.first?.byteCount == 10)
    #expect(reasons(result) == ["large.txt": .tooLarge])
  }

  @Test func binaryAndNonUTF8FilesAreSkipped() throws {
    let result = try crawl(
      """
      //- text.md
      naïve café 漢字 😀
      """,
      prepare: { root in
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01]).write(to: URL(fileURLWithPath: root + "/tool.bin"))
        try Data("caf\u{E9}".utf8).write(to: URL(fileURLWithPath: root + "/utf8.txt"))
        try Data([0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: root + "/latin1.txt"))
        try Data([0xFF, 0xFE, 0x61, 0x00]).write(to: URL(fileURLWithPath: root + "/utf16.txt"))
        try Data([0x61, 0xE6, 0xBC]).write(to: URL(fileURLWithPath: root + "/truncated.txt"))
      })
    #expect(result.files.map(\.path) == ["text.md", "utf8.txt"])
    #expect(
      reasons(result) == ["tool.bin": .binary, "latin1.txt": .binary, "utf16.txt": .binary, "truncated.txt": .binary])
  }

  @Test func minifiedFilesAreSkippedButLongLinesInSourceAreNot() throws {
    let minified = "var a=" + String(repeating: "function(e,t){return e+t};", count: 200) + "\n"
    let sourceWithOneLongLine =
      String(repeating: "let x = 1\n", count: 300) + "let table = \"" + String(repeating: "ab", count: 800) + "\"\n"
    let prose = String(
      repeating: String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 30) + "\n\n", count: 5)
    let result = try crawl(
      """
      //- app.min.js
      \(minified)
      //- Table.swift
      \(sourceWithOneLongLine)
      //- README.md
      \(prose)
      """)
    #expect(result.files.map(\.path) == ["README.md", "Table.swift"])
    #expect(reasons(result) == ["app.min.js": .minified])
  }

  @Test func secretFilesAreSkippedByDefault() throws {
    let fixture = """
      //- .env
      //- .env.local
      //- .env.example
      //- config/server.pem
      //- tls.key
      //- id_rsa
      //- id_ed25519.pub
      //- .npmrc
      //- credentials.json
      //- aws/credentials
      //- app.keystore
      //- main.swift
      """
    let result = try crawl(fixture)
    #expect(result.files.map(\.path) == [".env.example", "main.swift"])
    #expect(result.skipped.allSatisfy { $0.reason == .secretFile })
    #expect(result.skipped.count == 10)

    let allowed = try crawl(fixture, options: CrawlOptions(excludesSecretFiles: false))
    #expect(allowed.files.count == 12)

    let custom = try crawl(fixture, options: CrawlOptions(secretFileNamePatterns: ["*.swift"]))
    #expect(reasons(custom) == ["main.swift": .secretFile])
  }

  @Test func symbolicLinksInsideTheRootAreFollowedAndOthersAreNot() throws {
    let outside = try TemporaryWorkspace(
      """
      //- secret.txt
      outside
      """)
    defer { outside.remove() }
    let result = try crawl(
      """
      //- real/inside.txt
      inside
      //- .env
      KEY=1
      //- .git/config
      [core]
      """,
      prepare: { root in
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: root + "/alias.txt", withDestinationPath: "real/inside.txt")
        try manager.createSymbolicLink(
          atPath: root + "/escape.txt", withDestinationPath: outside.url.path + "/secret.txt")
        try manager.createSymbolicLink(atPath: root + "/escape-dir", withDestinationPath: outside.url.path)
        try manager.createSymbolicLink(atPath: root + "/loop-a", withDestinationPath: "loop-b")
        try manager.createSymbolicLink(atPath: root + "/loop-b", withDestinationPath: "loop-a")
        try manager.createSymbolicLink(atPath: root + "/self", withDestinationPath: ".")
        try manager.createSymbolicLink(atPath: root + "/real/up", withDestinationPath: "..")
        try manager.createSymbolicLink(atPath: root + "/dangling.txt", withDestinationPath: "missing.txt")
        try manager.createSymbolicLink(atPath: root + "/innocent.txt", withDestinationPath: ".env")
        try manager.createSymbolicLink(atPath: root + "/git-config", withDestinationPath: ".git/config")
      })
    #expect(result.files.map(\.path) == ["alias.txt", "real/inside.txt"])
    #expect(
      reasons(result) == [
        ".env": .secretFile, "innocent.txt": .secretFile, "escape.txt": .symlinkOutsideRoot,
        "escape-dir": .symlinkOutsideRoot, "loop-a": .unfollowedSymlink, "loop-b": .unfollowedSymlink,
        "self": .symlinkToDirectory, "real/up": .symlinkToDirectory, "dangling.txt": .unfollowedSymlink,
      ])
    #expect(result.ignoredCount == 1)  // git-config leads into .git

    let unfollowed = try crawl(
      """
      //- a.txt
      """, options: CrawlOptions(followsSymbolicLinks: false),
      prepare: { root in
        try FileManager.default.createSymbolicLink(atPath: root + "/b.txt", withDestinationPath: "a.txt")
      })
    #expect(unfollowed.files.map(\.path) == ["a.txt"])
    #expect(reasons(unfollowed) == ["b.txt": .unfollowedSymlink])
  }

  @Test func unreadableFilesAndDirectoriesAreSkippedWithAReason() throws {
    let result = try crawl(
      """
      //- ok.txt
      //- locked.txt
      //- closed/inner.txt
      """,
      prepare: { root in
        chmod(root + "/locked.txt", 0o000)
        chmod(root + "/closed", 0o000)
      })
    if geteuid() == 0 {
      // Root reads everything, permissions notwithstanding: today's behaviour is that nothing is skipped.
      #expect(result.files.map(\.path) == ["closed/inner.txt", "locked.txt", "ok.txt"])
    } else {
      #expect(result.files.map(\.path) == ["ok.txt"])
      #expect(reasons(result) == ["locked.txt": .unreadable, "closed": .unreadable])
    }
  }

  @Test func filesDeletedDuringTheWalkAreReportedAsVanished() throws {
    let workspace = try TemporaryWorkspace(
      """
      //- a.txt
      //- doomed.txt
      """)
    defer { workspace.remove() }
    var polls = 0
    let result = FileCrawler(root: workspace.url.path, logger: Logger(level: .off)).crawl(isCancelled: {
      polls += 1
      if polls == 2 {  // after the root was listed, before its first entry is examined
        try? FileManager.default.removeItem(atPath: workspace.url.path + "/doomed.txt")
      }
      return false
    })
    #expect(result.files.map(\.path) == ["a.txt"])
    #expect(reasons(result) == ["doomed.txt": .vanished])
  }

  @Test func includeAndExcludeGlobsFilterPaths() throws {
    let fixture = """
      //- src/a.swift
      //- src/a.py
      //- src/gen/b.swift
      //- tests/t.swift
      //- README.md
      """
    let included = try crawl(fixture, options: CrawlOptions(includeGlobs: ["*.swift", "README.md"]))
    #expect(included.files.map(\.path) == ["README.md", "src/a.swift", "src/gen/b.swift", "tests/t.swift"])
    #expect(included.ignoredCount == 1)

    let excluded = try crawl(fixture, options: CrawlOptions(excludeGlobs: ["src/gen/", "*.py"]))
    #expect(excluded.files.map(\.path) == ["README.md", "src/a.swift", "tests/t.swift"])

    let both = try crawl(fixture, options: CrawlOptions(includeGlobs: ["src/"], excludeGlobs: ["gen"]))
    #expect(both.files.map(\.path) == ["src/a.py", "src/a.swift"])
  }

  @Test func sizesAndModificationTimesAreReported() throws {
    let result = try crawl(
      """
      //- a.txt
      hello
      """,
      prepare: { root in
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: root + "/a.txt")
      })
    let file = try #require(result.files.first)
    #expect(file.byteCount == 6)
    #expect(abs(file.modificationTimeNanoseconds - 1_700_000_000_250_000_000) < 1_000_000)
  }

  @Test func vcsAndToolDirectoriesAreNotEntered() throws {
    let result = try crawl(
      """
      //- .git/HEAD
      //- .hg/store
      //- node_modules/x/index.js
      //- .build/debug/a.o
      //- sub/.git
      gitdir: ../.git/modules/sub
      //- sub/a.swift
      """)
    #expect(result.files.map(\.path) == ["sub/a.swift"])
    #expect(result.ignoredCount == 0)
  }

  @Test func cancellationStopsTheWalkAndSaysSo() throws {
    let result = try crawl(
      """
      //- a.txt
      """, isCancelled: { true })
    #expect(result.files.isEmpty && result.wasCancelled)
  }
}
