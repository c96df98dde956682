import SourceScanning
import Testing

@Suite struct JavaKotlinCSharpScannerTests {
  static let cases: [DeclarationCase] = [
    .init(
      language: .java,
      source: """
        package com.example;
        import java.util.*;

        @Service
        public class Repo<T extends Comparable<T>> implements Store {
            private final Map<String, List<Integer>> cache = new HashMap<>();
            private static final String S = "} { // not a comment";

            public Repo(int size) { this.size = size; }

            @Override
            @SuppressWarnings("unchecked")
            public <R> List<R> find(String q) throws IOException {
                char c = '{';
                return null;
            }

            interface Listener { void onEvent(Event e); default void log() {} }
            enum Kind { A, B; int code() { return 1; } }
            record Point(int x, int y) { Point { } }
            abstract void hook();
        }
        @interface Marker { String value() default ""; }
        """,
      expected: [
        "class Repo", "initializer Repo.Repo", "method Repo.find", "interface Repo.Listener",
        "method Repo.Listener.onEvent", "method Repo.Listener.log", "enum Repo.Kind", "method Repo.Kind.code",
        "record Repo.Point", "method Repo.hook", "interface Marker", "method Marker.value",
      ]),
    .init(
      language: .kotlin,
      source: """
        package app

        @JvmInline
        value class Id(val raw: String)

        data class User(val name: String, val tags: Map<String, List<Int>>) {
            fun greet(): String = "Hi ${name.let { "{$it}" }}"
            companion object {
                const val MAX = 3
                fun create() = User("", emptyMap())
            }
        }

        sealed interface Shape { fun area(): Double }
        enum class Color { RED, GREEN }
        object Registry { fun register() {} }
        fun String.shout(): String { return uppercase() }
        suspend fun <T> load(block: () -> T): T = block()
        typealias Handler = (Int) -> Unit
        val raw = \"\"\"
          fun fake() {
        \"\"\"
        """,
      expected: [
        "class Id", "class User", "method User.greet", "object User.Companion", "property User.Companion.MAX",
        "method User.Companion.create", "interface Shape", "method Shape.area", "enum Color", "object Registry",
        "method Registry.register", "method String.shout", "function load", "typeAlias Handler", "constant raw",
      ]),
    .init(
      language: .csharp,
      source: """
        using System;
        namespace App.Core
        {
            /// <summary>A service.</summary>
            [Obsolete("use V2")]
            public sealed class Service : IService
            {
                public Service(int x) { }
                public int Count { get; private set; }
                public string Name => "{";
                public async Task<Dictionary<string, List<int>>> RunAsync(string path = @"C:\\{dir}") { return null; }
                private void Log(string m) => Console.WriteLine($"{m} {{x}}");
            }
            public interface IService { void Run(); }
            public record Person(string Name);
            public record struct Pair(int A, int B);
            public enum Mode { On, Off }
            public delegate void Callback(int code);
        }
        """,
      expected: [
        "namespace App.Core", "class App.Core.Service", "initializer App.Core.Service.Service",
        "property App.Core.Service.Count", "property App.Core.Service.Name", "method App.Core.Service.RunAsync",
        "method App.Core.Service.Log", "interface App.Core.IService", "method App.Core.IService.Run",
        "record App.Core.Person", "struct App.Core.Pair", "enum App.Core.Mode", "typeAlias App.Core.Callback",
      ]),
    .init(
      language: .csharp,
      source: "namespace Flat;\n\npublic class A { void M() {} }\n",
      expected: ["namespace Flat", "class Flat.A", "method Flat.A.M"]),
  ]

  @Test(arguments: cases) func declarationsAreFound(_ testCase: DeclarationCase) { check(testCase) }

  @Test func javadocAndAnnotations() {
    let source = """
      class A {
          /**
           * Finds things.
           */
          @Override
          public void find() {
          }
      }
      """
    checkDetail(source, .java, name: "A.find", lines: 4...6, doc: "Finds things.", docLines: 1...3, signature: "public void find()")
    checkDetail(
      "/// <summary>Hi.</summary>\n[Obsolete]\nclass B {}\n", .csharp, name: "B", lines: 1...2,
      doc: "<summary>Hi.</summary>")
  }
}

