import SourceScanning
import Testing

@Suite struct LanguageDetectionTests {
  @Test(arguments: [
    ("a/b/File.swift", Language.swift), ("x.py", .python), ("x.tsx", .typescript), ("x.jsx", .javascript),
    ("x.mjs", .javascript), ("x.cjs", .javascript), ("x.kts", .kotlin), ("x.h", .c), ("x.hpp", .cpp),
    ("x.mm", .objectiveC), ("x.m", .objectiveC), ("x.rb", .ruby), ("Gemfile", .ruby), ("x.sh", .shell),
    ("x.bash", .shell), ("x.zsh", .shell), ("README.md", .markdown), ("doc.rst", .restructuredText),
    ("notes.txt", .plainText), ("Makefile", .unknown), (".gitignore", .unknown), ("x.cs", .csharp), ("x.go", .go),
    ("x.rs", .rust), ("X.java", .java), ("x.cc", .cpp), ("noext", .unknown), ("", .unknown),
  ])
  func detectsByName(path: String, language: Language) {
    #expect(Language.detect(path: path) == language)
  }
}
