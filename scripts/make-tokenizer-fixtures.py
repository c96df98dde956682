#!/usr/bin/env python3
"""Writes the tokenizer fixtures of Tests/TokenizationTests/Fixtures: token ids from llama.cpp (through
llama-cpp-python) for 500+ strings, so Docent's tokenizers are checked against the reference implementation.

  tokenizer-strings.json      the strings (code, Unicode, whitespace runs, numbers, contractions, special tokens)
  tokenizer-<name>.json       per vocabulary: {"model", "pre", "ids": [...per string...],
                              "idsWithoutSpecialParsing": {index: [...]} for strings that contain '<'}

Vocabularies: SmolLM2 (pre-tokenizer smollm), Gemma 3 (SentencePiece-style), and the SmolLM2 vocabulary with
tokenizer.ggml.pre rewritten to qwen2 and llama-bpe (GGUF files written here with the gguf package's writer into a
temporary directory, not committed; the Swift test builds the same files with Docent's writer). SmolLM2 has no
multi-digit tokens, so the variants also get EXTRA_TOKENS and EXTRA_MERGES appended: without them qwen2's single
digits and llama-bpe's groups of three would give the same ids, and a token that no merge reaches ("ĠxyzzyQ")
shows llama-bpe's ignore_merges.

Run:  /work/venv/bin/python scripts/make-tokenizer-fixtures.py   (needs llama_cpp, gguf; models in $DOCENT_MODELS)
"""
import json
import os
import sys
import tempfile

import gguf
import llama_cpp

MODELS = os.environ.get("DOCENT_MODELS", os.path.expanduser("~/.cache/docent/models"))
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "TokenizationTests", "Fixtures")
SMOLLM = os.path.join(MODELS, "SmolLM2-135M-Instruct.Q4_1.gguf")
GEMMA = os.path.join(MODELS, "gemma-3-270m-q4_k_m.gguf")


# Appended to the SmolLM2 vocabulary in the qwen2 and llama-bpe variants (the Swift test appends the same).
EXTRA_TOKENS = ["12", "123", "00", "000", "99", "999", "34", "345", "\u0120xyzzyQ"]
EXTRA_MERGES = ["1 2", "12 3", "0 0", "00 0", "9 9", "99 9", "3 4", "34 5"]


