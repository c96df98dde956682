import Testing
import Workspace

/// Fake credentials are assembled from pieces at run time so that secret scanners on the repository host do not
/// flag this file; none of them is a real key.
@Suite struct SecretRedactorTests {
  static let base62 = "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY"

  /// A secret line and what it holds.
  struct SecretCase: Sendable, CustomStringConvertible {
    var line: String
    var kind: SecretKind
    var description: String { "\(kind): \(line)" }
  }

  static let secretCases: [SecretCase] = [
    SecretCase(line: "aws_access_key_id = " + "AK" + "IA" + "Z7QJ4MXK2NB5RWTY", kind: .awsAccessKeyID),
    SecretCase(line: "  \"key\": \"" + "AS" + "IA" + "Z7QJ4MXK2NB5RWTY\",", kind: .awsAccessKeyID),
    SecretCase(line: "gh auth login --with-token <<< " + "gh" + "p_" + base62 + "1234", kind: .githubToken),
    SecretCase(line: "TOKEN=" + "gh" + "s_" + base62 + "9876", kind: .githubToken),
    SecretCase(line: "let pat = \"" + "github" + "_pat_" + "11ABCDEFG0" + base62 + "_zz\"", kind: .githubToken),
    SecretCase(line: "slack: " + "xo" + "xb-" + "123456789012-abcdefABCDEF", kind: .slackToken),
    SecretCase(line: "Stripe.apiKey = '" + "sk" + "_live_" + base62 + "'", kind: .stripeKey),
    SecretCase(line: "restricted: " + "rk" + "_live_" + base62, kind: .stripeKey),
    SecretCase(line: "const maps = \"" + "AI" + "za" + "SyA1b2C3d4E5f6G7h8I9j0K_l-MnOpQrStU\";", kind: .googleAPIKey),
    SecretCase(line: "OPENAI_API_KEY=" + "sk" + "-proj-" + base62 + "Xy12", kind: .openAIKey),
    SecretCase(
      line: "Authorization: Bearer " + "eyJ" + "hbGciOiJIUzI1NiJ9." + "eyJ" + "zdWIiOiIxMjM0NTY3ODkwIn0."
        + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", kind: .jsonWebToken),
    SecretCase(line: "DATABASE_URL=postgres://app:" + "Zx81kq" + "Lw0p@db.internal:5432/app", kind: .urlCredentials),
    SecretCase(line: "    url: \"https://deploy:" + "hunter2" + "@example.com/repo.git\"", kind: .urlCredentials),
    SecretCase(line: "db_password = \"" + "Tr0ub4dor&3xQ9pLmZ" + "\"", kind: .assignedSecret),
    SecretCase(line: "export CLIENT_SECRET=" + "9f8e7d6c5b4a3928" + "1706f5e4d3c2b1a0", kind: .assignedSecret),
    SecretCase(line: "  \"apiKey\": \"" + "d41d8cd98f00b204" + "e9800998ecf8427e\",", kind: .assignedSecret),
    SecretCase(line: "auth_token: " + "q8Zr2LmX0vB7nK4c" + "T1wY", kind: .assignedSecret),
    SecretCase(line: "let apiKey = \"" + "AbC123xYz789QwE456rTy0" + "\"", kind: .assignedSecret),
    SecretCase(line: "password := \"" + "s3cr3tP4ssw0rdV4lu3" + "\"", kind: .assignedSecret),
    SecretCase(
      line: "key = \"-----BEGIN " + "PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n"
        + "-----END PRIVATE KEY-----\"", kind: .privateKey),
  ]

  @Test(arguments: secretCases)
  func eachSecretKindIsRedactedKeepingLineNumbers(_ testCase: SecretCase) {
    let text = "first line\n" + testCase.line + "\r\nlast line\n"
    let result = SecretRedactor.redact(Array(text.utf8))
    #expect(result.redactions == [Redaction(line: 1, kind: testCase.kind)])
    let indentation = String(testCase.line.prefix { $0 == " " })
    #expect(
      String(decoding: result.bytes, as: UTF8.self) == "first line\n\(indentation)[redacted secret]\r\nlast line\n")
  }

