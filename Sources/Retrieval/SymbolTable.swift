// Fuzzy symbol lookup over a flat, cache-friendly layout.
//
// Layout (one slot per added symbol, in order of addition):
//   entries[s]          SymbolEntry   the symbol as given
//   nameBytes           [UInt8]       lowercased names back to back; slot s at nameStart[s]..<nameStart[s + 1]
//   humpMasks[s]        UInt64        bit i set when name byte i (< 64) starts a camel hump or word
//   characterMasks[s]   UInt64        which characters occur in the name (see `characterBit`)
//   pathDepths, kindRanks             the tiebreak keys, precomputed
//   isLive[s]           Bool          false once removed (a tombstone)
//
// Invariants: `slotsByPath` lists exactly the live slots of each path; a query whose character mask is not a
// subset of a name's cannot match it in any way, which rejects most names with one AND.

/// How a symbol name matched a lookup query, best first.
public enum SymbolMatchKind: Int, Comparable, Sendable, CustomStringConvertible {
  /// The name equals the query, ignoring ASCII case.
  case exact
  /// The name starts with the query, ignoring case.
  case prefix
  /// Each query character continues the current hump or starts a later one (`gUN`, `getUN`, `gun` all match
  /// `getUserName`), starting at a hump.
  case camelHump
  /// The query's characters occur in the name in order.
  case subsequence

  public static func < (lhs: SymbolMatchKind, rhs: SymbolMatchKind) -> Bool { lhs.rawValue < rhs.rawValue }

  public var description: String {
    switch self {
    case .exact: return "exact"
    case .prefix: return "prefix"
    case .camelHump: return "camelHump"
    case .subsequence: return "subsequence"
    }
  }
}

/// A declared symbol, as a scanner reports it.
public struct SymbolEntry: Hashable, Sendable {
  /// The name, such as `getUserName`.
  public var name: String
  /// The declaration kind, such as `"func"`, `"struct"`, `"var"` (free-form; types and functions rank first).
  public var kind: String
  /// The enclosing type or namespace, or `""`.
  public var container: String
  /// The file's relative path.
  public var path: String
  /// The 1-based line of the declaration.
  public var line: Int

  /// Creates a symbol entry.
  public init(name: String, kind: String, container: String = "", path: String, line: Int) {
    self.name = name
    self.kind = kind
    self.container = container
    self.path = path
    self.line = line
  }
}

/// One result of ``SymbolTable/lookup(_:limit:)``.
public struct SymbolMatch: Hashable, Sendable {
  /// The symbol.
  public let symbol: SymbolEntry
  /// How its name matched.
  public let kind: SymbolMatchKind
}

/// All symbols of the indexed files, with fuzzy lookup by name.
///
/// Results are ranked by ``SymbolMatchKind`` (exact, prefix, camel hump, subsequence), then by shorter name,
/// fewer path components, kind (types, then functions, then the rest), and finally by name, path and line, so
/// the order is total and deterministic.
public struct SymbolTable: Sendable {
  var entries: [SymbolEntry] = []
  var nameBytes: [UInt8] = []
  var nameStart: [UInt32] = [0]
  var humpMasks: [UInt64] = []
  var characterMasks: [UInt64] = []
  var pathDepths: [UInt8] = []
  var kindRanks: [UInt8] = []
  var isLive: [Bool] = []
  var slotsByPath: [String: [UInt32]] = [:]
  var liveCount = 0

  /// Compaction runs once at least this many slots are dead and they are at least half of all slots.
  static let minimumDeadSlotsForCompaction = 1024
  /// Camel-hump matching gives up after this many backtracking steps (a pathological name just falls through
  /// to subsequence matching).
  static let camelHumpStepBudget = 512

  /// Creates an empty table.
  public init() {}

  /// The number of symbols.
  public var count: Int { liveCount }

  /// The paths that have symbols, sorted.
  public var paths: [String] { slotsByPath.keys.sorted() }

  /// The symbols of one file, in the order they were added.
  public func symbols(inPath path: String) -> [SymbolEntry] {
    (slotsByPath[path] ?? []).map { entries[Int($0)] }
  }

  /// Every symbol, grouped by path (sorted), each group in the order added.
  public var allSymbols: [SymbolEntry] { paths.flatMap { symbols(inPath: $0) } }

  /// Adds symbols; each is filed under its own ``SymbolEntry/path``.
  ///
  /// - Complexity: O(*n*) in the symbols' name lengths.
  public mutating func add(_ symbols: [SymbolEntry]) {
    for symbol in symbols { add(symbol) }
  }

