/// A hand-written parser for `docent SUBCOMMAND [options] [arguments]`.
///
/// Options are `--name value`, `--name=value` or boolean `--flag`; `--` ends options. Unknown options and
/// missing values are errors that name the subcommand's help.
struct CommandLineArguments: Sendable {
  /// An option a subcommand accepts.
  struct OptionSpec: Sendable {
    var name: String
    /// The value's placeholder, or `nil` for a boolean flag.
    var valueName: String?
    var help: String
  }

  /// A usage error, printed with a pointer to the right help.
  struct UsageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  var options: [String: String] = [:]
  /// Every value of options given more than once, in order (`options` keeps the last).
  var repeatedOptions: [String: [String]] = [:]
  var flags: Set<String> = []
  var positionals: [String] = []

  /// Parses `arguments` against the specs of `subcommand`.
  ///
  /// - Throws: ``UsageError`` for unknown options and options missing their value.
  init(_ arguments: some Sequence<String>, specs: [OptionSpec], subcommand: String) throws(UsageError) {
    var iterator = arguments.makeIterator()
    var optionsEnded = false
    while let argument = iterator.next() {
      // Checked first: "-h" does not start with "--", and would otherwise be taken for a positional argument.
      if argument == "-h" && !optionsEnded {
        flags.insert("help")
        continue
      }
      if optionsEnded || !argument.hasPrefix("--") || argument == "-" {
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      var name = String(argument.dropFirst(2))
      var inlineValue: String?
      if let equals = name.firstIndex(of: "=") {
        inlineValue = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      guard let spec = specs.first(where: { $0.name == name }) else {
        throw UsageError(
          message: "unknown option '--\(name)' for 'docent \(subcommand)'; see 'docent \(subcommand) --help'")
      }
      if spec.valueName == nil {
        guard inlineValue == nil else {
          throw UsageError(message: "'--\(name)' takes no value; see 'docent \(subcommand) --help'")
        }
        flags.insert(name)
      } else if let value = inlineValue ?? iterator.next() {
        options[name] = value
        repeatedOptions[name, default: []].append(value)
      } else {
        throw UsageError(message: "'--\(name)' needs a value \(spec.valueName ?? ""); see 'docent \(subcommand) --help'")
      }
    }
  }

  /// All values given for a repeatable option.
  func repeated(_ name: String) -> [String] { repeatedOptions[name] ?? [] }

  /// The integer value of an option, or `fallback` when absent.
  func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
    guard let text = options[name] else { return fallback }
    guard let value = Int(text), range.contains(value) else {
      throw UsageError(message: "'--\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
    }
    return value
  }
}