def strings():
    s = []
    # --- code in many languages
    s += [
        "func greet(name: String) -> String {\n    return \"Hello, \\(name)!\"\n}\n",
        "import Foundation\n\nstruct Point: Hashable { var x, y: Double }\n",
        "let xs = [1, 2, 3].map { $0 * 2 }.filter { $0 > 2 }",
        "guard let value = dict[\"key\"] else { fatalError(\"missing\") }",
        "@MainActor final class ViewModel: ObservableObject {\n\t@Published var items: [Item] = []\n}",
        "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n",
        "class Foo(Bar):\n    \"\"\"Docstring.\"\"\"\n\n    def __init__(self, *args, **kwargs):\n        super().__init__(*args, **kwargs)\n",
        "print(f\"{x!r:>10} {y:.3f}\")  # formatted",
        "lambda x: x**2 if x >= 0 else -x",
        "from typing import Optional, List\n\nasync def main() -> None:\n    await asyncio.sleep(0.1)",
        "const add = (a, b) => a + b;\nconsole.log(add(2, 3));",
        "function* gen() { yield* [1, 2, 3]; }",
        "export default { name: 'app', data() { return { count: 0 } } }",
        "interface User { id: number; name?: string; readonly tags: string[] }",
        "type Maybe<T> = T | null | undefined;",
        "fn main() {\n    let v: Vec<i32> = (0..10).collect();\n    println!(\"{:?}\", v);\n}\n",
        "impl<'a, T: Clone + Send> Iterator for Iter<'a, T> { type Item = &'a T; }",
        "match x { Some(ref y) if *y > 0 => y, _ => &0 }",
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n",
        "if err != nil {\n\t\treturn nil, fmt.Errorf(\"wrap: %w\", err)\n\t}",
        "#include <stdio.h>\n\nint main(int argc, char **argv) {\n  printf(\"%d\\n\", argc);\n  return 0;\n}\n",
        "template <typename T>\nstd::vector<T> f(const std::vector<T>& v) noexcept { return v; }",
        "std::unique_ptr<Node> p = std::make_unique<Node>(42);",
        "#define MAX(a,b) ((a)>(b)?(a):(b))",
        "public static void main(String[] args) { System.out.println(\"Hello\"); }",
        "@Override\npublic int hashCode() { return Objects.hash(id, name); }",
        "fun main() = runBlocking { launch { delay(1000L) } }",
        "data class User(val name: String, val age: Int = 0)",
        "def hello\n  puts \"Hello, #{name}!\"\nend",
        "[1, 2, 3].each_with_index { |x, i| p [x, i] }",
        "<?php echo htmlspecialchars($_GET['q'] ?? ''); ?>",
        "main :: IO ()\nmain = mapM_ print [x * x | x <- [1..10], odd x]",
        "(defun square (x) (* x x))",
        "(let [xs (range 10)] (reduce + (map inc xs)))",
        "SELECT id, name FROM users WHERE age >= 18 ORDER BY name DESC LIMIT 10;",
        "INSERT INTO t (a, b) VALUES (1, 'two'), (3, 'four');",
        "#!/bin/bash\nset -euo pipefail\nfor f in *.txt; do echo \"$f\"; done\n",
        "ls -la | grep '^d' | awk '{print $9}' > dirs.txt 2>&1",
        "<!DOCTYPE html>\n<html lang=\"en\">\n  <body>\n    <div class=\"x\">Hi &amp; bye</div>\n  </body>\n</html>",
        ".container > .item:nth-child(2n+1) { margin: 0 auto; color: #ff00aa; }",
        "{\"name\": \"docent\", \"version\": \"1.0.0\", \"deps\": [], \"ok\": true, \"n\": null}",
        "key: value\nlist:\n  - one\n  - two\nnested:\n  a: 1\n",
        "# Title\n\nSome *emphasis* and **strong** text, `code`, and a [link](http://x.y).\n\n- item\n- item\n",
        "\\begin{equation} E = mc^2 \\end{equation}",
        "local t = {1, 2, 3}\nfor i, v in ipairs(t) do print(i, v) end",
        "my @arr = map { $_ * 2 } grep { $_ % 2 } @list;",
        "df <- data.frame(x = 1:10, y = rnorm(10))",
        "object Main extends App { val xs = List(1, 2, 3).map(_ + 1) }",
        "defmodule M do\n  def f(x), do: x |> Enum.map(&(&1 * 2))\nend",
        "const std = @import(\"std\");\npub fn main() !void {}",
        "void main() { final list = <int>[1, 2]; print(list); }",
        "mov eax, [ebp+8]\nadd eax, 1\nret",
        "x += 1; y -= 2; z *= 3; w /= 4; v %= 5; u <<= 1; t >>= 2; s &&= true;",
        "a != b && c == d || e <= f && g >= h",
        "i++; --j; k->next = NULL; m::n::o(); p ?: q; r ?? s; t?.u",
        "/* block comment */ // line comment\n/// doc comment\n/** javadoc */",
        "    \n\t\n        indented after blank lines",
        "if (x) {\n\n\n    return;\n}",
        "\t\tdeeply\n\t\t\tnested\n\t\t\t\ttabs",
    ]
    # --- Unicode
    s += [
        "Hello, world!", "héllo wörld", "café naïve résumé coöperate", "Ærøskøbing Straße ŁÓDŹ",
        "e\u0301 combining acute", "n\u0303o\u0308", "中文字符测试", "日本語のテキストです。", "한국어 텍스트",
        "混合 mixed 文本 text", "Привет, мир!", "Γειά σου Κόσμε", "مرحبا بالعالم", "שלום עולם",
        "नमस्ते दुनिया", "สวัสดีชาวโลก", "Tiếng Việt có dấu", "ქართული", "Հայերեն", "ᚠᚢᚦᚨᚱᚲ",
        "🙂", "😀😃😄", "👨‍👩‍👧‍👦 family", "🇫🇷🇯🇵", "👍🏽 thumbs", "🤖 robot says hi",
        "∀x ∈ ℝ: x² ≥ 0", "∑_{i=1}^{n} i = n(n+1)/2", "→ ← ↑ ↓ ⇒ ⇔", "≠ ≤ ≥ ± × ÷ √ ∞",
        "“quotes” ‘single’ «guillemets» „low“", "— en – dash … ellipsis", "© ® ™ § ¶ † ‡",
        "zero\u200bwidth\u200cjoin\u200dhere", "non\u00a0breaking\u00a0space", "ideographic\u3000space",
        "line\u2028separator", "para\u2029separator", "soft\u00adhyphen", "tab\u0009and\u000bvtab\u000cff",
        "private \ue000 use", "replacement \ufffd char", "bom\ufeffinside", "ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
        "ﬁ ligature ﬂ", "Ⅻ roman", "½ ¼ ¾", "x² y³ z¹", "①②③", "٣٤٥ arabic digits", "१२३ devanagari digits",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙", "𐍈 gothic", "𠜎𠜱𠝹 cjk ext b", "ʻokina", "İstanbul ılık", "ǅ titlecase ǈ",
        "a\u0300\u0301\u0302 stacked", "ヶ ー 々 〆", "㈱ ㍿ ㌀", "Ｈｅｌｌｏ　Ｗｏｒｌｄ",
        # assigned after Unicode 15.1 (llama.cpp's tables): a letter and a digit that it treats as unassigned
        "a\u1c89b new letter", "x\U00010d40y new digit 5\U00010d41", "say xyzzyQ\u1c89", "\U00010d40123",
    ]
    # --- whitespace runs
    s += [
        "", " ", "  ", "   ", "    ", "        ", "\t", "\t\t", "\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", "\r",
        " \n", "\n ", " \n ", "\t\n", "\n\t", " \t ", "\t \t", "a b", "a  b", "a   b", "a    b", "a\tb", "a\t\tb",
        "a\nb", "a\n\nb", "a\n\n\nb", "a\r\nb", "a \nb", "a\n b", "a \n b", "a  \n  b", "a\t\n\tb",
        "trailing ", "trailing  ", "trailing\t", "trailing\n", "trailing \n", " leading", "  leading",
        "\tleading", "\nleading", " \t\n mixed \t\n ", "     many     spaces     ", "x" + " " * 40 + "y",
        "\n" * 12, " " * 17, "\t" * 9, "line1\nline2\nline3\n", "line1\r\nline2\r\n", "a \t b \t c",
        "    return x\n", "  - item\n  - item\n", "end.   \n\n   start", "\u3000\u3000indent",
        "\u00a0\u00a0nbsp", " \u00a0 ", "a\u2003b\u2009c", "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n",
    ]
    # --- numbers
    s += [
        "0", "7", "42", "123", "1234", "12345", "123456", "1234567", "12345678901234567890", "3.14159",
        "-273.15", "1,000,000", "1_000_000", "0x1F 0b1010 0o777", "1e-10 6.022e23", "v1.2.3", "2024-01-31",
        "12:34:56", "192.168.0.1", "$1,234.56", "50%", "1/2 + 3/4", "x1 y22 z333", "abc123def456",
        "call 555-0123 now", "room 101", "007", "00000", "3rd 21st 2nd 4th", "1st place", "9999999999",
        " 1", "  12", " 123 456 ", "1 2 3 4 5", "1.2.3.4.5",
    ]
    # --- contractions and apostrophes
    s += [
        "don't", "I'm", "they're", "we've", "you'll", "he'd", "it's", "DON'T", "I'M", "THEY'RE", "We'Ve",
        "You'LL", "'s", "'t", "'re", "'", "''", "'''", "rock 'n' roll", "the dog's bone", "the dogs' bones",
        "O'Brien", "can't won't shouldn't", "y'all'd've", "'hello'", "it''s", "l'homme d'État",
        "’s curly apostrophe", "don’t", "`backtick'", "\"double\"", "she said 'hi' and left",
    ]
    # --- special tokens (SmolLM2 and Gemma 3 spellings, and near misses)
    s += [
        "<|im_start|>", "<|im_end|>", "<|endoftext|>", "<|im_start|>user\nHello!<|im_end|>\n",
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
        "<|im_start|><|im_end|>", "<|im_start|> <|im_end|>", "x<|im_start|>y", "<|im_start", "im_start|>",
        "<|im_start|x", "<|IM_START|>", "<|im_start|><|im_start|>", "text<|endoftext|>more",
        "<repo_name>docent<file_sep>Sources/main.swift\n", "<filename>a.py\n<gh_stars>10\n",
        "<issue_start>bug<issue_comment>fix<issue_closed>", "<jupyter_code>x=1<jupyter_output>1",
        "<start_of_turn>user\nHello<end_of_turn>\n<start_of_turn>model\n", "<start_of_turn>", "<end_of_turn>",
        "<bos>", "<eos>", "<pad>", "<unk>", "<mask>", "<unused0>", "<unused99>", "[multimodal]", "</s>", "<s>",
        "<start_of_turn>user\n<unused5>x<end_of_turn>", "<bos><bos>text", "< |im_start| >", "<<|im_end|>>",
        "<start_of_image>", "<end_of_image>", "<b>bold</b> <i>it</i> <br/>", "<div>\n\n\n</div>", "a\n\n\n\n\nb",
        "<|fim_prefix|>def f():<|fim_suffix|>\n<|fim_middle|>", "<fim_prefix>x<fim_suffix>y<fim_middle>",
    ]
    # --- mixed prose
    s += [
        "The quick brown fox jumps over the lazy dog.",
        "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG!",
        "It's 5 o'clock somewhere; isn't it?",
        "Email me at someone@example.com or visit https://example.org/path?q=1&r=2#frag.",
        "C:\\Users\\name\\file.txt and /usr/local/bin/docent",
        "snake_case camelCase PascalCase kebab-case SCREAMING_SNAKE",
        "getHTTPResponseCode parseJSONString XMLHttpRequest",
        "!!!??? ... ,,, ;;; ::: --- +++ === ~~~ ^^^ ||| &&& ***",
        "((()))[[[]]]{{{}}}<<<>>>",
        "😀 emoji at start and end 😀",
        "Mixed: 中文, English, العربية, and 123!",
        "a" * 50, "ab" * 30, "the " * 20, "€uro £ound ¥en ₹upee ₿itcoin",
        " xyzzyQ", "xyzzyQ plugh xyzzyQ", "a xyzzyQ1234", "1000000 99999 12345 3456",
    ]
    # --- combinations to cover joins between classes
    words = ["hello", "World", "123", "x2", "über", "日本", "🙂", "don't", "<|im_end|>", "<end_of_turn>", "_id",
             "$var", "--flag", "a.b", "\"q\"", "(p)", "#tag", "@user", "é", "ß"]
    seps = [" ", "  ", "\t", "\n", " \n", "\n\n", "", ".", ", ", "'s ", "\r\n", "   \t"]
    for i, w1 in enumerate(words):
        for j, sep in enumerate(seps):
            w2 = words[(i * 7 + j * 3 + 1) % len(words)]
            s.append(w1 + sep + w2)
    # digits runs of every length, with and without leading space
    for n in range(1, 16):
        s.append("".join(str((k * 7 + 3) % 10) for k in range(n)))
        s.append(" " + "".join(str((k * 3 + 1) % 10) for k in range(n)) + "x")
    # whitespace runs of every length before a word and at the end
    for n in range(1, 12):
        s.append(" " * n + "word")
        s.append("word" + " " * n)
        s.append("a" + "\n" * n + "b")
        s.append("\t" * n + "x" + " " * n)
    seen, unique = set(), []
    for x in s:
        if x not in seen:
            seen.add(x)
            unique.append(x)
    return unique


