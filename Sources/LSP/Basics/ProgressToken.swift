/// A token naming one `$/progress` stream: an integer or a string.
public enum ProgressToken: Codable, Hashable, Sendable {
  case integer(Int)
  case string(String)

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let value = try? container.decode(Int.self) {
      self = .integer(value)
    } else {
      self = .string(try container.decode(String.self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .integer(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    }
  }
}

/// The `value` of a work-done `$/progress` notification.
public enum WorkDoneProgress: Codable, Hashable, Sendable {
  /// The work started; `title` is shown by the editor.
  case begin(title: String, message: String?, percentage: Int?, cancellable: Bool?)
  /// Intermediate progress.
  case report(message: String?, percentage: Int?)
  /// The work ended.
  case end(message: String?)

  private enum CodingKeys: String, CodingKey { case kind, title, message, percentage, cancellable }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let kind = try container.decode(String.self, forKey: .kind)
    let message = try container.decodeIfPresent(String.self, forKey: .message)
    let percentage = try container.decodeIfPresent(Int.self, forKey: .percentage)
    switch kind {
    case "begin":
      self = .begin(
        title: try container.decode(String.self, forKey: .title), message: message, percentage: percentage,
        cancellable: try container.decodeIfPresent(Bool.self, forKey: .cancellable))
    case "report": self = .report(message: message, percentage: percentage)
    case "end": self = .end(message: message)
    default:
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: container, debugDescription: "unknown progress kind '\(kind)'")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .begin(let title, let message, let percentage, let cancellable):
      try container.encode("begin", forKey: .kind)
      try container.encode(title, forKey: .title)
      try container.encodeIfPresent(message, forKey: .message)
      try container.encodeIfPresent(percentage, forKey: .percentage)
      try container.encodeIfPresent(cancellable, forKey: .cancellable)
    case .report(let message, let percentage):
      try container.encode("report", forKey: .kind)
      try container.encodeIfPresent(message, forKey: .message)
      try container.encodeIfPresent(percentage, forKey: .percentage)
    case .end(let message):
      try container.encode("end", forKey: .kind)
      try container.encodeIfPresent(message, forKey: .message)
    }
  }
}

/// The severity of `window/logMessage` and `window/showMessage`.
public struct MessageKind: RawRepresentable, Codable, Hashable, Sendable {
  public var rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }

  public static let error = MessageKind(rawValue: 1)
  public static let warning = MessageKind(rawValue: 2)
  public static let info = MessageKind(rawValue: 3)
  public static let log = MessageKind(rawValue: 4)
  public static let debug = MessageKind(rawValue: 5)
}
