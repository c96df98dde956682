import Foundation
import JSONRPC
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// What the built `docent serve` may touch, watched from outside during a full session (scan, index, embed with the
/// default model, search in every mode, workspace symbols, open documents and edits, URIs that name other places):
///
/// - nothing outside the workspace roots is indexed, found, cited or embedded: not through links that point out,
///   not through `..`, not through URIs of other paths in `didOpen`, `docent/search` filters or watched-file events;
/// - ignored files (`.gitignore`, `.docentignore`, the `exclude` setting) and secret-bearing files (`.env`, keys,
///   credentials) never appear in results, and secret lines of other files are redacted out of snippets;
/// - the process never holds a network socket (its `/proc/PID/fd` is sampled throughout; a socket would be a
///   `socket:[inode]` link, looked up in `/proc/net/*` to tell its family);
/// - every regular file it holds open lies in the workspace, the models directory, or the toolchain and system
///   folders the loader uses (sampled too, so it catches files kept open, not every short read).
///
/// Training data is not covered yet. FIXME(training): once `docent.tune` builds a training set, assert here that no
/// ignored, secret-bearing or outside file reaches it (the markers below must not occur in the set it writes).
@Suite(.offCooperativePool) struct ConfinementEndToEndTests {
  /// Each marker occurs in exactly one place that must stay invisible.
  static let outsideMarker = "zqoutsidefilemarker"
  static let linkedFileMarker = "zqlinkedfilemarker"
  static let ignoredMarker = "zqignoredmarker"
  static let docentIgnoredMarker = "zqdocentignoredmarker"
  static let excludedMarker = "zqexcludedmarker"
  static let secretFileMarker = "zqsecretfilemarker"
  static let openedOutsideMarker = "zqopenedoutsidemarker"
  static let secretValue = "ghp_zQ9vXw8Lr7Kt6Jp5Hn4Gm3Fd2Sa1Bc0DeYu"
  /// The control: present in a normal file, must be found.
  static let insideMarker = "zqinsidemarker"

  static let invisible = [
    outsideMarker, linkedFileMarker, ignoredMarker, docentIgnoredMarker, excludedMarker, secretFileMarker,
    openedOutsideMarker,
  ]