  /// Adds one symbol.
  public mutating func add(_ symbol: SymbolEntry) {
    let slot = UInt32(entries.count)
    entries.append(symbol)
    var name = symbol.name
    var hump: UInt64 = 0
    var characters: UInt64 = 0
    name.withUTF8 { utf8 in
      for i in 0..<utf8.count {
        let c = utf8[i]
        let lowered = Analyzer.lowercased(c)
        nameBytes.append(lowered)
        characters |= Self.characterBit(lowered)
        if i < 64 && Self.startsHump(utf8, i) { hump |= 1 << UInt64(i) }
      }
    }
    nameStart.append(UInt32(nameBytes.count))
    humpMasks.append(hump)
    characterMasks.append(characters)
    pathDepths.append(UInt8(min(symbol.path.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }, 255)))
    kindRanks.append(Self.kindRank(symbol.kind))
    isLive.append(true)
    slotsByPath[symbol.path, default: []].append(slot)
    liveCount += 1
  }

  /// Removes every symbol of one file.
  ///
  /// - Returns: The number of symbols removed.
  /// - Complexity: O(*k*) for the file's *k* symbols, plus an occasional compaction.
  @discardableResult
  public mutating func removeSymbols(inPath path: String) -> Int {
    guard let slots = slotsByPath.removeValue(forKey: path) else { return 0 }
    for slot in slots { isLive[Int(slot)] = false }
    liveCount -= slots.count
    let dead = entries.count - liveCount
    if dead >= Self.minimumDeadSlotsForCompaction && dead * 2 >= entries.count { compact() }
    return slots.count
  }

  /// Replaces the symbols of one file.
  public mutating func replaceSymbols(inPath path: String, with symbols: [SymbolEntry]) {
    removeSymbols(inPath: path)
    add(symbols)
  }

  /// Rebuilds the arrays without removed symbols.
  ///
  /// - Complexity: O(*n*) in the number of slots.
  public mutating func compact() {
    let old = self
    self = SymbolTable()
    for s in 0..<old.entries.count where old.isLive[s] { add(old.entries[s]) }
  }

  /// The best `limit` symbols whose names match `query`.
  ///
  /// - Parameters:
  ///   - query: A name, prefix, camel-hump abbreviation (`gUN`) or subsequence; ASCII case is ignored.
  ///   - limit: The maximum number of results.
  /// - Returns: Matches, best first (see ``SymbolTable``).
  /// - Complexity: O(*n*) over the symbols, with most rejected by one character-set test.
  public func lookup(_ query: String, limit: Int) -> [SymbolMatch] {
    let q = query.utf8.map(Analyzer.lowercased)
    guard !q.isEmpty, limit > 0 else { return [] }
    let queryMask = q.reduce(UInt64(0)) { $0 | Self.characterBit($1) }

    struct Candidate {
      var slot: UInt32
      /// Smaller is better: match kind (bits 62–63), name length (48–61), path depth (40–47), kind rank (32–39),
      /// then the name's first four bytes (0–31), so the full tiebreak runs only on near-identical names.
      var key: UInt64
    }
    var heap = BoundedHeap<Candidate>(capacity: limit) { a, b in
      if a.key != b.key { return a.key < b.key }
      return self.isOrderedBefore(a.slot, b.slot)
    }
    q.withUnsafeBufferPointer { q in
      nameBytes.withUnsafeBufferPointer { names in
        for s in 0..<entries.count where isLive[s] {
          guard characterMasks[s] & queryMask == queryMask else { continue }
          let start = Int(nameStart[s])
          let name = UnsafeBufferPointer(rebasing: names[start..<Int(nameStart[s + 1])])
          guard let kind = Self.match(q, name, humps: humpMasks[s]) else { continue }
          var leading: UInt64 = 0
          for k in 0..<4 { leading = leading << 8 | (k < name.count ? UInt64(name[k]) : 0) }
          let key =
            UInt64(kind.rawValue) << 62 | UInt64(min(name.count, 0x3FFF)) << 48 | UInt64(pathDepths[s]) << 40
            | UInt64(kindRanks[s]) << 32 | leading
          if let worst = heap.threshold, key > worst.key { continue }
          heap.insert(Candidate(slot: UInt32(s), key: key))
        }
      }
    }
    return heap.sorted().map { candidate in
      SymbolMatch(
        symbol: entries[Int(candidate.slot)],
        kind: SymbolMatchKind(rawValue: Int(candidate.key >> 62)) ?? .subsequence)
    }
  }

  /// The final tiebreak: lowercased name, then name, path and line.
  private func isOrderedBefore(_ a: UInt32, _ b: UInt32) -> Bool {
    let order = nameBytes.withUnsafeBufferPointer { names -> Int in
      let aStart = Int(nameStart[Int(a)])
      let aCount = Int(nameStart[Int(a) + 1]) - aStart
      let bStart = Int(nameStart[Int(b)])
      let bCount = Int(nameStart[Int(b) + 1]) - bStart
      for k in 0..<min(aCount, bCount) where names[aStart + k] != names[bStart + k] {
        return names[aStart + k] < names[bStart + k] ? -1 : 1
      }
      return aCount == bCount ? 0 : (aCount < bCount ? -1 : 1)
    }
    if order != 0 { return order < 0 }
    let x = entries[Int(a)]
    let y = entries[Int(b)]
    if x.name != y.name { return x.name < y.name }
    if x.path != y.path { return x.path < y.path }
    if x.line != y.line { return x.line < y.line }
    return a < b
  }

  /// Classifies how the lowercased name matches the lowercased query, or `nil` for no match.
  static func match(
    _ q: UnsafeBufferPointer<UInt8>, _ name: UnsafeBufferPointer<UInt8>, humps: UInt64
  ) -> SymbolMatchKind? {
    let m = q.count
    let n = name.count
    guard m <= n else { return nil }
    var prefix = true
    for i in 0..<m where q[i] != name[i] {
      prefix = false
      break
    }
    if prefix { return m == n ? .exact : .prefix }
    var budget = camelHumpStepBudget
    var h = humps
    while h != 0 {
      let start = h.trailingZeroBitCount
      h &= h - 1
      if start < n && name[start] == q[0] && humpMatch(q, 1, name, start + 1, humps, &budget) { return .camelHump }
      if budget <= 0 { break }
    }
    var i = 0
    for c in name where c == q[i] {
      i += 1
      if i == m { return .subsequence }
    }
    return nil
  }

  /// Whether `q[qi...]` matches from name position `p`: each character either continues the current hump
  /// (`name[p]`) or starts a later hump.
  static func humpMatch(
    _ q: UnsafeBufferPointer<UInt8>, _ qi: Int, _ name: UnsafeBufferPointer<UInt8>, _ p: Int, _ humps: UInt64,
    _ budget: inout Int
  ) -> Bool {
    if qi == q.count { return true }
    budget -= 1
    if budget <= 0 { return false }
    if p < name.count && name[p] == q[qi] && humpMatch(q, qi + 1, name, p + 1, humps, &budget) { return true }
    guard p < 63 else { return false }
    var later = humps & ~((UInt64(1) << UInt64(p + 1)) - 1)  // humps strictly after p
    while later != 0 {
      let start = later.trailingZeroBitCount
      later &= later - 1
      if start < name.count && name[start] == q[qi] && humpMatch(q, qi + 1, name, start + 1, humps, &budget) {
        return true
      }
      if budget <= 0 { return false }
    }
    return false
  }

  /// Whether byte `i` of a name starts a hump: the first character, one after a separator, an upper-case letter
  /// after a lower-case letter or digit, the last capital of an acronym before a lower-case letter
  /// (`HTTPServer`: `H`, `S`), and letter↔digit changes.
  static func startsHump(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
    let c = s[i]
    guard Analyzer.isAlphanumeric(c) else { return false }
    if i == 0 { return true }
    let p = s[i - 1]
    if !Analyzer.isAlphanumeric(p) { return true }
    if Analyzer.isUpper(c) {
      if Analyzer.isLowerOrOther(p) || Analyzer.isDigit(p) { return true }
      if Analyzer.isUpper(p) && i + 1 < s.count && (s[i + 1] &- 0x61) < 26 { return true }
      return false
    }
    return Analyzer.isDigit(c) != Analyzer.isDigit(p)
  }

  /// A bit per character class: `a`–`z` are bits 0–25, digits 26–35, `_` 36, other ASCII 37–62 by value,
  /// non-ASCII bytes 63.
  @inline(__always) static func characterBit(_ c: UInt8) -> UInt64 {
    if (c &- 0x61) < 26 { return 1 << UInt64(c - 0x61) }
    if (c &- 0x30) < 10 { return 1 << UInt64(26 + c - 0x30) }
    if c == UInt8(ascii: "_") { return 1 << 36 }
    if c >= 0x80 { return 1 << 63 }
    return 1 << UInt64(37 + c % 26)
  }

  /// 0 for types, 1 for functions, 2 for everything else.
  static func kindRank(_ kind: String) -> UInt8 {
    switch kind.lowercased() {
    case "class", "struct", "enum", "protocol", "interface", "type", "typealias", "actor", "trait", "extension":
      return 0
    case "func", "function", "method", "init", "constructor", "subscript", "macro":
      return 1
    default:
      return 2
    }
  }
}
