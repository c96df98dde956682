/// The fuzz targets: one per reader of untrusted bytes.
///
/// Each case's ``run(_:)`` feeds one input to the reader's pure entry point and checks the properties that hold for
/// every input (a thrown error is a correct answer; a trap or a failed ``require(_:_:)`` is a crash). A new reader
/// gets a case here, a seed folder `Sources/Fuzzing/Corpus/<name>`, and its name in the target list of
/// scripts/fuzz.sh.
///
/// The index file (`IndexStore.decode`) has no target: its checksum stops almost every mutated input at the first
/// check, and a damaged file is covered by the crash tests (ServerCrashSafetyEndToEndTests) and the store's tests.
enum FuzzTarget: String, CaseIterable {
  /// JSON-RPC framing (`MessageFramer`), the message classifier (`IncomingMessage`) and the params of every
  /// client message in `MessageRegistry`.
  case jsonrpc
  /// The GGUF reader: header, metadata, tensor table, every tensor view.
  case gguf
  /// The safetensors reader: header length, JSON header, offsets, float conversion.
  case safetensors
  /// The gitignore matcher (`.gitignore`, `.docentignore`) and the include/exclude path filter.
  case ignore
  /// Every source scanner and the chunker; the first byte picks the language.
  case scanner
  /// The secret redactor that runs over every indexed file.
  case secrets
  /// Byte-level BPE over a small vocabulary with the full byte alphabet; the first byte picks the pre-tokenizer.
  case bpe
  /// SentencePiece-style merging with byte fallback over a small vocabulary.
  case sentencepiece
  /// BERT's WordPiece over a small vocabulary.
  case wordpiece

  /// Runs the target on one input.
  func run(_ bytes: [UInt8]) {
    switch self {
    case .jsonrpc: FuzzJSONRPC.run(bytes)
    case .gguf: FuzzFileFormats.gguf(bytes)
    case .safetensors: FuzzFileFormats.safetensors(bytes)
    case .ignore: FuzzIgnore.run(bytes)
    case .scanner: FuzzScanner.run(bytes)
    case .secrets: FuzzScanner.secrets(bytes)
    case .bpe: FuzzTokenizers.bpe(bytes)
    case .sentencepiece: FuzzTokenizers.sentencePiece(bytes)
    case .wordpiece: FuzzTokenizers.wordPiece(bytes)
    }
  }
}

/// Stops the process (a crash libFuzzer records, with the input) when a property that holds for every input fails.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
  if !condition() {
    FileHandle.standardError.write(Data("property failed: \(message())\n".utf8))
    abort()
  }
}

import Foundation
