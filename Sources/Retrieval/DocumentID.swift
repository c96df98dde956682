/// The stable identity of one indexed chunk.
///
/// Assigned by ``IndexState`` from a counter that only grows, so an id is never reused while the index lives,
/// and persisted with it. Ids order hits with equal scores, so ranking is deterministic.
public struct DocumentID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The id's number.
  public let rawValue: UInt64

  /// Wraps a number as a document id.
  public init(rawValue: UInt64) { self.rawValue = rawValue }

  /// Wraps a number as a document id.
  public init(_ rawValue: UInt64) { self.rawValue = rawValue }

  public static func < (lhs: DocumentID, rhs: DocumentID) -> Bool { lhs.rawValue < rhs.rawValue }

  public var description: String { "#\(rawValue)" }
}

/// One ranked search result.
public struct SearchHit: Hashable, Sendable {
  /// The matching document.
  public let documentID: DocumentID
  /// Its BM25F score; higher is better.
  public let score: Float

  /// Creates a hit.
  public init(documentID: DocumentID, score: Float) {
    self.documentID = documentID
    self.score = score
  }
}

/// Restricts a search to some documents; path-glob and language filters above this layer become one of these.
public enum SearchFilter {
  /// Only these documents may be returned.
  case allowing(Set<DocumentID>)
  /// Only documents for which the closure returns `true`; it is called once per candidate with a nonzero score.
  case matching((DocumentID) -> Bool)

  @inline(__always) func allows(_ id: DocumentID) -> Bool {
    switch self {
    case .allowing(let set): return set.contains(id)
    case .matching(let predicate): return predicate(id)
    }
  }
}
