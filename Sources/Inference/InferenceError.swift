// The errors of the Inference target. Each module owns one error type (STYLE.md §5).

/// What went wrong in `Inference`.
public struct InferenceError: Error, Sendable, CustomStringConvertible {
  /// What went wrong and, where it helps, how to fix it.
  public let message: String

  /// Creates an error with its message.
  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
