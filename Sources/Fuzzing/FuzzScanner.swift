import SourceScanning
import Workspace

/// The source scanners, the chunker and the secret redactor.
enum FuzzScanner {
  /// The first byte picks the language (every case of `Language`, in order) and the chunking options; the rest is
  /// the file. Chunks must cover every line in order, and declarations must lie inside the file.
  static func run(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let languages = Language.allCases
    let language = languages[Int(selector) % languages.count]
    let source = Array(bytes.dropFirst())
    // Small limits in half the inputs, so chunk splitting and overlap are exercised by short files.
    let options = selector >= 128 ? ChunkingOptions(maxLines: 6, overlapLines: 2, minLines: 2, maxBytes: 200) : .init()
    let result = SourceScanner.scan(source, language: language, options: options)

    let body = source.last == 10 ? source.dropLast() : source[...]
    let lineCount = source.isEmpty ? 0 : body.split(separator: 10, omittingEmptySubsequences: false).count
    var next = 0
    for chunk in result.chunks {
      require(chunk.lineRange.lowerBound >= 0, "\(language): chunk starts at line \(chunk.lineRange.lowerBound)")
      require(chunk.lineRange.lowerBound <= next, "\(language): a gap before line \(chunk.lineRange.lowerBound)")
      next = max(next, chunk.lineRange.upperBound + 1)
    }
    require(next == lineCount, "\(language): chunks end at line \(next) of \(lineCount)")
    for declaration in result.declarations {
      require(
        declaration.lineRange.lowerBound >= 0 && declaration.lineRange.upperBound < max(lineCount, 1),
        "\(language): declaration at lines \(declaration.lineRange) of \(lineCount)")
    }
  }

  /// Redaction keeps every line break and never grows the number of lines.
  static func secrets(_ bytes: [UInt8]) {
    let redacted = SecretRedactor.redact(bytes)
    require(
      redacted.bytes.count(where: { $0 == 10 }) == bytes.count(where: { $0 == 10 }),
      "redaction changed the number of line feeds")
    if redacted.redactions.isEmpty { require(redacted.bytes == bytes, "nothing redacted, yet the bytes changed") }
  }
}
