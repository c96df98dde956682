#!/usr/bin/env python3
"""Writes Tests/InferenceTests/Fixtures/minilm-embeddings.json: sentence-transformers embeddings of
all-MiniLM-L6-v2 (mean pooling, L2-normalised, max_seq_length 256) for >= 50 texts, code and prose, from a few
tokens to past the 256-token limit. Vectors are stored with 7 significant digits.

Usage: HF_HUB_OFFLINE=1 python scripts/make-embedding-fixtures.py [MODEL_DIR]
(in a venv with sentence-transformers and torch; MODEL_DIR defaults to $DOCENT_MODELS/all-MiniLM-L6-v2).
"""
import json
import os
import random
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
from sentence_transformers import SentenceTransformer  # noqa: E402

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
models = os.environ.get("DOCENT_MODELS", os.path.expanduser("~/.cache/docent/models"))
model_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(models, "all-MiniLM-L6-v2")

prose = [
    "How do I read a file line by line?",
    "The index is rebuilt incrementally when a file changes on disk.",
    "A language server answers completion, hover and search requests over JSON-RPC.",
    "Retry the request with exponential backoff when the server is overloaded.",
    "Semantic search ranks code chunks by the cosine similarity of their embeddings.",
    "parse command line arguments",
    "thread safe logging handler",
    "binary search in a sorted array",
    "What does this function return when the list is empty?",
    "Le café est délicieux ce matin à Zürich.",
    "日本語の文章も埋め込みます。",
    "Emoji in text 🚀 should not break the tokenizer 👍",
    "x",
    "",
    "The quick brown fox jumps over the lazy dog. " * 3,
    "BM25 scores documents by term frequency, inverse document frequency and length normalisation; "
    "reciprocal rank fusion combines it with dense retrieval by summing 1 / (k + rank) over the rankers.",
    "Memory-mapped weights are used in place: the model loads in milliseconds and its pages are shared "
    "between processes that map the same file.",
    "unicode normalization NFD accent stripping",
    "secret redaction of api keys before a chunk leaves the machine",
    "A very long paragraph about software architecture. " * 40,
]


def source_chunks(count, rng):
    files = []
    for top in ["Sources", "scripts"]:
        for directory, subdirs, names in os.walk(os.path.join(repo, top)):
            subdirs.sort()
            for name in sorted(names):
                if name.endswith((".swift", ".py", ".sh")):
                    files.append(os.path.join(directory, name))
    chunks = []
    for path in rng.sample(files, min(count, len(files))):
        lines = open(path, encoding="utf-8").read().splitlines()
        length = rng.choice([3, 10, 25, 40, 60])
        start = rng.randrange(max(1, len(lines) - length))
        chunk = "\n".join(lines[start:start + length]).strip()
        if chunk:
            chunks.append(chunk)
    return chunks


rng = random.Random(20261202)
code = [
    "func score(of document: DocumentID) -> Float",
    "let x = try await client.send(request)",
    "def forward(self, x):\n    return self.dropout(F.gelu(self.fc1(x)))",
    "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; }",
    "SELECT id, name FROM users WHERE age >= 18 ORDER BY name;",
] + source_chunks(40, rng)
texts = prose + code

model = SentenceTransformer(model_dir, device="cpu")
assert model.max_seq_length == 256, model.max_seq_length
embeddings = model.encode(texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
token_counts = [len(ids) for ids in model.tokenizer(texts, truncation=True, max_length=256)["input_ids"]]
cases = [
    {"text": text, "tokenCount": n, "embedding": [float(f"{v:.7g}") for v in vector]}
    for text, n, vector in zip(texts, token_counts, embeddings.tolist())
]
out_dir = os.path.join(repo, "Tests", "InferenceTests", "Fixtures")
os.makedirs(out_dir, exist_ok=True)
out = os.path.join(out_dir, "minilm-embeddings.json")
with open(out, "w", encoding="utf-8") as handle:
    json.dump({"model": "all-MiniLM-L6-v2", "maxSequenceLength": 256, "cases": cases}, handle, ensure_ascii=False,
              separators=(",", ":"))
    handle.write("\n")
print(f"{len(cases)} texts (token counts {min(token_counts)}..{max(token_counts)}) -> {out}", file=sys.stderr)
