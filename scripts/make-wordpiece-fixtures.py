#!/usr/bin/env python3
"""Writes Tests/TokenizationTests/Fixtures/wordpiece-minilm.json: token ids of all-MiniLM-L6-v2's reference
tokenizer for >= 500 strings (code, identifiers, Unicode, accents, emoji, CJK, whitespace runs, long strings),
truncated to 256 tokens as sentence-transformers does for this model.

Usage: HF_HUB_OFFLINE=1 /work/venv/bin/python scripts/make-wordpiece-fixtures.py [MODEL_DIR]
MODEL_DIR defaults to $DOCENT_MODELS/all-MiniLM-L6-v2 ($DOCENT_MODELS defaults to ~/.cache/docent/models).
Uses transformers' AutoTokenizer (the fast tokenizer) when installed, else the `tokenizers` library it wraps.
"""
import json
import os
import random
import sys

MAX_LENGTH = 256
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
models = os.environ.get("DOCENT_MODELS", os.path.expanduser("~/.cache/docent/models"))
model_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(models, "all-MiniLM-L6-v2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

try:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)

    def encode(text):
        return tokenizer(text, truncation=True, max_length=MAX_LENGTH)["input_ids"]

    source = "transformers AutoTokenizer"
except ImportError:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_LENGTH)

    def encode(text):
        return tokenizer.encode(text).ids

    source = "tokenizers Tokenizer (tokenizer.json)"

hand = [
    "", " ", "\t\n", "Hello, world!", "HELLO World", "The quick brown fox jumps over the lazy dog.",
    "café naïve résumé coöperate", "Ångström Ærøskøbing Øresund", "São Paulo, Zürich, Kraków, İstanbul",
    "ΑΒΓ αβγ Σίσυφος ΟΔΥΣΣΕΥΣ", "Привет, мир! Ёлка", "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया",
    "你好，世界！", "日本語のテキストです。カタカナ", "한국어 텍스트", "中文English混合text", "𠀀𠀁 rare CJK ext B",
    "emoji 😀😃😄 🚀 👍🏽 👨‍👩‍👧‍👦 🇫🇷", "math ∑∫√∞ ≤ ≥ ≠ ±", "quotes “curly” ‘single’ «guillemets» „low“",
    "dashes – — ‒ and ellipsis …", "non\u00a0breaking\u2003em space\u200bzero width", "soft\u00adhyphen",
    "control\u0001chars\u0007here\u001b[0m", "nul\u0000byte", "replacement \ufffd char", "bidi \u202eevil\u202c",
    "combining e\u0301 vs \u00e9", "ligature ﬁ ﬂ ﬀ", "fullwidth ＡＢＣ１２３", "roman Ⅻ ⅻ", "superscript x² H₂O",
    "[CLS] literal special [SEP] tokens [UNK] [MASK] [PAD]", "[cls] lowercase specials",
    "a" * 99, "b" * 100, "c" * 101, "x" * 300, "supercalifragilisticexpialidocious" * 4,
    "   leading and trailing   ", "many     spaces      between", "tabs\t\t\tand\nnewlines\n\n\nand\r\nCRLF",
    " " * 200 + "after a long run of spaces", "\n" * 50 + "after newlines", "word" + "\t" * 40 + "tab",
    "URL https://example.com/path?query=1&x=y#frag", "email someone@example.org", "path /usr/local/bin/swift",
    "C:\\Windows\\System32", "version 1.2.3-beta+build.5", "0x1F 0b1010 1e-9 3.14159 1_000_000",
    "$HOME ${VAR} %PATH% @decorator #include <stdio.h>", "a->b a=>b a::b a?.b a!! a?? b ... a..<b",
    "¿Qué? ¡Olé!", "§ ¶ † ‡ • ° © ® ™", "Ⓐ ⓐ ① ㊀", "¼ ½ ¾", "ǅ ǈ ǋ titlecase", "ß straße STRASSE",
    "ﬀ ŉ ǰ ΐ", "İ ı I i", "Ǆ ǆ",
]

