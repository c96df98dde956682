import SourceScanning
import Testing

@Suite struct PythonScannerTests {
  static let cases: [DeclarationCase] = [
    .init(
      language: .python,
      source: """
        class Outer:
            \"\"\"Outer docs.\"\"\"
            class Inner:
                def method(self):
                    def helper():
                        pass
                    return helper
            def __init__(self, x: dict[str, list[int]] = {"a": [1]}):
                self.x = x

        async def top(a,
                      b):
            s = f"{a['k']} {{ def fake(): }}"
            return '''
        def alsoFake():
        '''
        def last(): pass
        """,
      expected: [
        "class Outer", "class Outer.Inner", "method Outer.Inner.method", "initializer Outer.__init__", "function top",
        "function last",
      ]),
    .init(
      language: .python,
      source: "@property\n@app.route('/x', methods=[\"GET\"])\ndef handler():\n    return 1\n",
      expected: ["function handler"]),
    .init(
      language: .python,
      source: "x = r'\\'' ; y = \"# not a comment\"\nif True:\n    def cond(): pass\n",
      expected: ["function cond"]),
  ]

  @Test(arguments: cases) func declarationsAreFound(_ testCase: DeclarationCase) { check(testCase) }

  @Test func docstringsDecoratorsAndRanges() {
    let source = """
      import os

      # Comment docs
      # for f.
      @decorator(1)
      def f(a):
          \"\"\"Returns a.

          More lines.
          \"\"\"
          return a

      def g():
          pass
      """
    checkDetail(
      source, .python, name: "f", lines: 4...10, doc: "Returns a.\n\nMore lines.", docLines: 6...9,
      signature: "def f(a):")
    checkDetail("# Above.\ndef g():\n    pass\n", .python, name: "g", lines: 1...2, doc: "Above.", docLines: 0...0)
    checkDetail("class A:\n    def m(self): \"Inline.\"\n", .python, name: "A.m", doc: "Inline.")
  }
}

@Suite struct ScriptScannerTests {
  static let cases: [DeclarationCase] = [
    .init(
      language: .javascript,
      source: """
        import x from 'y';
        const add = (a, b) => a + b;
        export const fetchAll = async (url) => {
          const s = `}${ {a: "{"}.a }`;
          return s;
        };
        const re = /[}{]/g;
        export default function main() {}
        function* gen() { yield 1 }
        const fn = function () {}
        const LIMIT = 10;
        class Widget extends Base {
          static create() { return new Widget(); }
          constructor(props) { super(props); }
          get size() { return 1; }
          #secret() {}
          onClick = (e) => { this.x = "{"; }
          async load() {}
        }
        """,
      expected: [
        "function add", "function fetchAll", "constant re", "function main", "function gen", "function fn", "constant LIMIT",
        "class Widget", "method Widget.create", "initializer Widget.constructor", "method Widget.size",
        "method Widget.#secret", "method Widget.onClick", "method Widget.load",
      ]),
    .init(
      language: .typescript,
      source: """
        @Component({ selector: 'app' })
        export class App<T extends Map<string, Array<number>>> {
          private handle(x: Record<string, () => void>): void {}
        }
        export interface Shape { area(): number; name: string }
        type Id = string | number;
        enum Color { Red, Green }
        namespace Geo { export function dist(): number { return 0 } }
        declare module "lib" { function f(): void; }
        """,
      expected: [
        "class App", "method App.handle", "interface Shape", "method Shape.area", "typeAlias Id", "enum Color",
        "namespace Geo", "function Geo.dist", "namespace lib", "function lib.f",
      ]),
  ]

  @Test(arguments: cases) func declarationsAreFound(_ testCase: DeclarationCase) { check(testCase) }

  @Test func jsDocIsDocumentation() {
    checkDetail(
      "/**\n * Adds numbers.\n * @param a first\n */\nconst add = (a, b) => {\n  return a + b;\n};\n", .javascript,
      name: "add", lines: 4...6, doc: "Adds numbers.\n@param a first", docLines: 0...3)
  }
}

@Suite struct GoScannerTests {
  static let cases: [DeclarationCase] = [
    .init(
      language: .go,
      source: """
        package main

        import "fmt"

        type Server[T any] struct {
        \tname string `json:"}"`
        }

        type Handler interface {
        \tServe(w Writer) error
        \tio.Reader
        }

        type ID = string
        type Count int

        func (s *Server[T]) Start(ctx context.Context) error {
        \tmsg := `raw } { string`
        \treturn nil
        }

        func New() *Server[int] { return &Server[int]{} }

        const Version = "1.0"
        """,
      expected: [
        "struct Server", "interface Handler", "method Handler.Serve", "typeAlias ID", "typeAlias Count",
        "method Server.Start", "function New", "constant Version",
      ])
  ]

  @Test(arguments: cases) func declarationsAreFound(_ testCase: DeclarationCase) { check(testCase) }

  @Test func goDocComments() {
    checkDetail(
      "// Start runs the server.\n// It blocks.\nfunc (s Server) Start() {\n}\n", .go, name: "Server.Start", lines: 2...3,
      doc: "Start runs the server.\nIt blocks.", signature: "func (s Server) Start()")
  }
}

@Suite struct RustScannerTests {
  static let cases: [DeclarationCase] = [
    .init(
      language: .rust,
      source: """
        //! Crate docs.
        use std::collections::HashMap;

        #[derive(Debug, Clone)]
        pub struct Cache<K, V> { map: Vec<HashMap<K, V>> }

        impl<K: Hash, V> Cache<K, V> {
            pub fn new() -> Self { Self { map: Vec::new() } }
            fn get<'a>(&'a self, k: &K) -> Option<&'a V> { let c = '}'; None }
        }

        impl<T> fmt::Display for Wrapper<T> where T: Debug {
            fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { write!(f, "{}", r#"}"#) }
        }

        pub trait Store { fn put(&mut self); fn len(&self) -> usize { 0 } }
        /* outer /* nested */ fn hidden() {} */
        pub(crate) mod inner { pub enum E { A, B } pub const MAX: u32 = 1; }
        macro_rules! square { ($x:expr) => { $x * $x }; }
        type Result<T> = std::result::Result<T, Error>;
        unsafe extern "C" { fn c_call(x: i32) -> i32; }
        """,
      expected: [
        "struct Cache", "extension Cache", "method Cache.new", "method Cache.get", "extension Wrapper",
        "method Wrapper.fmt", "trait Store", "method Store.put", "method Store.len", "module inner", "enum inner.E",
        "constant inner.MAX", "macro square", "typeAlias Result", "function c_call",
      ])
  ]

  @Test(arguments: cases) func declarationsAreFound(_ testCase: DeclarationCase) { check(testCase) }

  @Test func attributesStartTheDeclarationDocsAbove() {
    checkDetail(
      "/// A point.\n#[derive(Debug)]\nstruct P { x: i32 }\n", .rust, name: "P", lines: 1...2, doc: "A point.",
      docLines: 0...0, signature: "struct P")
  }
}
