// The pre-tokenizer regular expressions as hand-written scanners. Each one follows its expression's alternatives
// in order at every position, as a backtracking regex engine would, including the two-step `\s+(?!\S)` rule: a
// whitespace run followed by a non-space gives its last whitespace to the next word.

/// Splits scalars into words for ``PreTokenizer``; accumulates word ranges in ``words``.
struct WordSplitter {
  let scalars: [Unicode.Scalar]
  let classes: [CharacterClass]
  /// The words found so far, as scalar index ranges.
  private(set) var words: [Range<Int>] = []

  init(scalars: [Unicode.Scalar], classes: [CharacterClass]) {
    self.scalars = scalars
    self.classes = classes
  }

  /// Pieces where each `\p{N}` scalar stands alone and the runs between them stay whole (SmolLM's first split).
  static func isolatingNumbers(_ classes: [CharacterClass]) -> [Range<Int>] {
    var pieces: [Range<Int>] = []
    var start = 0
    for (i, c) in classes.enumerated() where c.isNumber {
      if i > start { pieces.append(start..<i) }
      pieces.append(i..<i + 1)
      start = i + 1
    }
    if start < classes.count { pieces.append(start..<classes.count) }
    return pieces
  }

  // MARK: Piece-local access: positions outside the piece read as "no scalar", like the end of the text.

  private func scalar(_ i: Int, _ piece: Range<Int>) -> UInt32? { piece.contains(i) ? scalars[i].value : nil }
  private func isLetter(_ i: Int, _ piece: Range<Int>) -> Bool { piece.contains(i) && classes[i].isLetter }
  private func isNumber(_ i: Int, _ piece: Range<Int>) -> Bool { piece.contains(i) && classes[i].isNumber }
  private func isWhitespace(_ i: Int, _ piece: Range<Int>) -> Bool { piece.contains(i) && classes[i].isWhitespace }
  /// `[^\s\p{L}\p{N}]`: any scalar inside the piece that is none of the three.
  private func isOther(_ i: Int, _ piece: Range<Int>) -> Bool {
    piece.contains(i) && !classes[i].isWhitespace && !classes[i].isLetter && !classes[i].isNumber
  }

  private static let apostrophe: UInt32 = 0x27, space: UInt32 = 0x20, cr: UInt32 = 0x0D, lf: UInt32 = 0x0A

  /// The length of a contraction (`'s`, `'t`, `'m`, `'d`, `'re`, `'ve`, `'ll`) starting at `i`, or 0.
  private func contractionLength(at i: Int, _ piece: Range<Int>, caseInsensitive: Bool) -> Int {
    guard scalar(i, piece) == Self.apostrophe, let next = scalar(i + 1, piece) else { return 0 }
    func lower(_ c: UInt32) -> UInt32 { caseInsensitive && (0x41...0x5A).contains(c) ? c + 0x20 : c }
    let n1 = lower(next)
    if [0x73, 0x74, 0x6D, 0x64].contains(n1) { return 2 }  // s t m d
    guard let nextNext = scalar(i + 2, piece) else { return 0 }
    let n2 = lower(nextNext)
    if (n1 == 0x72 && n2 == 0x65) || (n1 == 0x76 && n2 == 0x65) || (n1 == 0x6C && n2 == 0x6C) { return 3 }  // re ve ll
    return 0
  }

  private mutating func emit(_ range: Range<Int>) {
    if !range.isEmpty { words.append(range) }
  }

  /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)`, plus a lone scalar when
  /// nothing matches (a single whitespace before a word, which the expression itself would drop).
  mutating func splitGPT2(_ piece: Range<Int>) {
    var pos = piece.lowerBound
    while pos < piece.upperBound {
      let start = pos
      let contraction = contractionLength(at: pos, piece, caseInsensitive: false)
      if contraction > 0 {
        pos += contraction
        emit(start..<pos)
        continue
      }
      let optionalSpace = scalar(pos, piece) == Self.space ? 1 : 0
      let body = pos + optionalSpace
      if isLetter(body, piece) {
        pos = body
        while isLetter(pos, piece) { pos += 1 }
        emit(start..<pos)
        continue
      }
      if isNumber(body, piece) {
        pos = body
        while isNumber(pos, piece) { pos += 1 }
        emit(start..<pos)
        continue
      }
      if isOther(body, piece) {
        pos = body
        while isOther(pos, piece) { pos += 1 }
        emit(start..<pos)
        continue
      }
      var whitespaceCount = 0
      while isWhitespace(pos + whitespaceCount, piece) { whitespaceCount += 1 }
      if whitespaceCount > 1 && scalar(pos + whitespaceCount, piece) != nil {
        pos += whitespaceCount - 1  // \s+(?!\S): leave the last whitespace to the next word
      } else if whitespaceCount > 0 {
        pos += whitespaceCount
      } else {
        pos += 1
      }
      emit(start..<pos)
    }
  }

  /// Llama 3 / Qwen2: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,max}|
  /// ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`.
  mutating func splitLlama3(_ piece: Range<Int>, maximumDigits: Int) {
    var pos = piece.lowerBound
    while pos < piece.upperBound {
      let start = pos
      let c = scalars[pos]
      let contraction = contractionLength(at: pos, piece, caseInsensitive: true)
      if contraction > 0 {
        pos += contraction
        emit(start..<pos)
        continue
      }
      // [^\r\n\p{L}\p{N}]?\p{L}+
      if c.value != Self.cr && c.value != Self.lf && !classes[pos].isNumber
        && (classes[pos].isLetter || isLetter(pos + 1, piece))
      {
        pos += 1
        while isLetter(pos, piece) { pos += 1 }
        emit(start..<pos)
        continue
      }
      // \p{N}{1,max}: a run of digits in groups of at most `maximumDigits`
      if classes[pos].isNumber {
        var groupStart = pos
        while isNumber(pos, piece) {
          pos += 1
          if pos - groupStart >= maximumDigits {
            emit(groupStart..<pos)
            groupStart = pos
          }
        }
        emit(groupStart..<pos)
        continue
      }
      // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
      let optionalSpace = c.value == Self.space ? 1 : 0
      if isOther(pos + optionalSpace, piece) || (optionalSpace == 1 && scalar(pos + 1, piece) == nil) {
        // (A space at the very end of the piece matches alone here, as in the reference scanner.)
        pos += optionalSpace
        while isOther(pos, piece) { pos += 1 }
        while let next = scalar(pos, piece), next == Self.cr || next == Self.lf { pos += 1 }
        emit(start..<pos)
        continue
      }
      var whitespaceCount = 0
      var endOfLastLineBreak = 0
      while isWhitespace(pos + whitespaceCount, piece) {
        let w = scalars[pos + whitespaceCount].value
        if w == Self.cr || w == Self.lf { endOfLastLineBreak = pos + whitespaceCount + 1 }
        whitespaceCount += 1
      }
      if endOfLastLineBreak > 0 {
        pos = endOfLastLineBreak  // \s*[\r\n]+
      } else if whitespaceCount > 1 && scalar(pos + whitespaceCount, piece) != nil {
        pos += whitespaceCount - 1  // \s+(?!\S)
      } else if whitespaceCount > 0 {
        pos += whitespaceCount  // \s+
      } else {
        pos += 1
      }
      emit(start..<pos)
    }
  }
}
