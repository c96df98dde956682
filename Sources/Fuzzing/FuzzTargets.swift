// libFuzzer entry points for every reader of untrusted bytes (STYLE.md §2: each has a pure entry point over bytes).
//
// Built only by scripts/fuzz.sh: it sets DOCENT_FUZZ=1 (Package.swift then declares this target) and passes
// `-sanitize=fuzzer`, which instruments every module for coverage and links libFuzzer. SwiftPM links an executable
// target with `main` aliased to `<module>_main`, so this file defines `Fuzzing_main` and hands the command line to
// libFuzzer's driver (`LLVMFuzzerRunDriver`) instead of using libFuzzer's own `main`. The target to run is named by
// the environment variable `DOCENT_FUZZ_TARGET` (see ``FuzzTarget``); a crash is a trap or a failed property check,
// never a thrown error.

import Foundation

/// The fuzz target chosen by `DOCENT_FUZZ_TARGET`, resolved once.
let selectedTarget: FuzzTarget = {
  let name = ProcessInfo.processInfo.environment["DOCENT_FUZZ_TARGET"] ?? ""
  guard let target = FuzzTarget(rawValue: name) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    FileHandle.standardError.write(Data("DOCENT_FUZZ_TARGET must be one of: \(names) (got '\(name)')\n".utf8))
    exit(2)
  }
  return target
}()

/// libFuzzer's per-input callback: runs the selected target on one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  selectedTarget.run(bytes)
  return 0
}

/// libFuzzer's driver: parses the libFuzzer flags in `argv` and runs the callback (declared by hand; it has no
/// header in a Swift module).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The process entry point SwiftPM links as `main`.
@_cdecl("Fuzzing_main")
public func fuzzingMain(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
  _ = selectedTarget  // fail before fuzzing when the target name is wrong
  var count = argc
  var arguments = argv
  return runFuzzerDriver(&count, &arguments) { data, size in fuzzTestOneInput(data, size) }
}
