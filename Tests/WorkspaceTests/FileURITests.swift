import Testing
import Workspace

@Suite struct FileURITests {
  @Test(arguments: [
    ("file:///home/me/a.swift", "/home/me/a.swift"),
    ("FILE:///home/me/a.swift", "/home/me/a.swift"),
    ("file://localhost/home/me/a.swift", "/home/me/a.swift"),
    ("file:///home/me/My%20Project/%C3%A9.swift", "/home/me/My Project/é.swift"),
    ("file:///home/me/./src/../a.swift", "/home/me/a.swift"),
    ("file:///home/me/%2e%2e/%2E%2E/etc/passwd", "/etc/passwd"),
    ("file:///../../etc/passwd", "/etc/passwd"),
    ("file:///a//b///c", "/a/b/c"),
    ("file:///a/b?query#fragment", "/a/b"),
  ])
  func pathsAreDecodedAndNormalized(uri: String, path: String) throws {
    #expect(try FileURI.path(from: uri) == path)
  }

  @Test(arguments: [
    "http://example.com/a", "untitled:Untitled-1", "vscode-notebook-cell:/a", "file:relative/path",
    "file://server/share/a", "file:///bad%zzescape", "file:///nul%00byte", "/no/scheme", "file:///%FF%FE",
  ])
  func otherURIsAreRefused(uri: String) {
    #expect(throws: WorkspaceError.self) { try FileURI.path(from: uri) }
  }

  @Test(arguments: ["/home/me/a.swift", "/tmp/My Project/é 😀.swift", "/a/%41/#?/b"])
  func pathsRoundTripThroughURIs(path: String) throws {
    #expect(try FileURI.path(from: FileURI.uri(fromPath: path)) == path)
  }
}