def tokenize(path, texts):
    llm = llama_cpp.Llama(model_path=path, vocab_only=True, verbose=False)
    ids = [llm.tokenize(t.encode("utf-8"), add_bos=True, special=True) for t in texts]
    plain = {str(i): llm.tokenize(t.encode("utf-8"), add_bos=True, special=False)
             for i, t in enumerate(texts) if "<" in t}
    return ids, plain


def variant(path, pre, directory):
    """A copy of `path`'s metadata (no tensors) with tokenizer.ggml.pre set to `pre`."""
    reader = gguf.GGUFReader(path)
    out = os.path.join(directory, f"vocab-{pre}.gguf")
    writer = gguf.GGUFWriter(out, arch=reader.fields["general.architecture"].contents())
    for key, field in reader.fields.items():
        if key.startswith("GGUF.") or key == "general.architecture":
            continue
        value = pre if key == "tokenizer.ggml.pre" else field.contents()
        if key == "tokenizer.ggml.tokens":
            value = value + EXTRA_TOKENS
        elif key == "tokenizer.ggml.token_type":
            value = value + [1] * len(EXTRA_TOKENS)
        elif key == "tokenizer.ggml.merges":
            value = value + EXTRA_MERGES
        types = field.types
        if types[0] == gguf.GGUFValueType.ARRAY:
            writer.add_array(key, value)
        else:
            writer.add_key_value(key, value, types[0])
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    texts = strings()
    with open(os.path.join(OUT, "tokenizer-strings.json"), "w") as f:
        json.dump(texts, f, ensure_ascii=False, indent=0)
        f.write("\n")
    with tempfile.TemporaryDirectory() as tmp:
        vocabularies = [
            ("smollm2", SMOLLM, "gpt2", "smollm"),
            ("gemma3", GEMMA, "llama", "default"),
            ("smollm2-qwen2", variant(SMOLLM, "qwen2", tmp), "gpt2", "qwen2"),
            ("smollm2-llama-bpe", variant(SMOLLM, "llama-bpe", tmp), "gpt2", "llama-bpe"),
        ]
        for name, path, model, pre in vocabularies:
            ids, plain = tokenize(path, texts)
            with open(os.path.join(OUT, f"tokenizer-{name}.json"), "w") as f:
                json.dump({"model": model, "pre": pre, "ids": ids, "idsWithoutSpecialParsing": plain}, f,
                          separators=(",", ":"))
                f.write("\n")
            print(f"{name}: {len(texts)} strings, {sum(map(len, ids))} tokens", file=sys.stderr)


if __name__ == "__main__":
    main()
