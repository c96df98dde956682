// The errors of the Safetensors target. Each module owns one error type (STYLE.md §5).

/// What went wrong in `Safetensors`: a file that does not follow the format, or a tensor read as a type it is not.
public struct SafetensorsError: Error, Sendable, CustomStringConvertible {
  /// What went wrong and, where it helps, how to fix it.
  public let message: String

  /// Creates an error with its message.
  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
