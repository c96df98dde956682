import Foundation
import JSONRPC
import LSP
import Server
import Testing
import TestSupport

@Suite struct WorkspaceEventsTests {
  @Test func progressIsReportedForIndexingWhenTheDelayIsZero() async throws {
    let workspace = try TemporaryWorkspace("""
      //- a.swift
      //- b/c.swift
      """)
    defer { workspace.remove() }
    let client = TestClient.inProcess()
    try await client.initialize(workspace: workspace.url, initializationOptions: ["progressDelayMilliseconds": 0])
    let status = try await client.send(SynchronizeRequest())
    #expect(status.ready && status.files == 2)
    let begin = try await client.notification(ProgressNotification.self) {
      if case .begin = $0.value { true } else { false }
    }
    let end = try await client.notification(ProgressNotification.self) {
      if case .end = $0.value { true } else { false }
    }
    #expect(begin.token == end.token)
    #expect(await client.inbox.messages(method: WorkDoneProgressCreateRequest.method).count == 1)
    try await client.shutdownAndExit()
  }

  @Test func shortWorkShowsNoProgress() async throws {
    let workspace = try TemporaryWorkspace("//- a.swift\n")
    defer { workspace.remove() }
    let client = TestClient.inProcess()
    try await client.initialize(workspace: workspace.url, initializationOptions: ["progressDelayMilliseconds": 60_000])
    _ = try await client.send(SynchronizeRequest())
    #expect(await client.inbox.messages(method: WorkDoneProgressCreateRequest.method).isEmpty)
    #expect(await client.inbox.messages(method: ProgressNotification.method).isEmpty)
    try await client.shutdownAndExit()
  }

  /// A client that offers none of progress, configuration and dynamic registration gets none of the server's
  /// requests, even for work long enough to show progress.
  @Test func noServerRequestsWithoutTheClientCapabilities() async throws {
    let workspace = try TemporaryWorkspace("//- a.swift\n//- b.swift\n")
    defer { workspace.remove() }
    let client = TestClient.inProcess()
    try await client.initialize(
      workspace: workspace.url, capabilities: ClientCapabilities(),
      initializationOptions: ["progressDelayMilliseconds": 0])
    #expect(try await client.send(SynchronizeRequest()).files == 2)
    client.send(DidChangeConfigurationNotification(settings: nil))  // would pull settings if the client could answer
    #expect(try await client.send(ExecuteCommandRequest(command: DocentCommand.reindex.rawValue)) == .null)
    #expect(try await client.send(SynchronizeRequest()).files == 2)
    let requests = await client.inbox.messages.compactMap { message -> String? in
      if case .request(_, let method) = message.kind { method } else { nil }
    }
    #expect(requests.isEmpty)
    #expect(await client.inbox.messages(method: ProgressNotification.method).isEmpty)
    try await client.shutdownAndExit()
  }

  /// With dynamic registration, `initialized` registers one watcher for every file of every root.
  @Test func watchersAreRegisteredForEveryFile() async throws {
    let client = TestClient.inProcess()
    try await client.initialize(workspace: nil)
    let message = try await client.message("the watcher registration") { $0.method == RegisterCapabilityRequest.method }
    let registration = try message.decodeParams(RegisterCapabilityRequest.self)
    #expect(registration.registrations.count == 1)
    #expect(registration.registrations.first?.method == DidChangeWatchedFilesNotification.method)
    #expect(registration.registrations.first?.registerOptions == ["watchers": [["globPattern": "**/*"]]])
    try await client.shutdownAndExit()
  }

  /// `workspaceFolders` in `initialize` opens every folder (multi-root) and wins over `rootUri`; without either,
  /// the deprecated `rootPath` is used.
  @Test func initializeOpensEveryWorkspaceFolderOrFallsBackToRootPath() async throws {
    let first = try TemporaryWorkspace("//- a.swift\n//- b.swift\n")
    let second = try TemporaryWorkspace("//- c.py\n")
    let ignored = try TemporaryWorkspace("//- d.swift\n//- e.swift\n//- f.swift\n")
    defer {
      first.remove()
      second.remove()
      ignored.remove()
    }
    let multiRoot = TestClient.inProcess()
    _ = try await multiRoot.send(
      InitializeRequest(
        rootUri: DocumentURI(ignored.uri()),
        workspaceFolders: [
          WorkspaceFolder(uri: DocumentURI(first.uri()), name: "first"),
          WorkspaceFolder(uri: DocumentURI(second.uri()), name: "second"),
        ], capabilities: .editor, initializationOptions: ["indexLocation": "workspace"]))
    multiRoot.send(InitializedNotification())
    let both = try await multiRoot.send(SynchronizeRequest())
    #expect(both.files == 3)
    #expect(Set(both.roots) == [DocumentURI(first.uri()), DocumentURI(second.uri())])
    try await multiRoot.shutdownAndExit()

    let legacy = TestClient.inProcess()
    _ = try await legacy.send(
      InitializeRequest(
        rootPath: second.url.path, capabilities: .editor, initializationOptions: ["indexLocation": "workspace"]))
    legacy.send(InitializedNotification())
    let fromPath = try await legacy.send(SynchronizeRequest())
    #expect(fromPath.files == 1)
    #expect(fromPath.roots == [DocumentURI(second.uri())])
    try await legacy.shutdownAndExit()
  }

