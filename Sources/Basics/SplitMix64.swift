// A tiny seeded random number generator, so sampling and test fixtures are reproducible across platforms.

/// Sebastiano Vigna's SplitMix64 generator: 64 bits of state, one add and three xor-shift-multiplies per value.
///
/// Not cryptographic. The same seed gives the same sequence on every platform, which `SystemRandomNumberGenerator`
/// cannot promise; sampling with a seed and seeded test data rely on that.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  /// The generator's whole state; advanced by the golden-ratio increment on every call.
  public private(set) var state: UInt64

  /// Creates a generator whose sequence is fixed by `seed`.
  public init(seed: UInt64) { state = seed }

  /// Returns the next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Returns a uniformly distributed `Float` in `0..<1` built from the top 24 bits of the next value.
  public mutating func nextUnitFloat() -> Float {
    Float(next() >> 40) * (1.0 / Float(1 << 24))
  }
}