identifiers = [
    "camelCaseIdentifier", "PascalCaseType", "snake_case_name", "SCREAMING_SNAKE_CASE", "kebab-case-name",
    "getHTTPResponseCode", "XMLHttpRequest", "parseJSON2YAML", "__init__", "__dunder_method__", "_private",
    "i18n", "l10n", "utf8Offset", "utf16Column", "URLSessionDataTask", "NSManagedObjectContext",
    "std::vector<int>", "HashMap<String, Vec<u8>>", "Optional<[String: Any]>", "func(_:)", "init(from:)",
    "self.layerNorm.weight", "blk.0.attn_q.weight", "encoder.layer.5.output.dense.bias",
    "embeddings.position_embeddings", "tokenEmbedding", "kvHeadCount", "BM25Scorer", "JSONRPCConnection",
]

code = [
    "func score(of document: DocumentID) -> Float {", "let x = try await client.send(request)",
    "def forward(self, x: torch.Tensor) -> torch.Tensor:", "    return F.gelu(self.fc1(x))",
    "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; }", "#define MAX(a, b) ((a) > (b) ? (a) : (b))",
    "SELECT id, name FROM users WHERE age >= 18 ORDER BY name;", "const f = async (x) => { await g(x?.y ?? 0); };",
    "if err != nil { return fmt.Errorf(\"open %s: %w\", path, err) }", "fn main() { println!(\"{:?}\", v); }",
    "<div class=\"container\"><span>text</span></div>", "{\"key\": [1, 2, 3], \"nested\": {\"a\": null}}",
    "x <<= 2; y >>>= 1; z ^= ~w; q %= 7;", "@Test func searchFindsDefinition() async throws {",
    "/// Returns `x · y`; matches `Reference.dot` up to summation order.", "# -*- coding: utf-8 -*-",
    "public static void main(String[] args) throws IOException {", "lambda x: x ** 2 if x else -1",
]


def source_lines():
    """Lines of this repository's Swift, Python and shell sources, in path order."""
    lines = []
    for top in ["Sources", "scripts", "Tests"]:
        for directory, subdirs, files in os.walk(os.path.join(repo, top)):
            subdirs.sort()
            for name in sorted(files):
                if not name.endswith((".swift", ".py", ".sh", ".md")):
                    continue
                try:
                    text = open(os.path.join(directory, name), encoding="utf-8").read()
                except UnicodeDecodeError:
                    continue
                lines.extend(line for line in text.splitlines() if line.strip())
    return lines


rng = random.Random(20261202)
lines = source_lines()
sampled = rng.sample(lines, min(340, len(lines)))
# Multi-line chunks, some long enough to be truncated at 256 tokens.
chunks = []
for _ in range(60):
    start = rng.randrange(max(1, len(lines) - 80))
    chunks.append("\n".join(lines[start:start + rng.choice([5, 20, 40, 80])]))
# Random mixtures of scripts and symbols.
alphabet = ("abcXYZ019 _-.,;:!?()[]{}<>/\\'\"`~@#$%^&*+=|\t\n"
            "éèêëàâäôöûüçñÉÀÇÑ" "αβγδΣΩЖжЯя" "你好世界中文日本語한국어" "😀🚀👍🏽🇫🇷‍" "\u00a0\u2003\u200b\u0301\u0308")
mixtures = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 60))) for _ in range(60)]

texts = hand + identifiers + code + sampled + chunks + mixtures
seen, unique = set(), []
for text in texts:
    if text not in seen:
        seen.add(text)
        unique.append(text)
cases = [{"text": text, "ids": encode(text)} for text in unique]
out_dir = os.path.join(repo, "Tests", "TokenizationTests", "Fixtures")
os.makedirs(out_dir, exist_ok=True)
out = os.path.join(out_dir, "wordpiece-minilm.json")
with open(out, "w", encoding="utf-8") as handle:
    json.dump({"source": source, "maxLength": MAX_LENGTH, "cases": cases}, handle, ensure_ascii=False,
              separators=(",", ":"))
    handle.write("\n")
truncated = sum(1 for c in cases if len(c["ids"]) == MAX_LENGTH)
print(f"{len(cases)} strings ({truncated} truncated) from {source} -> {out}", file=sys.stderr)
