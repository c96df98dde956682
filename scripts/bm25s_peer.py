#!/usr/bin/env python3
"""The BM25 peer for `scripts/bench-index.sh`: index a corpus with bm25s and time it the way
`docent bench index --json` times Docent, printing one JSON object with the same keys.

Usage (from the venv that scripts/bench-index.sh makes):
    python scripts/bm25s_peer.py --corpus DIR --queries FILE [--tokenizer code|default] [--index-dir DIR]

What is measured (wall-clock, `time.perf_counter`, after the imports):
  cold_seconds        read every file + split into chunks + tokenize + `BM25.index` + save the index to disk
                      (Docent's cold figure also ends with a saved index); mb_per_second = bytes / 1e6 / cold.
  warm_seconds        re-open with nothing changed: stat every file against the manifest saved at cold time,
                      then `BM25.load` the index and the tokenizer vocabulary.
  update_milliseconds one file changed (its text with one line appended, in memory; the corpus on disk is
                      never written): bm25s has no incremental update, so this is re-reading and re-tokenizing
                      that file, re-indexing the whole corpus from the cached token ids, and saving. It is
                      the cheapest correct update bm25s offers, not an incremental one.
  query_p50_ms/p99    each query alone (as an editor sends them): tokenize it, `retrieve(k=10)`. One
                      untimed warm-up query first (the numba backend compiles on first use).
  peak_rss_bytes      `resource.getrusage(RUSAGE_SELF).ru_maxrss` at the end (interpreter, numpy/scipy/numba
                      and the index included); `peak_rss_bytes_after_queries` is the same after cold + queries.
  index_bytes         size of the saved index directory (matrix, vocabulary, tokenizer vocabulary).

Chunking: 40-line windows with a 10-line overlap (a window starts every 30 lines; files of at most 40 lines
are one chunk; empty files give none). Docent instead cuts at declarations (functions, types, Markdown
sections) with size limits, so its chunk count differs. Fixed windows are what a plain BM25 setup does, the
windows are of the same order of size as Docent's chunks, and every byte of every file is tokenized at least
once, so the peer does at least the work a fair indexer must do: it is a fair throughput and latency peer,
not a relevance peer.

Tokenizers (--tokenizer):
  code     (default) code-aware, like Docent's analyzer: words are runs of letters, digits, `_`, non-ASCII;
           each gives the whole word lowercased without `_` (`get_user_name` -> `getusername`) and, when it
           has several parts, its camelCase/snake_case/acronym/digit parts; then bm25s's English stop words
           are removed and PyStemmer's English (Snowball) stemmer is applied. The split runs in Python
           (cached per distinct word) as bm25s's `Tokenizer(splitter=...)`.
  default  bm25s's defaults: lowercase, regex `\\b\\w\\w+\\b`, English stop words, no stemmer (faster, but
           `getUserName` stays one token).

Threads: the caller sets OMP_NUM_THREADS / NUMBA_NUM_THREADS (bench-index.sh uses 2, the machine's cores);
tokenizing is single-threaded Python, indexing is numpy/scipy, retrieval uses the numba backend when numba is
installed (`--backend auto`), else numpy.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import sys
import tempfile
import time

import numpy as np

import bm25s
from bm25s.tokenization import Tokenizer

WINDOW_LINES = 40  # lines per chunk
OVERLAP_LINES = 10  # lines shared by consecutive chunks
STRIDE_LINES = WINDOW_LINES - OVERLAP_LINES
TOP_K = 10  # results per query, as docent/search's default page
MAX_TOKEN_CHARS = 64  # like Docent's Analyzer.maximumTokenByteCount: longer tokens are dropped

WORD_RE = re.compile(r"[A-Za-z0-9_\u0080-\U0010FFFF]+")
# Parts of a word: acronym before a capitalized word (HTTPServer -> HTTP), Capitalized or lower-case words
# (non-ASCII letters count as lower case, so `café` stays whole), upper-case runs, digit runs.
PART_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z\u0080-\U0010FFFF]+|[A-Z]+|[0-9]+")


def code_parts(word: str) -> list[str]:
    whole = word.replace("_", "").lower()
    if not whole:
        return []
    if word[0].isdigit():  # a numeric literal stays whole
        return [whole] if len(whole) <= MAX_TOKEN_CHARS else []
    parts = PART_RE.findall(word)
    tokens = [whole] if len(whole) <= MAX_TOKEN_CHARS else []
    if len(parts) > 1:
        tokens.extend(p.lower() for p in parts if len(p) <= MAX_TOKEN_CHARS)
    return tokens


def make_code_splitter():
    cache: dict[str, list[str]] = {}
    findall = WORD_RE.findall

    def split(text: str) -> list[str]:
        out: list[str] = []
        extend = out.extend
        get = cache.get
        for word in findall(text):
            parts = get(word)
            if parts is None:
                parts = cache[word] = code_parts(word)
            extend(parts)
        return out

    return split


def make_tokenizer(kind: str) -> Tokenizer:
    if kind == "code":
        import Stemmer  # PyStemmer

        return Tokenizer(lower=False, splitter=make_code_splitter(), stopwords="english",
                         stemmer=Stemmer.Stemmer("english"))
    return Tokenizer()  # bm25s defaults


def corpus_files(root: str) -> list[str]:
    paths = []
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            paths.append(os.path.join(directory, name))
    return paths


def chunk(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if not lines:
        return []
    chunks = []
    start = 0
    while True:
        chunks.append("".join(lines[start:start + WINDOW_LINES]))
        if start + WINDOW_LINES >= len(lines):
            return chunks
        start += STRIDE_LINES


def read_text(path: str) -> tuple[str, int]:
    with open(path, "rb") as f:
        data = f.read()
    return data.decode("utf-8", errors="replace"), len(data)


def directory_bytes(path: str) -> int:
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def percentile(sorted_values: list[float], q: float) -> float:
    # nearest-rank percentile
    if not sorted_values:
        return float("nan")
    rank = max(1, int(np.ceil(q / 100.0 * len(sorted_values))))
    return sorted_values[rank - 1]


def save(retriever, tokenizer: Tokenizer, index_dir: str, manifest: dict) -> None:
    if os.path.exists(index_dir):
        shutil.rmtree(index_dir)
    retriever.save(index_dir)
    tokenizer.save_vocab(index_dir)
    tokenizer.save_stopwords(index_dir)
    with open(os.path.join(index_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--tokenizer", choices=["code", "default"], default="code")
    parser.add_argument("--backend", default="auto", help="bm25s retrieval backend: auto, numba or numpy")
    parser.add_argument("--index-dir", help="where the index is saved (default: a temporary directory)")
    args = parser.parse_args()

    with open(args.queries, encoding="utf-8") as f:
        queries = [line.strip() for line in f if line.strip()]
    index_dir = args.index_dir or tempfile.mkdtemp(prefix="bm25s-peer-")

    # Cold: read + chunk + tokenize + index + save.
    start = time.perf_counter()
    paths = corpus_files(args.corpus)
    texts: list[str] = []
    owner: list[int] = []  # chunk -> file number
    first_chunk: list[int] = []  # file number -> its first chunk
    total_bytes = 0
    manifest = {}
    for number, path in enumerate(paths):
        text, size = read_text(path)
        total_bytes += size
        st = os.stat(path)
        manifest[path] = [st.st_size, st.st_mtime_ns]
        first_chunk.append(len(texts))
        pieces = chunk(text)
        texts.extend(pieces)
        owner.extend([number] * len(pieces))
    read_end = time.perf_counter()
    tokenizer = make_tokenizer(args.tokenizer)
    tokens = tokenizer.tokenize(texts, update_vocab=True, return_as="ids", show_progress=False)
    tokenize_end = time.perf_counter()
    retriever = bm25s.BM25(backend=args.backend)
    retriever.index((tokens, tokenizer.get_vocab_dict()), show_progress=False)
    index_end = time.perf_counter()
    save(retriever, tokenizer, index_dir, manifest)
    cold = time.perf_counter() - start
    save_seconds = time.perf_counter() - index_end

    # Queries, one at a time, top 10.
    def run_query(r, tok, q):
        ids = tok.tokenize([q], update_vocab=False, return_as="ids", show_progress=False)
        return r.retrieve(ids, k=min(TOP_K, len(texts)), show_progress=False, n_threads=0)

    run_query(retriever, tokenizer, queries[0] if queries else "warm up")  # untimed: numba compiles here
    latencies = []
    for q in queries:
        t0 = time.perf_counter()
        run_query(retriever, tokenizer, q)
        latencies.append((time.perf_counter() - t0) * 1000.0)
    latencies.sort()
    rss_after_queries = rss_bytes()
    del retriever

    # Warm: check nothing changed (stat against the manifest), load the index and the vocabulary.
    t0 = time.perf_counter()
    with open(os.path.join(index_dir, "manifest.json")) as f:
        saved = json.load(f)
    changed = 0
    for path in corpus_files(args.corpus):
        st = os.stat(path)
        if saved.get(path) != [st.st_size, st.st_mtime_ns]:
            changed += 1
    warm_retriever = bm25s.BM25.load(index_dir)
    warm_tokenizer = make_tokenizer(args.tokenizer)
    warm_tokenizer.load_vocab(index_dir)
    warm_tokenizer.load_stopwords(index_dir)
    warm = time.perf_counter() - t0
    del warm_retriever, warm_tokenizer

    # Single-file update: the middle file gains a line; re-tokenize it, re-index everything, save.
    target = len(paths) // 2
    t0 = time.perf_counter()
    text, _ = read_text(paths[target])
    new_pieces = tokenizer.tokenize(chunk(text + "\n# docent bench: one changed line\n"), update_vocab=True,
                                    return_as="ids", show_progress=False)
    begin = first_chunk[target]
    end = first_chunk[target + 1] if target + 1 < len(first_chunk) else len(tokens)
    tokens = tokens[:begin] + new_pieces + tokens[end:]
    updated = bm25s.BM25(backend=args.backend)
    updated.index((tokens, tokenizer.get_vocab_dict()), show_progress=False)
    save(updated, tokenizer, index_dir, manifest)
    update_ms = (time.perf_counter() - t0) * 1000.0

    index_bytes = directory_bytes(index_dir)
    if not args.index_dir:
        shutil.rmtree(index_dir, ignore_errors=True)

    result = {
        "files": len(paths),
        "chunks": len(texts),
        "bytes": total_bytes,
        "cold_seconds": round(cold, 4),
        "mb_per_second": round(total_bytes / 1e6 / cold, 3),
        "warm_seconds": round(warm, 4),
        "update_milliseconds": round(update_ms, 2),
        "query_p50_ms": round(percentile(latencies, 50), 4),
        "query_p99_ms": round(percentile(latencies, 99), 4),
        "index_bytes": index_bytes,
        "peak_rss_bytes": rss_bytes(),
        # Peer-only detail.
        "peak_rss_bytes_after_queries": rss_after_queries,
        "queries": len(latencies),
        "read_seconds": round(read_end - start, 4),
        "tokenize_seconds": round(tokenize_end - read_end, 4),
        "index_seconds": round(index_end - tokenize_end, 4),
        "save_seconds": round(save_seconds, 4),
        "warm_changed_files": changed,
        "vocabulary": len(tokenizer.get_vocab_dict()),
        "tokenizer": args.tokenizer,
        "backend": getattr(updated, "backend", args.backend),
        "bm25s_version": getattr(bm25s, "__version__", "unknown"),
        "threads": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "NUMBA_NUM_THREADS")},
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
