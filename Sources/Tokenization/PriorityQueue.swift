/// A binary max-heap ordered by a "comes first" predicate; the merge queues of both BPE flavours use it.
struct PriorityQueue<Element> {
  private var elements: [Element] = []
  private let comesFirst: (Element, Element) -> Bool

  /// Creates an empty queue; `comesFirst(a, b)` says `a` must be popped before `b`.
  init(comesFirst: @escaping (Element, Element) -> Bool) { self.comesFirst = comesFirst }

  var isEmpty: Bool { elements.isEmpty }

  mutating func push(_ element: Element) {
    elements.append(element)
    var child = elements.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard comesFirst(elements[child], elements[parent]) else { break }
      elements.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> Element? {
    guard !elements.isEmpty else { return nil }
    elements.swapAt(0, elements.count - 1)
    let top = elements.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1, right = left + 1
      var first = parent
      if left < elements.count && comesFirst(elements[left], elements[first]) { first = left }
      if right < elements.count && comesFirst(elements[right], elements[first]) { first = right }
      if first == parent { break }
      elements.swapAt(parent, first)
      parent = first
    }
    return top
  }
}