@Suite struct CFamilyScannerTests {
  static let cases: [DeclarationCase] = [
    .init(
      language: .c,
      source: """
        #include <stdio.h>
        #define MAX(a, b) ((a) > (b) ? (a) : (b))
        #define BRACE {

        struct point { int x; int y; };
        typedef struct { int w; } size_t2;
        typedef int (*handler)(int);
        int prototype(int a);
        static const char *s = "} /* {";
        enum color { RED, GREEN };

        int main(int argc, char **argv)
        {
            char c = '}';
            return 0;
        }

        struct point *make_point(void) { return 0; }
        """,
      expected: [
        "macro MAX", "macro BRACE", "struct point", "struct size_t2", "typeAlias handler", "enum color", "function main",
        "function make_point",
      ]),
    .init(
      language: .cpp,
      source: """
        namespace geo::detail {
        template <typename T, typename U = std::vector<std::map<int, T>>>
        class Shape : public Base<Shape<T>> {
        public:
            Shape() : a_(0), b_{1} {}
            ~Shape();
            virtual double area() const = 0;
            bool operator==(const Shape& o) const { return true; }
        private:
            int a_;
        };
        }
        void geo::detail::Shape<int>::draw() const { auto s = R"x(})x"; }
        Shape::~Shape() {}
        extern "C" { int c_api(void) { return 1; } }
        namespace { int hidden() { return 0; } }
        using Map = std::map<std::string, std::vector<int>>;
        enum class Mode : int { A, B };
        """,
      expected: [
        "namespace geo.detail", "class geo.detail.Shape", "initializer geo.detail.Shape.Shape",
        "method geo.detail.Shape.~Shape", "method geo.detail.Shape.area", "method geo.detail.Shape.operator==",
        "method geo.detail.Shape.draw", "method Shape.~Shape", "function c_api", "function hidden", "typeAlias Map",
        "enum Mode",
      ]),
    .init(
      language: .objectiveC,
      source: """
        #import <Foundation/Foundation.h>

        @interface Greeter : NSObject <NSCopying> {
            int _count;
        }
        @property (nonatomic, copy) NSString *name;
        - (void)greet;
        + (instancetype)greeterWithName:(NSString *)name age:(int)age;
        @end

        @implementation Greeter
        - (void)greet {
            NSLog(@"Hello } %@", self.name);
        }
        + (instancetype)greeterWithName:(NSString *)name age:(int)age { return nil; }
        @end

        @protocol Runner;
        @protocol Walker <NSObject>
        - (void)walk;
        @end
        """,
      expected: [
        "class Greeter", "property Greeter.name", "method Greeter.greet", "method Greeter.greeterWithName:age:",
        "class Greeter", "method Greeter.greet", "method Greeter.greeterWithName:age:", "protocol Walker",
        "method Walker.walk",
      ]),
  ]

  @Test(arguments: cases) func declarationsAreFound(_ testCase: DeclarationCase) { check(testCase) }

  @Test func cDefinitionRangeAndDocs() {
    checkDetail(
      "/* Adds. */\nint add(int a, int b)\n{\n  return a + b;\n}\n", .c, name: "add", lines: 1...4, doc: "Adds.",
      signature: "int add(int a, int b)")
  }
}

@Suite struct RubyAndShellScannerTests {
  static let cases: [DeclarationCase] = [
    .init(
      language: .ruby,
      source: """
        module Billing
          # An invoice.
          class Invoice < Base
            attr_reader :total

            def initialize(total)
              @total = total
              items.each do |i|
                puts "#{i} end"
              end
              return if total.nil?
              while x do x -= 1 end
            end

            def self.build = new(0)

            def ==(other)
              total == other.total
            end

            private def secret; end

            class << self
              def helper; end
            end
          end
        end
        def top_level
          text = <<~EOS
            def fake
            end
          EOS
          if ready
            go
          end
        end
        class Foo::Bar; end
        """,
      expected: [
        "module Billing", "class Billing.Invoice", "initializer Billing.Invoice.initialize",
        "method Billing.Invoice.build", "method Billing.Invoice.==", "method Billing.Invoice.secret",
        "method Billing.Invoice.helper", "function top_level", "class Foo.Bar",
      ]),
    .init(
      language: .shell,
      source: """
        #!/bin/bash
        # Greets.
        greet() {
          echo "} ${name:-{x}} $(date +%s)" '}'
        }
        function cleanup {
          cat <<EOF
        }
        EOF
        }
        function with_parens() { :; }
        echo done # } not a brace
        """,
      expected: ["function greet", "function cleanup", "function with_parens"]),
  ]

  @Test(arguments: cases) func declarationsAreFound(_ testCase: DeclarationCase) { check(testCase) }

  @Test func rubyRangesAndDocs() {
    let source = "# Says hi.\ndef hi\n  puts 'hi'\nend\n"
    checkDetail(source, .ruby, name: "hi", lines: 1...3, doc: "Says hi.", docLines: 0...0)
    checkDetail("# Greets.\ngreet() {\n  echo hi\n}\n", .shell, name: "greet", lines: 1...3, doc: "Greets.")
  }
}
