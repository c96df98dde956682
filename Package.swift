// swift-tools-version: 6.0
// Docent: a local, private code-assistant backend. Toolchain modules only, no package dependencies.

import Foundation
import PackageDescription

/// The CPU that x86-64 builds target, so SIMD loops become AVX2/FMA instructions instead of SSE2 and libm calls.
///
/// Override with `DOCENT_TARGET_CPU` (for example `native`, `skylake-avx512`, or `x86-64` for the portable
/// baseline). arm64 builds use the toolchain default, which already includes NEON.
let targetCPU = ProcessInfo.processInfo.environment["DOCENT_TARGET_CPU"] ?? "haswell"

let commonSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .unsafeFlags(["-target-cpu", targetCPU], .when(platforms: [.linux, .macOS])),
]

/// A library target under `Sources/<name>` with the shared settings.
func library(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
  .target(name: name, dependencies: dependencies, swiftSettings: commonSettings)
}

/// A test target under `Tests/<name>` with the shared settings.
func tests(_ name: String, _ dependencies: [Target.Dependency], exclude: [String] = []) -> Target {
  .testTarget(name: name, dependencies: dependencies, exclude: exclude, swiftSettings: commonSettings)
}

let package = Package(
  name: "Docent",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "docent", targets: ["docent"])
  ],
  targets: [
    library("Basics"),
    // Kernels are always optimized: unoptimized SIMD code is ~100x slower, too slow for the model tests.
    .target(name: "Kernels", swiftSettings: commonSettings + [.unsafeFlags(["-O"])]),
    library("GGUF", ["Basics"]),
    library("Safetensors", ["Basics"]),
    library("Tokenization", ["Basics"]),
    library("Inference", ["Kernels", "GGUF", "Safetensors", "Tokenization", "Basics"]),
    library("JSONRPC", ["Basics"]),
    library("LSP", ["JSONRPC"]),
    library("Workspace", ["Basics"]),
    library("SourceScanning", ["Basics"]),
    library("Retrieval", ["SourceScanning", "Kernels", "Basics"]),
    library("Engine", ["Workspace", "SourceScanning", "Retrieval", "Inference", "Basics"]),
    library("Server", ["LSP", "JSONRPC", "Engine", "Basics"]),
    .executableTarget(name: "docent", dependencies: ["Server", "Engine", "Basics"], swiftSettings: commonSettings),
    library("TestSupport", ["Server", "LSP", "JSONRPC", "Engine", "Workspace", "Retrieval", "Basics"]),

    tests("BasicsTests", ["Basics"]),
    tests("KernelsTests", ["Kernels"]),
    tests("GGUFTests", ["GGUF", "Basics"], exclude: ["Fixtures"]),
    tests("SafetensorsTests", ["Safetensors", "Basics"]),
    tests("TokenizationTests", ["Tokenization", "Inference", "GGUF", "Basics"], exclude: ["Fixtures"]),
    tests("InferenceTests", ["Inference", "Kernels", "Safetensors", "Tokenization", "Basics"], exclude: ["Fixtures"]),
    tests("JSONRPCTests", ["JSONRPC", "TestSupport"]),
    tests("LSPTests", ["LSP", "JSONRPC"]),
    tests("WorkspaceTests", ["Workspace", "TestSupport"]),
    tests("SourceScanningTests", ["SourceScanning"]),
    tests("RetrievalTests", ["Retrieval", "SourceScanning", "Kernels", "Basics", "TestSupport"]),
    tests("ServerTests", ["Server", "LSP", "JSONRPC", "Engine", "TestSupport"]),
    tests("EndToEndTests", ["docent", "LSP", "JSONRPC", "TestSupport"]),
    tests("ArchitectureTests", []),
  ],
  swiftLanguageModes: [.v6]
)