  @Test func privateKeyBlocksAreRedactedLineByLine() {
    let lines = [
      "import ssl",
      "KEY = \"\"\"-----BEGIN " + "RSA PRIVATE KEY-----",
      "Proc-Type: 4,ENCRYPTED",
      "MIIEpAIBAAKCAQEA7bq98s5aKq3Fz1M9x0eR2yVvPpBvKyUo3pA0f9GmYtR1cWn5",
      "q9N0dF4Yw8hH1tXcS2uL6jKbVzPqE7mR0nA3sD5gF8hJ1kL4zX7cV0bN3mQ6wE9r",
      "-----END RSA " + "PRIVATE KEY-----\"\"\"",
      "context = ssl.create_default_context()",
    ]
    let result = SecretRedactor.redact(Array(lines.joined(separator: "\n").utf8))
    #expect(result.redactedLines == [1, 2, 3, 4, 5])
    #expect(result.redactions.allSatisfy { $0.kind == .privateKey })
    let output = String(decoding: result.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(output.count == lines.count)
    #expect(output.first == "import ssl" && output.last == "context = ssl.create_default_context()")
  }

  @Test func aTruncatedKeyBlockIsRedactedThroughItsLastKeyLine() {
    let text =
      "-----BEGIN " + "OPENSSH PRIVATE KEY-----\n"
      + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
      + "QyNTUxOQAAACDq\n"
    let result = SecretRedactor.redact(Array(text.utf8))
    #expect(result.redactedLines == [0, 1, 2])
    #expect(String(decoding: result.bytes, as: UTF8.self).hasSuffix("[redacted secret]\n"))
  }

  /// Ordinary lines that mention secrets without holding one.
  static let harmlessLines = [
    "let tokenCount = tokens.count",
    "password: String",
    "self.secret = secret",
    "func authenticate(token: String) -> Bool {",
    "let token = try await fetchToken(for: user, scope: \"repo\")",
    "var apiKey: String? = nil",
    "if password == confirmation { return }",
    "passwordRegex = \"^(?=.*[A-Z])(?=.*\\\\d).{8,}$\"",
    "token_url = \"https://oauth2.example.com/v1/token\"",
    "let passwordPrompt = \"Please enter your password:\"",
    "SECRET_KEY = os.environ[\"SECRET_KEY\"]",
    "API_TOKEN=${API_TOKEN}",
    "password = \"hunter2hunter2hunter2\"",
    "    \"integrity\": \"sha512-3Qv9rM6pZ0uY8xT2sB7nK4cL1wJ5hG0fD9aE3bV6iR2oQ8tU==\",",
    "checksum = \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"",
    "\"tokenizer\": \"bert-base-uncased-v12345678\",",
    "let taskLoadingSpinnerContainerWrapper = \"task-loading-spinner-container-wrapper\"",
    "postgres://localhost:5432/app",
    "url = \"https://user:${PASSWORD}@example.com\"",
    "if line.hasPrefix(\"-----BEGIN " + "PRIVATE KEY-----\") {",
    "  return parse(line)",
    "let headers = [\"Authorization\": \"Bearer \\(token)\"]",
    "const author = \"Jane Doe\";",
    "commit 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39",
    "uuid: 123e4567-e89b-12d3-a456-426614174000",
  ]

  @Test(arguments: harmlessLines)
  func ordinaryLinesAreNotRedacted(_ line: String) {
    let result = SecretRedactor.redact(Array((line + "\n").utf8))
    #expect(result.redactions.isEmpty)
    #expect(result.bytes == Array((line + "\n").utf8))
  }

  @Test func arbitraryBytesKeepTheirLineCount() {
    // A fixed-seed stream of bytes biased toward the characters the scanners look at.
    var state: UInt64 = 0x243F_6A88_85A3_08D3
    let alphabet =
      Array("=:\"'-_.@/\\ \n\rABCIKSeyJghpskxo0123456789-----BEGIN PRIVATE KEY-----".utf8) + [0, 0xFF, 0xC3]
    for _ in 0..<200 {
      var bytes: [UInt8] = []
      for _ in 0..<400 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        bytes.append(alphabet[Int((state >> 33) % UInt64(alphabet.count))])
      }
      let result = SecretRedactor.redact(bytes)
      #expect(result.bytes.filter { $0 == 0x0A }.count == bytes.filter { $0 == 0x0A }.count)
      _ = IgnoreMatcher(bytes: bytes, directory: "").lastMatch(for: "a/b.c", isDirectory: false)
    }
  }

  @Test func entropyThresholdSeparatesWordsFromRandomStrings() {
    #expect(SecretRedactor.minimumEntropyBitsPerByte == 3.0)
    #expect(SecretRedactor.redact(Array("token = \"aaaaaaaaaaaaaaaa1111\"\n".utf8)).redactions.isEmpty)
    #expect(SecretRedactor.redact(Array("token = \"a8Kq2ZpL0xW7vN4m\"\n".utf8)).redactedLines == [0])
  }
}