  @Test func workspaceFoldersCanBeAddedAndRemoved() async throws {
    let first = try TemporaryWorkspace("//- a.swift\n//- b.swift\n")
    let second = try TemporaryWorkspace("//- c.py\n")
    defer {
      first.remove()
      second.remove()
    }
    let client = TestClient.inProcess()
    try await client.initialize(workspace: first.url)
    #expect(try await client.send(SynchronizeRequest()).files == 2)
    let folder = WorkspaceFolder(uri: DocumentURI(second.uri()), name: "second")
    client.send(DidChangeWorkspaceFoldersNotification(event: .init(added: [folder], removed: [])))
    let both = try await client.send(SynchronizeRequest())
    #expect(both.files == 3)
    #expect(both.roots.count == 2)
    client.send(DidChangeWorkspaceFoldersNotification(
      event: .init(added: [], removed: [WorkspaceFolder(uri: DocumentURI(first.uri()), name: "first")])))
    let onlySecond = try await client.send(SynchronizeRequest())
    #expect(onlySecond.files == 1)
    #expect(onlySecond.roots == [DocumentURI(second.uri())])
    try await client.shutdownAndExit()
  }

  @Test func aFolderThatIsNotAFileURIIsRefusedWithAMessage() async throws {
    let client = TestClient.inProcess()
    try await client.initialize(workspace: nil)
    client.send(DidChangeWorkspaceFoldersNotification(
      event: .init(added: [WorkspaceFolder(uri: "https://example.com/repo", name: "remote")], removed: [])))
    let message = try await client.notification(ShowMessageNotification.self)
    #expect(message.type == .warning)
    #expect(message.message.contains("file: URIs"))
    #expect(try await client.send(StatusRequest()).roots.isEmpty)
    try await client.shutdownAndExit()
  }

  @Test func watchedFileChangesUpdateTheFileSet() async throws {
    let workspace = try TemporaryWorkspace("//- a.swift\n")
    defer { workspace.remove() }
    let client = TestClient.inProcess()
    try await client.initialize(workspace: workspace.url)
    let registration = try await client.message("the watcher registration") {
      $0.method == RegisterCapabilityRequest.method
    }
    let request = try registration.decodeParams(RegisterCapabilityRequest.self)
    #expect(request.registrations.first?.method == DidChangeWatchedFilesNotification.method)
    #expect(try await client.send(SynchronizeRequest()).files == 1)

    try workspace.write("new", to: "new/b.swift")
    client.send(DidChangeWatchedFilesNotification(changes: [.init(uri: DocumentURI(workspace.uri("new/b.swift")), type: .created)]))
    #expect(try await client.send(SynchronizeRequest()).files == 2)

    try FileManager.default.removeItem(at: workspace.url.appendingPathComponent("new"))
    client.send(DidChangeWatchedFilesNotification(changes: [
      .init(uri: DocumentURI(workspace.uri("new")), type: .deleted),
      .init(uri: "file:///etc/passwd", type: .created),  // outside: ignored
    ]))
    #expect(try await client.send(SynchronizeRequest()).files == 1)

    // A created directory is scanned.
    try workspace.write("x", to: "pkg/one.swift")
    try workspace.write("y", to: "pkg/two.swift")
    client.send(DidChangeWatchedFilesNotification(changes: [.init(uri: DocumentURI(workspace.uri("pkg")), type: .created)]))
    #expect(try await client.send(SynchronizeRequest()).files == 3)
    try await client.shutdownAndExit()
  }

