import SourceScanning
import Testing

@Suite struct SwiftScannerTests {
  static let cases: [DeclarationCase] = [
    .init(language: .swift, source: "func a() {}\nfunc b() -> Int { 1 }", expected: ["function a", "function b"]),
    .init(
      language: .swift,
      source: """
        struct Outer {
          struct Inner {
            func m() {}
          }
          init() {}
          var x: Int { 1 }
          let y = 2
        }
        """,
      expected: ["struct Outer", "struct Outer.Inner", "method Outer.Inner.m", "initializer Outer.init", "property Outer.x", "property Outer.y"]),
    .init(
      language: .swift,
      source: "let s = \"} { /* \"\nfunc after() {}\nlet r = #\"\\(not) \" }\"#\nfunc last() {}",
      expected: ["constant s", "function after", "constant r", "function last"]),
    .init(
      language: .swift,
      source: "/* outer /* inner */ still comment func hidden() {} */\nfunc visible() {}",
      expected: ["function visible"]),
    .init(
      language: .swift,
      source: "let m = \"\"\"\n  func notReal() {\n  \"\"\"\nfunc real(d: Dictionary<String, Array<Int>>) {}",
      expected: ["constant m", "function real"]),
    .init(
      language: .swift,
      source: "@objc\n@available(iOS 13, *)\npublic final class C: NSObject {\n  @objc dynamic func go() {}\n  class func make() -> C { C() }\n}",
      expected: ["class C", "method C.go", "method C.make"]),
    .init(
      language: .swift,
      source: "extension Array where Element: Equatable {\n  func unique() -> [Element] { [] }\n}\nextension Foo.Bar { func baz() {} }",
      expected: ["extension Array", "method Array.unique", "extension Foo.Bar", "method Foo.Bar.baz"]),
    .init(
      language: .swift,
      source: "protocol P {\n  associatedtype T\n  func req(_ t: T)\n  var v: Int { get }\n}\nactor A { func run() async {} }\nenum E { case a, b\n  func f() {} }\ntypealias Map = [String: Int]",
      expected: ["protocol P", "typeAlias P.T", "method P.req", "property P.v", "actor A", "method A.run", "enum E", "method E.f", "typeAlias Map"]),
    .init(
      language: .swift,
      source: "let greeting = \"Hello \\(name.map { \"}\" + $0 })\"\nfunc f() {}",
      expected: ["constant greeting", "function f"]),
    .init(
      language: .swift,
      source: "struct V { static func == (a: V, b: V) -> Bool { true }\n subscript(i: Int) -> Int { i }\n deinit {} }",
      expected: ["struct V", "method V.==", "method V.subscript", "method V.deinit"]),
  ]

  @Test(arguments: cases) func declarationsAreFound(_ testCase: DeclarationCase) { check(testCase) }

  @Test func docCommentsSignaturesAndLines() {
    let source = """
      import Foundation

      /// Computes the area
      /// of a circle.
      @inlinable
      public func area(radius: Double)
        -> Double {
        .pi * radius * radius
      }
      /**
       * Block docs.
       */
      struct S {}
      """
    checkDetail(
      source, .swift, name: "area", lines: 4...8, doc: "Computes the area\nof a circle.", docLines: 2...3,
      signature: "public func area(radius: Double) -> Double")
    checkDetail(source, .swift, name: "S", lines: 12...12, doc: "Block docs.", docLines: 9...11)
  }

  @Test func commentSeparatedByBlankLineIsNotDocumentation() {
    checkDetail("// License\n\nfunc f() {}", .swift, name: "f", doc: .some(nil))
  }
}
