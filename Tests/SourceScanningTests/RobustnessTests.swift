import SourceScanning
import Testing

@Suite struct RobustnessTests {
  static let codeLanguages = Language.allCases

  /// Deterministic pseudo-random bytes (SplitMix64), so failures reproduce.
  static func randomBytes(count: Int, seed: UInt64, alphabet: [UInt8]? = nil) -> [UInt8] {
    var state = seed
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    for _ in 0..<count {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      if let alphabet { bytes.append(alphabet[Int(z % UInt64(alphabet.count))]) } else { bytes.append(UInt8(truncatingIfNeeded: z)) }
    }
    return bytes
  }

  /// Scans and checks the invariants that hold for any input.
  func checkInvariants(_ bytes: [UInt8], _ language: Language, sourceLocation: SourceLocation = #_sourceLocation) {
    let result = SourceScanner.scan(bytes, language: language)
    let lineCount = bytes.isEmpty ? 0 : bytes.dropLast(bytes.last == 10 ? 1 : 0).split(separator: 10, omittingEmptySubsequences: false).count
    var next = 0
    for chunk in result.chunks {
      #expect(chunk.lineRange.lowerBound <= next, sourceLocation: sourceLocation)
      next = max(next, chunk.lineRange.upperBound + 1)
    }
    #expect(next == lineCount, sourceLocation: sourceLocation)
    for declaration in result.declarations {
      #expect(declaration.lineRange.upperBound < max(lineCount, 1), sourceLocation: sourceLocation)
    }
  }

  @Test(arguments: codeLanguages) func randomBytesNeverTrap(_ language: Language) {
    for seed in 0..<20 as Range<UInt64> {
      checkInvariants(Self.randomBytes(count: 2_000, seed: seed), language)
    }
  }

  @Test(arguments: codeLanguages) func randomCodeLikeInput(_ language: Language) {
    let alphabet = Array("{}()[]<>\"'`#/*\\\n\n  ;:=-.@$rRbfx_aZ9!?%~^|&,".utf8)
    for seed in 100..<140 as Range<UInt64> {
      checkInvariants(Self.randomBytes(count: 3_000, seed: seed, alphabet: alphabet), language)
    }
  }

  @Test(arguments: [
    "func f() {", "}}}}} func g() {}", "class A { func b() { \"unterminated", "/* never closed\nfunc x() {}",
    "let s = \"\"\"\nnever closed", "r#\"raw never closed", "`template ${ never", "'''never", "#define X \\",
    "<<EOF\nno end", "=begin\nno end", "@interface Foo\n- (void)x;", "impl<T> for {", "def f(:\n  pass",
    "fn f<'a>(x: &'a str) -> &'a str { x }", "{{{{{{{{{{{{{{{{{{{{", "((((((((((", "\"\\(\"\\(\"\\(\"\\(\"",
  ])
  func malformedInputsAreScanned(_ source: String) {
    for language in Language.allCases { checkInvariants(Array(source.utf8), language) }
  }

  /// Unit tests run unoptimized, where a megabyte takes seconds per language; a representative subset keeps
  /// the suite fast while still catching quadratic behaviour (which would take hours).
  @Test(.timeLimit(.minutes(2)), arguments: [Language.swift, .python, .cpp, .ruby, .shell, .markdown])
  func megabyteInputsFinish(_ language: Language) {
    let unit = "/// Doc.\nfunc f(a: Int) -> Int { let s = \"{ // }\"; return a }\nclass C { def m(x): pass }\n"
    var source = String(repeating: unit, count: 1_000_000 / unit.utf8.count)
    source += String(repeating: "x", count: 200_000)  // One very long line.
    checkInvariants(Array(source.utf8), language)
  }

  @Test(.timeLimit(.minutes(2)), arguments: [Language.swift, .rust, .python, .ruby, .cpp, .markdown, .javascript])
  func deepNestingFinishes(_ language: Language) {
    let depth = 20_000
    let nested = String(repeating: "class A { ", count: depth) + String(repeating: "} ", count: depth)
    checkInvariants(Array(nested.utf8), language)
    let interpolations = String(repeating: "\"\\(\"${\"#{", count: depth)
    checkInvariants(Array(interpolations.utf8), language)
    let indented = (0..<800).map { String(repeating: " ", count: $0) + "def f\($0)():" }.joined(separator: "\n")
    checkInvariants(Array(indented.utf8), language)
    let headings = String(repeating: "# h\n", count: 20_000)
    checkInvariants(Array(headings.utf8), language)
  }
}
