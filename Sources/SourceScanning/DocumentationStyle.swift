/// Which comments count as documentation, and how comment markers are removed.
struct DocumentationStyle {
  /// Keeps a pathological run of comment lines from producing an unbounded doc string.
  static let maxCommentCount = 200
  /// Comment prefixes that never document the following declaration (Rust inner docs, shebangs, editor modelines).
  var rejectedPrefixes: [String] = ["//!", "/*!", "#!"]

  static let standard = DocumentationStyle()

  func accepts(_ bytes: [UInt8], _ comment: Comment) -> Bool {
    for prefix in rejectedPrefixes where bytes[comment.start..<min(comment.end, bytes.count)].starts(with: prefix.utf8) {
      return false
    }
    return true
  }

  /// Removes comment markers (`///`, `//`, `#`, `/** … */`, leading `*`) and blank edges; joins with `\n`.
  static func clean(_ comments: [String]) -> String {
    var lines: [Substring] = []
    for comment in comments {
      if comment.hasPrefix("/*") {
        var body = Substring(comment).dropFirst(2)
        while body.first == "*" || body.first == "!" { body = body.dropFirst() }
        if body.hasSuffix("*/") { body = body.dropLast(2) }
        for raw in body.split(separator: "\n", omittingEmptySubsequences: false) {
          var line = raw.drop { $0 == " " || $0 == "\t" }
          if line.first == "*", !line.hasPrefix("*/") {
            line = line.dropFirst()
            if line.first == " " { line = line.dropFirst() }
          }
          lines.append(trimmedRight(line))
        }
      } else if comment.hasPrefix("=begin") {
        let body = comment.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().filter {
          !$0.hasPrefix("=end")
        }
        lines.append(contentsOf: body.map { trimmedRight($0) })
      } else {
        var line = Substring(comment)
        if line.hasPrefix("//") {
          line = line.dropFirst(2)
          while line.first == "/" || line.first == "!" { line = line.dropFirst() }
        } else {
          while line.first == "#" { line = line.dropFirst() }
        }
        if line.first == " " { line = line.dropFirst() }
        lines.append(trimmedRight(line))
      }
    }
    while let first = lines.first, first.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeFirst() }
    while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
    return lines.joined(separator: "\n")
  }

  static func trimmedRight(_ line: Substring) -> Substring {
    var line = line
    while let last = line.last, last == " " || last == "\t" || last == "\r" { line = line.dropLast() }
    return line
  }

  /// Python docstrings: strips the quotes and prefix, then removes the common indentation of lines after the first.
  static func cleanDocstring(_ literal: String) -> String {
    var body = Substring(literal).drop { "rRbBuUfF".contains($0) }
    for quote in ["\"\"\"", "'''", "\"", "'"] where body.hasPrefix(quote) {
      body = body.dropFirst(quote.count)
      if body.hasSuffix(quote) { body = body.dropLast(quote.count) }
      break
    }
    let rawLines = body.split(separator: "\n", omittingEmptySubsequences: false)
    let indent =
      rawLines.dropFirst().filter { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
      .map { $0.prefix { $0 == " " || $0 == "\t" }.count }.min() ?? 0
    var lines = rawLines.enumerated().map { index, line in
      trimmedRight(index == 0 ? line.drop { $0 == " " } : line.dropFirst(min(indent, line.count)))
    }
    while let first = lines.first, first.isEmpty { lines.removeFirst() }
    while let last = lines.last, last.isEmpty { lines.removeLast() }
    return lines.joined(separator: "\n")
  }
}
