/// A source language the scanners know, detected from a file's name.
///
/// The raw value is a stable, lower-camel-case identifier suitable for settings and logs.
public enum Language: String, Sendable, CaseIterable {
  case swift, python, javascript, typescript, go, rust, java, kotlin, c, cpp, objectiveC, csharp, ruby, shell
  case markdown, restructuredText, plainText, unknown

  /// Detects the language of a file from its name alone (extension, or a few well-known file names).
  ///
  /// Detection never reads the file. Headers (`.h`) count as C; use ``cpp`` or ``objectiveC`` explicitly when
  /// the caller knows better. Names without a known extension (`Makefile`, `LICENSE`) are ``unknown``.
  ///
  /// - Parameter path: A path or bare file name; only the last component is looked at.
  /// - Returns: The detected language, or ``unknown``.
  public static func detect(path: String) -> Language {
    let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    let lowered = name.lowercased()
    switch lowered {
    case "gemfile", "rakefile", "podfile", "fastfile", "guardfile", "vagrantfile": return .ruby
    case ".bashrc", ".zshrc", ".profile", ".bash_profile", ".zprofile", ".envrc": return .shell
    default: break
    }
    guard let dot = lowered.lastIndex(of: "."), dot != lowered.startIndex else { return .unknown }
    let ext = String(lowered[lowered.index(after: dot)...])
    return extensions[ext] ?? .unknown
  }

  /// File extensions (lowercased, without the dot) and their languages.
  private static let extensions: [String: Language] = [
    "swift": .swift,
    "py": .python, "pyi": .python, "pyw": .python,
    "js": .javascript, "jsx": .javascript, "mjs": .javascript, "cjs": .javascript,
    "ts": .typescript, "tsx": .typescript, "mts": .typescript, "cts": .typescript,
    "go": .go, "rs": .rust, "java": .java, "kt": .kotlin, "kts": .kotlin,
    "c": .c, "h": .c,
    "cc": .cpp, "cpp": .cpp, "cxx": .cpp, "c++": .cpp, "hpp": .cpp, "hh": .cpp, "hxx": .cpp, "h++": .cpp,
    "ipp": .cpp, "tpp": .cpp, "inl": .cpp,
    "m": .objectiveC, "mm": .objectiveC,
    "cs": .csharp, "rb": .ruby, "rake": .ruby, "gemspec": .ruby,
    "sh": .shell, "bash": .shell, "zsh": .shell, "ksh": .shell,
    "md": .markdown, "markdown": .markdown, "mdown": .markdown, "mkd": .markdown,
    "rst": .restructuredText, "rest": .restructuredText,
    "txt": .plainText, "text": .plainText,
  ]
}
