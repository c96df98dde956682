import Foundation
import JSONRPC
import LSP
import Testing
import TestSupport

/// The built `docent serve` process driven over pipes, as an editor drives it.
@Suite struct LifecycleEndToEndTests {
  @Test func initializeSynchronizeShutdownExitWithStatusZero() async throws {
    let workspace = try TemporaryWorkspace("""
      //- Sources/A.swift
      let a = 1
      //- README.md
      # Fixture
      """)
    defer { workspace.remove() }
    let client = try TestClient.launch(executable: try DocentExecutable.path())
    let result = try await client.initialize(workspace: workspace.url)
    #expect(result.serverInfo?.name == "docent")
    let status = try await client.send(SynchronizeRequest())
    #expect(status.ready)
    #expect(status.files == 2)
    #expect(try await client.shutdownAndExit() == 0)
  }

  @Test func endOfInputAfterShutdownExitsWithStatusZero() async throws {
    let client = try TestClient.launch(executable: try DocentExecutable.path())
    try await client.initialize(workspace: nil)
    try await client.send(ShutdownRequest())
    #expect(try await client.close() == 0)
  }

  @Test func endOfInputWithoutShutdownExitsWithStatusOne() async throws {
    let client = try TestClient.launch(executable: try DocentExecutable.path())
    try await client.initialize(workspace: nil)
    #expect(try await client.close() == 1)
  }
}
