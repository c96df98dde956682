import Basics
import Foundation
import Testing
import TestSupport
import Workspace

@Suite struct WorkspaceRootsTests {
  @Test func confinesPathsToTheRootsByWholeComponents() throws {
    let workspace = try TemporaryWorkspace("""
      //- src/a.swift
      let a = 1
      """)
    defer { workspace.remove() }
    let root = workspace.url.path
    let sibling = root + "-sibling"
    try FileManager.default.createDirectory(atPath: sibling, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: sibling) }
    let roots = WorkspaceRoots([root])

    #expect(try roots.confine(root + "/src/a.swift") == root + "/src/a.swift")
    #expect(try roots.confine(root + "/src/new-file.swift") == root + "/src/new-file.swift")
    #expect(try roots.confine(root) == root)
    #expect(throws: WorkspaceError.self) { try roots.confine(sibling + "/x") }
    #expect(throws: WorkspaceError.self) { try roots.confine(root + "/../" + (sibling as NSString).lastPathComponent) }
    #expect(throws: WorkspaceError.self) { try roots.confine(root + "/src/../../etc/passwd") }
    #expect(throws: WorkspaceError.self) { try roots.confine("/etc/passwd") }
    #expect(throws: WorkspaceError.self) { try WorkspaceRoots().confine(root + "/src/a.swift") }
  }

  @Test func symbolicLinksThatLeaveTheRootAreRefused() throws {
    let workspace = try TemporaryWorkspace("""
      //- inside.txt
      inside
      """)
    let outside = try TemporaryWorkspace("""
      //- secret.txt
      secret
      """)
    defer {
      workspace.remove()
      outside.remove()
    }
    let root = workspace.url.path
    try FileManager.default.createSymbolicLink(atPath: root + "/escape", withDestinationPath: outside.url.path)
    try FileManager.default.createSymbolicLink(atPath: root + "/alias.txt", withDestinationPath: root + "/inside.txt")
    let roots = WorkspaceRoots([root])

    #expect(throws: WorkspaceError.self) { try roots.confine(root + "/escape/secret.txt") }
    #expect(throws: WorkspaceError.self) { try roots.confine(root + "/escape/not-yet-created.txt") }
    #expect(try roots.confine(root + "/alias.txt") == root + "/inside.txt")
  }

  @Test func rootsGivenThroughSymbolicLinksAreResolved() throws {
    let workspace = try TemporaryWorkspace("""
      //- a.txt
      a
      """)
    defer { workspace.remove() }
    let link = workspace.url.path + "-link"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: workspace.url.path)
    defer { try? FileManager.default.removeItem(atPath: link) }
    let roots = WorkspaceRoots([link])
    #expect(roots.paths == [workspace.url.path])
    #expect(try roots.confine(link + "/a.txt") == workspace.url.path + "/a.txt")
  }
}

@Suite struct FileCrawlerTests {
  @Test func listsRegularFilesSkippingVCSFoldersAndLinksLeavingTheRoot() throws {
    let workspace = try TemporaryWorkspace("""
      //- a.swift
      //- src/b.py
      //- src/deep/c.md
      //- .git/config
      //- node_modules/x/index.js
      //- .hidden-but-listed
      """)
    defer { workspace.remove() }
    let root = workspace.url.path
    try FileManager.default.createSymbolicLink(atPath: root + "/loop", withDestinationPath: root)
    try FileManager.default.createSymbolicLink(atPath: root + "/etc-link", withDestinationPath: "/etc")
    let files = FileCrawler(root: root, logger: Logger(level: .off)).crawl().files.map(\.path)
    #expect(Set(files) == ["a.swift", "src/b.py", "src/deep/c.md", ".hidden-but-listed"])
  }

  @Test func unreadableDirectoriesAreSkipped() throws {
    let workspace = try TemporaryWorkspace("""
      //- ok.txt
      //- locked/secret.txt
      """)
    defer {
      chmod(workspace.url.path + "/locked", 0o755)
      workspace.remove()
    }
    chmod(workspace.url.path + "/locked", 0o000)
    let files = FileCrawler(root: workspace.url.path, logger: Logger(level: .off)).crawl().files.map(\.path)
    // Root may read anything; an ordinary user cannot. Either way the crawl completes with ok.txt.
    #expect(files.contains("ok.txt"))
  }

  @Test func cancellationStopsTheWalk() throws {
    let workspace = try TemporaryWorkspace("""
      //- a/1.txt
      //- b/2.txt
      """)
    defer { workspace.remove() }
    let files = FileCrawler(root: workspace.url.path, logger: Logger(level: .off)).crawl(isCancelled: { true }).files
    #expect(files.isEmpty)
  }
}
