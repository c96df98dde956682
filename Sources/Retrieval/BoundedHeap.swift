/// Keeps the best `capacity` elements seen, for top-k selection in O(*n* log *k*).
///
/// A binary min-heap on "goodness": the root is the worst element kept, so a candidate that is not better than
/// the root is rejected with one comparison.
struct BoundedHeap<Element> {
  private(set) var elements: [Element] = []
  let capacity: Int
  /// `isBetter(a, b)`: whether `a` ranks before `b`. Must be a strict total order for deterministic output.
  let isBetter: (Element, Element) -> Bool

  init(capacity: Int, isBetter: @escaping (Element, Element) -> Bool) {
    self.capacity = max(capacity, 0)
    self.isBetter = isBetter
    elements.reserveCapacity(min(self.capacity, 1 << 16))
  }

  /// The worst element kept, when the heap is full; candidates must beat it.
  var threshold: Element? { elements.count == capacity ? elements.first : nil }

  mutating func insert(_ element: Element) {
    guard capacity > 0 else { return }
    if elements.count < capacity {
      elements.append(element)
      siftUp(elements.count - 1)
    } else if isBetter(element, elements[0]) {
      elements[0] = element
      siftDown(0)
    }
  }

  /// The kept elements, best first.
  func sorted() -> [Element] { elements.sorted(by: isBetter) }

  private mutating func siftUp(_ index: Int) {
    var child = index
    while child > 0 {
      let parent = (child - 1) / 2
      guard isBetter(elements[parent], elements[child]) else { return }
      elements.swapAt(parent, child)
      child = parent
    }
  }

  private mutating func siftDown(_ index: Int) {
    var parent = index
    let count = elements.count
    while true {
      let left = 2 * parent + 1
      guard left < count else { return }
      var worst = left
      let right = left + 1
      if right < count && isBetter(elements[left], elements[right]) { worst = right }
      guard isBetter(elements[parent], elements[worst]) else { return }
      elements.swapAt(parent, worst)
      parent = worst
    }
  }
}
