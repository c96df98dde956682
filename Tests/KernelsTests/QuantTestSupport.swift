import Foundation
import Kernels

/// Deterministic random numbers for kernel tests (SplitMix64), so a failure reproduces.
struct TestRandom {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in [-1, 1).
  mutating func signedUnit() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }
  mutating func floats(_ count: Int, scale: Float = 1) -> [Float] { (0..<count).map { _ in signedUnit() * scale } }
}

/// Byte offsets of the half-precision scale fields of each block type (so random blocks stay finite).
let halfFieldOffsets: [QuantType: [Int]] = [
  .q4_0: [0], .q4_1: [0, 2], .q5_0: [0], .q5_1: [0, 2], .q8_0: [0], .q4_K: [0, 2], .q5_K: [0, 2], .q6_K: [208],
]

/// `blockCount` blocks of `type` with random quants and finite scales; for float types, `blockCount` values.
func randomBlocks(_ type: QuantType, blockCount: Int, random: inout TestRandom) -> [UInt8] {
  switch type {
  case .f32:
    return random.floats(blockCount, scale: 2).withUnsafeBytes { Array($0) }
  case .f16:
    return random.floats(blockCount, scale: 2).map { Float16($0) }.withUnsafeBytes { Array($0) }
  case .bf16:
    return random.floats(blockCount, scale: 2).flatMap { value -> [UInt8] in
      let bits = UInt16(truncatingIfNeeded: value.bitPattern >> 16)
      return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
    }
  default:
    var bytes = (0..<(blockCount * type.bytesPerBlock)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    for b in 0..<blockCount {
      for offset in halfFieldOffsets[type] ?? [] {
        let bits = Float16(random.signedUnit() * 0.05).bitPattern
        bytes[b * type.bytesPerBlock + offset] = UInt8(bits & 0xFF)
        bytes[b * type.bytesPerBlock + offset + 1] = UInt8(bits >> 8)
      }
    }
    return bytes
  }
}

/// Values per "block" for sizing tests: a real block for the quants, one value for the float types.
func valueCount(_ type: QuantType, blocks: Int) -> Int { blocks * type.valuesPerBlock }

/// The fixture pair written by scripts/make-quant-fixtures.py for `type`: raw blocks and what the `gguf` package
/// decodes them to.
func fixture(_ type: QuantType) throws -> (blocks: [UInt8], values: [Float]) {
  guard let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
    throw FixtureMissing(name: "Fixtures")
  }
  let blocks = try Data(contentsOf: directory.appendingPathComponent("\(type).blocks"))
  let floatData = try Data(contentsOf: directory.appendingPathComponent("\(type).f32"))
  let values = floatData.withUnsafeBytes { raw in
    (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
  }
  return (Array(blocks), values)
}

struct FixtureMissing: Error { var name: String }

/// Largest `|a[i] - b[i]|` divided by the largest `|b[i]|` of the 256-value window around it (so a value that
/// cancels to near zero is judged against its block's scale, not its own).
func worstBlockRelativeError(_ a: [Float], _ b: [Float]) -> Float {
  precondition(a.count == b.count)
  var worst: Float = 0
  let window = 256
  var start = 0
  while start < a.count {
    let end = min(a.count, start + window)
    var scale: Float = .leastNormalMagnitude
    for i in start..<end { scale = max(scale, abs(b[i])) }
    for i in start..<end { worst = max(worst, abs(a[i] - b[i]) / scale) }
    start = end
  }
  return worst
}