  @Test func fullSessionStaysInsideTheWorkspaceAndOpensNoSocket() async throws {
    let outside = try TemporaryWorkspace(
      """
      //- Linked/Outside.swift
      /// Computes the outside value; \(Self.outsideMarker).
      func outsideHelper() -> Int { 42 }
      //- single.swift
      func linkedFileHelper() -> String { "\(Self.linkedFileMarker)" }
      """)
    defer { outside.remove() }
    let workspace = try TemporaryWorkspace(
      """
      //- Sources/Inside.swift
      /// Computes the inside value; \(Self.insideMarker).
      func insideHelper() -> Int { 1 }
      //- Sources/Keys.swift
      let githubToken = "\(Self.secretValue)"
      func keysHelper() {}
      //- .gitignore
      build/
      //- build/Generated.swift
      func generatedHelper() { _ = "\(Self.ignoredMarker)" }
      //- .docentignore
      private/
      //- private/Notes.md
      # Notes \(Self.docentIgnoredMarker)
      //- vendor/Vendored.swift
      func vendoredHelper() { _ = "\(Self.excludedMarker)" }
      //- .env
      TOKEN=\(Self.secretFileMarker)
      //- deploy/id_rsa
      \(Self.secretFileMarker)
      //- deploy/server.pem
      \(Self.secretFileMarker)
      //- config/credentials.json
      {"key": "\(Self.secretFileMarker)"}
      """)
    defer { workspace.remove() }
    let fileManager = FileManager.default
    try fileManager.createSymbolicLink(
      at: workspace.url.appendingPathComponent("LinkedFolder"),
      withDestinationURL: outside.url.appendingPathComponent("Linked"))
    try fileManager.createSymbolicLink(
      at: workspace.url.appendingPathComponent("Sources/Linked.swift"),
      withDestinationURL: outside.url.appendingPathComponent("single.swift"))
    // A relative link out of the root: Sources/Up is the folder holding both workspaces.
    try fileManager.createSymbolicLink(
      atPath: workspace.url.appendingPathComponent("Sources/Up").path, withDestinationPath: "../..")

    // Started with stdin, stdout and stderr only, so every socket it holds is one it opened.
    let server = try ServerProcess(onlyStandardStreams: true)
    defer { server.stop() }
    let watcher = ProcessWatcher(pid: server.processIdentifier)
    watcher.start()
    defer { watcher.stop() }

    let modelsDirectory = ProcessInfo.processInfo.environment["DOCENT_MODELS"]
      ?? (NSHomeDirectory() + "/.cache/docent/models")
    let options = #"{"indexLocation":"workspace","semanticSearch":true,"exclude":["vendor/"]}"#
    _ = try await server.request(
      "initialize", id: "initialize",
      params: #"{"rootUri":"\#(workspace.uri())","capabilities":{},"initializationOptions":\#(options)}"#)
    try server.send(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
    let ready = try await server.request("docent/synchronize", id: "sync", timeout: .seconds(300))
    // Inside.swift, Keys.swift, .gitignore and .docentignore; nothing behind the links, nothing ignored or secret.
    #expect(ready["result"]?["files"] == 4, "\(ready)")
    #expect(ready["result"]?["embeddingState"] == "ready", "the embedding model must load: \(ready)")

    // URIs that name other places: opened, changed, announced as changed on disk.
    let elsewhere = [
      "file:///etc/hostname", outside.uri("Linked/Outside.swift"), workspace.uri("../\(outside.url.lastPathComponent)/single.swift"),
      workspace.uri("LinkedFolder/Outside.swift"), workspace.uri("Sources/Up/\(outside.url.lastPathComponent)/single.swift"),
    ]
    for (index, uri) in elsewhere.enumerated() {
      let text = #"func openedOutside\#(index)() { _ = \"\#(Self.openedOutsideMarker)\" }\n"#
      try server.send(
        #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","languageId":"swift","version":1,"text":"\#(text)"}}}"#
      )
      try server.send(
        #"{"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":"\#(uri)","type":1}]}}"#
      )
    }
    // A document inside, edited: the control that edits are indexed.
    let insideURI = workspace.uri("Sources/Inside.swift")
    try server.send(
      #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(insideURI)","languageId":"swift","version":1,"text":"func insideHelper() -> Int { 1 } // \#(Self.insideMarker)\n"}}}"#
    )
    let synchronized = try await server.request("docent/synchronize", id: "sync2", timeout: .seconds(300))
    #expect(synchronized["result"]?["files"] == 4, "\(synchronized)")
    #expect(synchronized["result"]?["openDocuments"] == 1, "only the inside document is tracked: \(synchronized)")

    var requestNumber = 0
    func results(_ method: String, _ params: String) async throws -> [JSONValue] {
      requestNumber += 1
      let response = try await server.request(method, id: "r\(requestNumber)", params: params, timeout: .seconds(120))
      #expect(response["error"] == nil, "\(method) \(params): \(response)")
      return response["result"]?["results"]?.arrayValue ?? response["result"]?.arrayValue ?? []
    }

    // The control: the inside marker is found in every mode.
    for mode in ["lexical", "semantic", "hybrid"] {
      let found = try await results("docent/search", #"{"query":"\#(Self.insideMarker)","limit":5,"mode":"\#(mode)"}"#)
      #expect(found.contains { $0["uri"]?.stringValue == insideURI }, "\(mode): \(found)")
    }
    var cited: [String] = []
    for marker in Self.invisible + [Self.secretValue, "outsideHelper", "linkedFileHelper", "generatedHelper"] {
      for mode in ["lexical", "semantic", "hybrid"] {
        for filter in [#""#, #","filters":{"paths":["../**","/etc/*","**"]}"#] {
          let found = try await results(
            "docent/search", #"{"query":"\#(marker)","limit":20,"mode":"\#(mode)"\#(filter)}"#)
          cited += found.compactMap { $0["uri"]?.stringValue }
          for result in found {
            let snippet = result["snippet"]?.stringValue ?? ""
            #expect(!Self.invisible.contains { snippet.contains($0) }, "\(marker) \(mode): \(result)")
            #expect(!snippet.contains(Self.secretValue), "\(marker) \(mode): secret in \(result)")
          }
        }
      }
      let symbols = try await results("workspace/symbol", #"{"query":"\#(marker)"}"#)
      cited += symbols.compactMap { $0["location"]?["uri"]?.stringValue }
    }
    for query in ["outsideHelper", "linkedFileHelper", "generatedHelper", "vendoredHelper", "openedOutside"] {
      let symbols = try await results("workspace/symbol", #"{"query":"\#(query)"}"#)
      #expect(symbols.isEmpty, "\(query): \(symbols)")
    }
    // Every cited location is a file of the workspace that may be indexed.
    let allowedURIs = Set([insideURI, workspace.uri("Sources/Keys.swift"), workspace.uri(".gitignore"), workspace.uri(".docentignore")])
    #expect(cited.allSatisfy { allowedURIs.contains($0) }, "\(Set(cited).subtracting(allowedURIs))")

    _ = try await server.request("shutdown", id: "shutdown")
    try server.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
    #expect(try await server.waitForExit() == 0)
    watcher.stop()

    let observed = watcher.observations
    #expect(observed.samples > 20, "the watcher must have sampled the session: \(observed.samples)")
    #expect(observed.sockets.isEmpty, "docent serve opened sockets: \(observed.sockets.sorted())")
    let allowedPrefixes = [
      workspace.url.path + "/", (modelsDirectory as NSString).standardizingPath + "/", "/dev/", "/proc/", "/sys/",
      "/usr/", "/lib", "/opt/swift/", "/etc/ld.so.cache", (try DocentExecutable.path() as NSString).deletingLastPathComponent + "/",
    ]
    let strays = observed.files.filter { path in !allowedPrefixes.contains { path.hasPrefix($0) } }
    #expect(strays.isEmpty, "docent serve held files outside the workspace and models: \(strays.sorted())")
    print(
      "confinement: \(observed.samples) samples, \(observed.files.count) distinct open files \(observed.files.sorted()), "
        + "sockets \(observed.sockets.sorted())")
  }
}

/// Samples `/proc/PID/fd` of a process on a thread of its own until stopped: the sockets it holds (with their
/// family, looked up in `/proc/PID/net/*` by inode) and the regular files it holds open.
final class ProcessWatcher: Sendable {
  struct Observations: Sendable {
    var samples = 0
    /// `family:inode` of every socket seen (`unix`, `tcp`, `tcp6`, `udp`, `udp6`, `raw`, `raw6`, `netlink`, or
    /// `unknown`).
    var sockets: Set<String> = []
    /// Every path an fd pointed at (anonymous inodes, pipes and sockets excluded).
    var files: Set<String> = []
  }

  let pid: Int32
  private let state = LockedValue(Observations())
  private let running = LockedValue(true)
  private let finished = LockedValue(false)

  init(pid: Int32) { self.pid = pid }

  var observations: Observations { state.withLock { $0 } }

  func start() {
    let thread = Thread { [self] in
      while running.withLock({ $0 }) {
        sample()
        usleep(2_000)
      }
      finished.withLock { $0 = true }
    }
    thread.name = "docent-test-fd-watcher"
    thread.start()
  }

  func stop() {
    running.withLock { $0 = false }
    while !finished.withLock({ $0 }) { usleep(1_000) }
  }

  private func sample() {
    // Until the launching shell has executed docent, the descriptors are the shell's (still closing inherited ones).
    guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe"),
      executable.hasSuffix("/docent")
    else { return }
    let folder = "/proc/\(pid)/fd"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    var sockets: [String] = []
    var files: [String] = []
    for name in names {
      guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + name) else { continue }
      if target.hasPrefix("socket:[") {
        let inode = String(target.dropFirst("socket:[".count).dropLast())
        sockets.append("\(family(ofSocket: inode)):\(inode)")
      } else if target.hasPrefix("/") {
        files.append(target)
      }
    }
    state.withLock { state in
      state.samples += 1
      state.sockets.formUnion(sockets)
      state.files.formUnion(files)
    }
  }

  /// The table of `/proc/PID/net` that lists the socket's inode.
  private func family(ofSocket inode: String) -> String {
    for table in ["unix", "tcp", "tcp6", "udp", "udp6", "raw", "raw6", "netlink", "packet"] {
      guard let text = try? String(contentsOfFile: "/proc/\(pid)/net/\(table)", encoding: .utf8) else { continue }
      let found = text.split(separator: "\n").dropFirst().contains { line in
        line.split(separator: " ", omittingEmptySubsequences: true).contains { $0 == inode }
      }
      if found { return table }
    }
    return "unknown"
  }
}