  @Test func reindexCommandRescansAndStatusCommandAnswers() async throws {
    let workspace = try TemporaryWorkspace("//- a.swift\n")
    defer { workspace.remove() }
    let client = TestClient.inProcess()
    try await client.initialize(workspace: workspace.url)
    #expect(try await client.send(SynchronizeRequest()).files == 1)
    try workspace.write("unwatched", to: "b.swift")  // no watcher event: only a rescan finds it
    #expect(try await client.send(ExecuteCommandRequest(command: DocentCommand.reindex.rawValue)) == .null)
    #expect(try await client.send(SynchronizeRequest()).files == 2)
    let status = try await client.send(ExecuteCommandRequest(command: DocentCommand.status.rawValue))
    #expect(status["files"] == .int(2))
    let unknown = try await client.result(of: ExecuteCommandRequest(command: "docent.nope"))
    #expect(unknown.failure?.code == .invalidParams)
    try await client.shutdownAndExit()
  }
}

@Suite struct SettingsTests {
  @Test func aWrongTypeRefusesOnlyItsOwnKey() async throws {
    let workspace = try TemporaryWorkspace()
    defer { workspace.remove() }
    let client = TestClient.inProcess()
    try await client.initialize(
      workspace: workspace.url,
      initializationOptions: ["progressDelayMilliseconds": "soon", "logLevel": "debug", "logPrivacy": "full"])
    let warning = try await client.notification(ShowMessageNotification.self)
    #expect(warning.message.contains("progressDelayMilliseconds"))
    // logLevel debug and logPrivacy full still applied: an open document is logged with its text.
    client.send(DidOpenTextDocumentNotification(
      textDocument: .init(uri: DocumentURI(workspace.uri("a.txt")), languageId: "text", version: 1, text: "visible")))
    let line = try await client.notification(LogMessageNotification.self) { $0.message.contains("opened") }
    #expect(line.message.contains("visible"))
    #expect(await client.inbox.messages(method: LogMessageNotification.method).allSatisfy {
      (try? $0.decodeParams(LogMessageNotification.self))?.message.contains("wrong type") != true
    }, "a warning shown with showMessage is not repeated as a logMessage")
    try await client.shutdownAndExit()
  }

  @Test func aPayloadWithoutDocentSettingsTriggersAPull() async throws {
    let client = TestClient.inProcess(configuration: ["logLevel": "warning"])
    try await client.initialize(workspace: nil)
    _ = try await client.message("the pull at initialized") { $0.method == ConfigurationRequest.method }
    client.send(DidChangeConfigurationNotification(settings: ["otherTool": ["x": 1]]))
    _ = try await client.send(StatusRequest())
    #expect(await client.inbox.messages(method: ConfigurationRequest.method).count == 2)
    try await client.shutdownAndExit()
  }

  @Test func invalidSettingsAreReportedAndValidOnesApply() async throws {
    let client = TestClient.inProcess()
    try await client.initialize(
      workspace: nil, initializationOptions: ["docent": ["logLevel": "loud", "logPrivacy": "full"]])
    let warning = try await client.notification(ShowMessageNotification.self)
    #expect(warning.type == .warning)
    #expect(warning.message.contains("logLevel 'loud'"))
    try await client.shutdownAndExit()
  }

  @Test func nullConfigurationChangePullsTheDocentSection() async throws {
    let client = TestClient.inProcess(configuration: ["logLevel": "debug"])
    try await client.initialize(workspace: nil, initializationOptions: ["logLevel": "warning"])
    // The pull at `initialized` and the one triggered here both answer debug; then a debug line must arrive.
    client.send(DidChangeConfigurationNotification(settings: nil))
    _ = try await client.message("a configuration pull") { $0.method == ConfigurationRequest.method }
    _ = try await client.send(StatusRequest())
    client.setConfiguration(["logLevel": "debug"])
    client.send(DidChangeConfigurationNotification(settings: ["docent": ["logLevel": "debug"]]))
    client.send(UnknownNotification())  // logged at debug level
    let line = try await client.notification(LogMessageNotification.self) { $0.message.contains(UnknownNotification.method) }
    #expect(line.type == .log)
    try await client.shutdownAndExit()
  }

  @Test func logsRedactFileContentsByDefault() async throws {
    let workspace = try TemporaryWorkspace()
    defer { workspace.remove() }
    for (privacy, shows) in [("redacted", false), ("full", true)] {
      let client = TestClient.inProcess()
      try await client.initialize(
        workspace: workspace.url, initializationOptions: ["logLevel": "debug", "logPrivacy": .string(privacy)])
      let secret = "let token = \"do-not-log-me\"\n"
      client.send(DidOpenTextDocumentNotification(
        textDocument: .init(uri: DocumentURI(workspace.uri("s.swift")), languageId: "swift", version: 1, text: secret)))
      let line = try await client.notification(LogMessageNotification.self) { $0.message.contains("opened") }
      #expect(line.message.contains("do-not-log-me") == shows, "\(privacy): \(line.message)")
      try await client.shutdownAndExit()
    }
  }
}
