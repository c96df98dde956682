import Foundation
import Testing

/// The package stays a Swift 6 package without dependencies, and the README's architecture map names every target.
@Suite struct PackageManifestTests {
  static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  @Test func manifestUsesSwift6ModeAndNoPackageDependencies() throws {
    let manifest = try String(contentsOf: Self.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
    #expect(manifest.hasPrefix("// swift-tools-version: 6."))
    #expect(manifest.contains("swiftLanguageModes: [.v6]"))
    #expect(!manifest.contains(".package("), "Package.swift declares a package dependency")
    #expect(!manifest.contains("dependencies: [.package"), "Package.swift declares a package dependency")
  }

  @Test func readmeArchitectureMapNamesEveryTarget() throws {
    let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let section = readme.components(separatedBy: "\n## Architecture\n").dropFirst().first?
      .components(separatedBy: "\n## ").first ?? ""
    #expect(!section.isEmpty, "README.md has no '## Architecture' section")
    for target in try ImportLayeringTests.targets() {
      #expect(section.contains("`\(target)`"), "the README's architecture map does not name Sources/\(target)")
    }
  }
}
