import Basics
import GGUF
import Testing

@Suite struct GGUFRoundTripTests {
  /// One value of every metadata type, including nested arrays and an empty array.
  static let sampleMetadata: [(String, GGUFValue)] = [
    ("general.architecture", .string("llama")),
    ("u8", .uint8(200)), ("i8", .int8(-100)), ("u16", .uint16(60_000)), ("i16", .int16(-30_000)),
    ("u32", .uint32(4_000_000_000)), ("i32", .int32(-2_000_000_000)),
    ("u64", .uint64(UInt64.max)), ("i64", .int64(Int64.min)),
    ("f32", .float32(1.5)), ("f64", .float64(-2.25)), ("bool", .bool(true)),
    ("unicode", .string("héllo ✓ 世界 🙂")), ("empty", .string("")),
    ("strings", .array(.string(["a", "", "ĠHello", "<|im_start|>"]))),
    ("floats", .array(.float32([0, -1.25, .infinity]))),
    ("ints", .array(.int32([1, -2, 3]))), ("bytes", .array(.uint8([1, 2, 255]))),
    ("bools", .array(.bool([true, false]))), ("i16s", .array(.int16([-1, 2]))), ("u16s", .array(.uint16([7]))),
    ("u64s", .array(.uint64([1, UInt64.max]))), ("i64s", .array(.int64([-5]))), ("f64s", .array(.float64([0.5]))),
    ("i8s", .array(.int8([-128, 127]))), ("u32s", .array(.uint32([9, 10]))),
    ("nested", .array(.array([.int32([1, 2]), .string(["x"]), .array([.bool([true])])]))),
    ("emptyArray", .array(.float32([]))),
  ]

  static func sampleWriter(alignment: UInt32? = nil) throws -> GGUFWriter {
    var writer = GGUFWriter()
    for (key, value) in sampleMetadata { writer.setValue(value, forKey: key) }
    if let alignment { writer.setValue(.uint32(alignment), forKey: "general.alignment") }
    try writer.addTensor(name: "a.f32", shape: [3, 2], type: .f32, bytes: (0..<24).map { UInt8($0) })
    try writer.addTensor(name: "b.q8_0", shape: [64], type: .q8_0, bytes: (0..<68).map { UInt8($0 % 251) })
    try writer.addTensor(name: "c.q4_K", shape: [256, 2], type: .q4_K, bytes: (0..<288).map { UInt8($0 % 7) })
    try writer.addTensor(name: "d.scalar", shape: [], type: .f16, bytes: [1, 2])
    try writer.addTensor(name: "e.bf16", shape: [5, 1, 1, 1], type: .bf16, bytes: Array(repeating: 9, count: 10))
    return writer
  }

  @Test(arguments: [nil, 1, 8, 32, 64, 4096] as [UInt32?])
  func writerOutputReadsBackUnchanged(alignment: UInt32?) throws {
    let writer = try Self.sampleWriter(alignment: alignment)
    let file = try GGUFFile(bytes: try writer.serialized())
    #expect(file.version == 3)
    #expect(file.alignment == Int(alignment ?? 32))
    #expect(file.dataOffset % file.alignment == 0)
    #expect(file.metadataKeys == writer.metadata.map(\.key))
    for (key, value) in writer.metadata {
      #expect(file.metadata[key] == value, "\(key)")
    }
    #expect(file.tensorNames == writer.tensors.map(\.name))
    for expected in writer.tensors {
      let tensor = try file.tensor(named: expected.name)
      #expect(tensor.shape == expected.shape)
      #expect(tensor.type == expected.type)
      #expect(Array(tensor.bytes) == expected.bytes)
      #expect(tensor.info.offset % file.alignment == 0)
    }
  }

  @Test func versionTwoReadsTheSameAsVersionThree() throws {
    var bytes = try Self.sampleWriter().serialized()
    bytes[4] = 2  // version 2 differs from 3 only in what it promises about byte order
    let file = try GGUFFile(bytes: bytes)
    #expect(file.version == 2)
    #expect(file.metadata["nested"] == Self.sampleMetadata.first { $0.0 == "nested" }?.1)
    #expect(Array(try file.tensor(named: "a.f32").bytes) == (0..<24).map { UInt8($0) })
  }

  @Test func typedAccessorsConvertBetweenIntegerWidths() throws {
    let file = try GGUFFile(bytes: try Self.sampleWriter().serialized())
    #expect(file.metadata["u32"]?.uint64 == 4_000_000_000)
    #expect(file.metadata["u8"]?.int == 200)
    #expect(file.metadata["i8"]?.uint64 == nil)  // negative
    #expect(file.metadata["u64"]?.int64 == nil)  // does not fit
    #expect(file.metadata["f32"]?.float == 1.5)
    #expect(file.metadata["strings"]?.stringArray == ["a", "", "ĠHello", "<|im_start|>"])
    #expect(file.metadata["ints"]?.int32Array == [1, -2, 3])
    #expect(file.metadata["bytes"]?.int32Array == [1, 2, 255])
    #expect(file.metadata["floats"]?.floatArray?.count == 3)
    #expect(try file.architecture() == "llama")
    #expect(try file.int(forKey: "u16") == 60_000)
    #expect(throws: GGUFError.missingKey("nope")) { try file.int(forKey: "nope") }
    #expect(throws: GGUFError.typeMismatch(key: "unicode", expected: "an integer")) {
      try file.int(forKey: "unicode")
    }
  }

  @Test func writerRejectsWrongSizesAndDuplicates() throws {
    var writer = GGUFWriter()
    #expect(throws: GGUFError.self) { try writer.addTensor(name: "x", shape: [33], type: .q4_0, bytes: []) }
    #expect(throws: GGUFError.self) { try writer.addTensor(name: "x", shape: [32], type: .q4_0, bytes: [0]) }
    try writer.addTensor(name: "x", shape: [32], type: .q4_0, bytes: Array(repeating: 0, count: 18))
    #expect(throws: GGUFError.duplicateTensor("x")) {
      try writer.addTensor(name: "x", shape: [1], type: .f32, bytes: [0, 0, 0, 0])
    }
    #expect(throws: GGUFError.unknownTensorType(name: "y", type: 99)) {
      try writer.addTensor(name: "y", shape: [1], type: GGMLType(rawValue: 99), bytes: [0])
    }
  }

  /// Block sizes from ggml's block structs; these are the sizes llama.cpp asserts.
  @Test func blockLayoutsMatchGGML() {
    let expected: [(GGMLType, Int, Int)] = [
      (.f32, 1, 4), (.f16, 1, 2), (.bf16, 1, 2), (.q4_0, 32, 18), (.q4_1, 32, 20), (.q5_0, 32, 22),
      (.q5_1, 32, 24), (.q8_0, 32, 34), (.q8_1, 32, 36), (.q2_K, 256, 84), (.q3_K, 256, 110), (.q4_K, 256, 144),
      (.q5_K, 256, 176), (.q6_K, 256, 210), (.q8_K, 256, 292), (.iq4_NL, 32, 18), (.iq4_XS, 256, 136),
      (.i8, 1, 1), (.i32, 1, 4), (.f64, 1, 8), (.mxfp4, 32, 17),
    ]
    for (type, values, bytes) in expected {
      #expect(type.blockLayout?.valuesPerBlock == values, "\(type)")
      #expect(type.blockLayout?.bytesPerBlock == bytes, "\(type)")
    }
    #expect(GGMLType(rawValue: 4).blockLayout == nil)  // Q4_2, removed from ggml
  }
}
