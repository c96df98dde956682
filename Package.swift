// swift-tools-version: 6.0
// Docent: a local, private code-assistant backend. Toolchain modules only, no package dependencies.

import Foundation
import PackageDescription

/// The CPU that x86-64 builds target, so SIMD loops become AVX2/FMA (or AVX-512) instructions instead of SSE2 and
/// libm calls.
///
/// Docent is built on the machine that runs it (scripts/setup.sh), so the default is `native`: the kernels use
/// every vector unit the CPU has, as llama.cpp's `GGML_NATIVE` build does (AVX-512 makes the 4-bit kernels about
/// 1.6x faster than AVX2). Override with `DOCENT_TARGET_CPU` for a binary that runs elsewhere: `haswell` (AVX2 + FMA,
/// every x86 server and laptop since 2013) or `x86-64` (the portable baseline). arm64 builds use the toolchain
/// default, which already includes NEON.
let targetCPU = ProcessInfo.processInfo.environment["DOCENT_TARGET_CPU"] ?? "native"

let commonSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .unsafeFlags(["-target-cpu", targetCPU], .when(platforms: [.linux, .macOS])),
]

/// A library target under `Sources/<name>` with the shared settings.
func library(_ name: String, _ dependencies: [Target.Dependency] = [], extraSettings: [SwiftSetting] = []) -> Target {
  .target(name: name, dependencies: dependencies, swiftSettings: commonSettings + extraSettings)
}

/// Optimizes a target in debug builds too: unoptimized kernels run a model a hundred times slower, which would make
/// the tests that run the default models take many minutes.
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

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
    library("Kernels", extraSettings: optimizedInDebug),
    library("GGUF", ["Basics"]),
    library("Safetensors", ["Basics"]),
    library("Tokenization", ["Basics"]),
    library("Inference", ["Kernels", "GGUF", "Safetensors", "Tokenization", "Basics"], extraSettings: optimizedInDebug),
    library("JSONRPC", ["Basics"]),
    library("LSP", ["JSONRPC"]),
    library("Workspace", ["Basics"]),
    library("SourceScanning", ["Basics"]),
    library("Retrieval", ["SourceScanning", "Kernels", "Basics"]),
    library("Engine", ["Workspace", "SourceScanning", "Retrieval", "Inference", "Basics"]),
    library("Server", ["LSP", "JSONRPC", "Engine", "Basics"]),
    .executableTarget(name: "docent", dependencies: ["Server", "Engine", "Basics"], swiftSettings: commonSettings),
    library("TestSupport", ["Server", "LSP", "JSONRPC", "Engine", "Workspace", "Retrieval", "GGUF", "Basics"]),

    tests("BasicsTests", ["Basics"]),
    .testTarget(
      name: "KernelsTests", dependencies: ["Kernels", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: commonSettings),
    tests("GGUFTests", ["GGUF", "Basics", "TestSupport"], exclude: ["Fixtures"]),
    tests("SafetensorsTests", ["Safetensors", "Basics"]),
    tests("TokenizationTests", ["Tokenization", "Inference", "GGUF", "Basics", "TestSupport"], exclude: ["Fixtures"]),
    tests("InferenceTests", ["Inference", "Kernels", "Safetensors", "Tokenization", "Basics", "TestSupport"], exclude: ["Fixtures"]),
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

// Fuzz targets (Sources/Fuzzing): declared only when scripts/fuzz.sh builds them with DOCENT_FUZZ=1 and
// `-sanitize=fuzzer`, which links libFuzzer's `main`; normal builds and tests never compile them.
if ProcessInfo.processInfo.environment["DOCENT_FUZZ"] != nil {
  package.targets.append(
    .executableTarget(
      name: "Fuzzing",
      dependencies: ["JSONRPC", "LSP", "GGUF", "Safetensors", "Workspace", "SourceScanning", "Tokenization", "Basics"],
      exclude: ["Corpus"], swiftSettings: commonSettings))
  package.products.append(.executable(name: "docent-fuzz", targets: ["Fuzzing"]))
}
