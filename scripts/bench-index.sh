#!/usr/bin/env bash
# Index benchmark on a large real corpus: Docent (`docent bench index`, release build) against a BM25 peer
# (the `bm25s` package, scripts/bm25s_peer.py), side by side in one run.
#
# Steps, each safe to repeat (the corpus, queries and venv are built once and reused):
#   1. corpus under $DOCENT_BENCH_DIR/corpus: the machine python3's standard library .py files (its whole Lib
#      tree less site-packages, which holds installed third-party packages), the .swift and .md files of ten
#      Swift packages at their newest release tag (from the bare repos in /opt/swift-packages), and this
#      repository's Sources/ and Tests/ (refreshed every run). Only files Docent indexes are kept, so both
#      sides read the same bytes: UTF-8 text without NUL bytes, at most 1 MiB, no hidden path components;
#   2. ~200 queries (hand-written plus identifiers and doc-comment phrases sampled with a fixed seed);
#   3. a venv with bm25s, numpy, scipy, numba (bm25s's fast retrieval backend) and PyStemmer;
#   4. the peer, twice: code-aware tokenizer (camelCase/snake_case split + PyStemmer, like Docent's analyzer)
#      and bm25s's default tokenizer; OMP_NUM_THREADS = NUMBA_NUM_THREADS = 2 (this machine's cores);
#   5. `docent bench index --workspace CORPUS --queries QUERIES --json` (built with `swift build -c release`
#      first when the binary is older than the sources), then a side-by-side table and the ratios.
#
# Usage: scripts/bench-index.sh
# Environment: DOCENT_BENCH_DIR (default /tmp/docent-bench) holds corpus/, queries.txt, venv/ and results/;
#   DOCENT_BENCH_CORPUS_MB caps the Python part of the corpus (files in path order until the cap; default: no
#   cap) should the peer take too long; DOCENT_BENCH_THREADS (default 2) sets the peer's thread variables;
#   DOCENT_BENCH_SKIP_BUILD=1 uses the binary as it is.

set -euo pipefail

readonly repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly bench_dir="${DOCENT_BENCH_DIR:-/tmp/docent-bench}"
readonly corpus="$bench_dir/corpus"
readonly queries="$bench_dir/queries.txt"
readonly venv="$bench_dir/venv"
readonly results="$bench_dir/results"
readonly docent="$repo_root/.build/release/docent"
readonly threads="${DOCENT_BENCH_THREADS:-2}"
readonly corpus_cap_mb="${DOCENT_BENCH_CORPUS_MB:-}"
readonly packages_root=/opt/swift-packages
# OWNER/NAME of the ten Swift packages: sizeable, varied (networking, collections, parsing, YAML, numerics).
readonly swift_packages=(
  apple/swift-nio apple/swift-collections apple/swift-algorithms apple/swift-argument-parser apple/swift-log
  apple/swift-system apple/swift-numerics apple/swift-async-algorithms jpsim/Yams pointfreeco/swift-parsing
)
readonly query_seed=20240611

say() { printf '\n==> %s\n' "$*" >&2; }
fail() { printf 'bench-index: error: %s\n' "$*" >&2; exit 1; }

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n '2,24s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
  exit 0
fi

command -v python3 >/dev/null || fail "python3 is needed (its standard library is part of the corpus)."
mkdir -p "$bench_dir" "$results"

# Copies the files Docent would index from SOURCE to DEST (relative paths kept): names ending in one of the
# comma-separated SUFFIXES, UTF-8 without NUL, at most 1 MiB, no hidden component, nothing under EXCLUDED
# (a top-level directory name, may be empty); CAP_MB > 0 stops after that many megabytes.
filter_copy() {
  python3 - "$@" <<'PY'
import os, shutil, sys
source, dest, suffixes, excluded, cap_mb = sys.argv[1:6]
suffixes = tuple(suffixes.split(","))
cap = float(cap_mb) * 1e6 if cap_mb else 0
max_bytes = 1 << 20  # Docent's IndexSettings.maxFileBytes
total = 0
for directory, subdirs, files in os.walk(source):
    rel_dir = os.path.relpath(directory, source)
    subdirs[:] = sorted(d for d in subdirs if not d.startswith(".")
                        and not (rel_dir == "." and d == excluded))
    for name in sorted(files):
        if name.startswith(".") or not name.endswith(suffixes):
            continue
        path = os.path.join(directory, name)
        if os.path.islink(path) or not os.path.isfile(path) or os.path.getsize(path) > max_bytes:
            continue
        data = open(path, "rb").read()
        if b"\0" in data:
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # Docent classifies non-UTF-8 text (Latin-1 test fixtures) as binary
        if cap and total + len(data) > cap:
            sys.exit(0)
        total += len(data)
        target = os.path.join(dest, os.path.relpath(path, source))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
PY
}

newest_tag() {
  git --git-dir="$1" tag --sort=-v:refname | grep -E '^v?[0-9]+(\.[0-9]+)*$' | head -n 1 || true
}

build_corpus() {
  local stdlib key stamp="$bench_dir/corpus.stamp" spec git_dir tag staging
  stdlib="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
  [[ -d "$stdlib" ]] || fail "python3's standard library directory '$stdlib' does not exist."
  key="stdlib=$stdlib cap=$corpus_cap_mb"
  for spec in "${swift_packages[@]}"; do
    git_dir="$packages_root/$spec.git"
    [[ -d "$git_dir" ]] || fail "$git_dir is missing (the Swift packages come from $packages_root)."
    tag="$(newest_tag "$git_dir")"
    [[ -n "$tag" ]] || fail "$git_dir has no release tag."
    key+=" $spec@$tag"
  done

  if [[ -f "$stamp" && "$(cat "$stamp")" == "$key" && -d "$corpus/python-stdlib" ]]; then
    say "Corpus: reusing $corpus (python stdlib and Swift packages unchanged)"
  else
    say "Corpus: building $corpus"
    rm -rf "$corpus" "$stamp"
    mkdir -p "$corpus"
    echo "python stdlib: $stdlib${corpus_cap_mb:+ (capped at $corpus_cap_mb MB)}" >&2
    filter_copy "$stdlib" "$corpus/python-stdlib" ".py" "site-packages" "$corpus_cap_mb"
    staging="$(mktemp -d)"
    for spec in "${swift_packages[@]}"; do
      git_dir="$packages_root/$spec.git"
      tag="$(newest_tag "$git_dir")"
      echo "swift package: $spec @ $tag" >&2
      mkdir -p "$staging/$spec"
      git --git-dir="$git_dir" archive --format=tar "$tag" | tar -x -C "$staging/$spec"
      filter_copy "$staging/$spec" "$corpus/swift-packages/${spec//\//-}" ".swift,.md" "" ""
    done
    rm -rf "$staging"
    echo "$key" >"$stamp"
  fi

  # This repository changes between runs: refresh its copy every time.
  rm -rf "$corpus/docent"
  local part
  for part in Sources Tests; do
    filter_copy "$repo_root/$part" "$corpus/docent/$part" ".swift,.md,.py,.sh,.json,.txt" "" ""
  done

  python3 - "$corpus" <<'PY' >&2
import os, sys
root = sys.argv[1]
for part in ["python-stdlib", "swift-packages", "docent", None]:
    top = os.path.join(root, part) if part else root
    n = b = 0
    for d, _, files in os.walk(top):
        for f in files:
            n += 1
            b += os.path.getsize(os.path.join(d, f))
    print(f"  {part or 'total':15} {n:6d} files {b / 1e6:8.1f} MB")
PY
}

# ~200 queries, deterministic for a given corpus: 40 hand-written, then identifiers (Python `def`/`class`,
# Swift `func`/`struct`/`class`/`protocol`) and doc phrases (Python docstring first lines, Swift `///`
# lines) sampled with a fixed seed from the stdlib and package parts (not docent/, which changes).
write_queries() {
  say "Queries: writing $queries"
  python3 - "$corpus" "$queries" "$query_seed" <<'PY'
import os, random, re, sys
root, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
hand = """\
parse command line arguments
read a file line by line
event loop channel handler
retry with exponential backoff
ordered dictionary insertion order
binary search in a sorted array
decode json into a struct
thread safe logging handler
async sequence merge two streams
temporary directory cleanup
http request headers
base64 encode bytes
regular expression match groups
unicode normalization
deque append left
heap priority queue push pop
socket connect timeout
yaml scalar parsing
complex number square root
file descriptor close on exec
ByteBuffer
readInteger
ChannelPipeline
EventLoopFuture
OrderedDictionary
ArgumentParser
ParsableCommand
AsyncChannel
Logger.Level
FilePath
os.path.join
subprocess.Popen
asyncio.gather
json.loads
collections.Counter
functools.lru_cache
BM25 ranking of chunks
incremental index update
language server initialize request
secret redaction of api keys"""
hand = [q for q in hand.splitlines() if q.strip()]
ident_py, ident_swift, doc_py, doc_swift = set(), set(), set(), set()
py_def = re.compile(r"^\s*(?:def|class)\s+([A-Za-z_][A-Za-z0-9_]{5,40})")
py_doc = re.compile(r'^\s*"""([A-Z][A-Za-z ,\'-]{15,80})[.]?\s*$')
sw_def = re.compile(r"\b(?:func|struct|class|protocol|enum|actor)\s+([A-Za-z_][A-Za-z0-9_]{5,40})")
sw_doc = re.compile(r"^\s*///\s+([A-Z][A-Za-z ,'-]{15,80})[.]?\s*$")
for top, kind in [("python-stdlib", "py"), ("swift-packages", "swift")]:
    for d, subdirs, files in os.walk(os.path.join(root, top)):
        subdirs.sort()
        for f in sorted(files):
            with open(os.path.join(d, f), encoding="utf-8") as handle:
                for line in handle:
                    if kind == "py":
                        m = py_def.match(line)
                        if m and not m.group(1).startswith("test"):
                            ident_py.add(m.group(1))
                        m = py_doc.match(line)
                        if m:
                            doc_py.add(m.group(1).strip().lower())
                    else:
                        m = sw_def.search(line)
                        if m and not m.group(1).startswith("test"):
                            ident_swift.add(m.group(1))
                        m = sw_doc.match(line)
                        if m:
                            doc_swift.add(m.group(1).strip().lower())
rng = random.Random(seed)
def sample(pool, n):
    pool = sorted(pool)
    return rng.sample(pool, min(n, len(pool)))
queries = hand + sample(ident_py, 45) + sample(ident_swift, 45) + sample(doc_py, 35) + sample(doc_swift, 35)
seen, unique = set(), []
for q in queries:
    if q not in seen:
        seen.add(q)
        unique.append(q)
with open(out, "w", encoding="utf-8") as handle:
    handle.write("\n".join(unique) + "\n")
print(f"  {len(unique)} queries ({len(hand)} hand-written)", file=sys.stderr)
PY
}

make_venv() {
  if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import bm25s, numpy, scipy, numba, Stemmer' 2>/dev/null; then
    say "Peer: reusing the venv $venv"
  else
    say "Peer: installing bm25s, numpy, scipy, numba and PyStemmer into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet bm25s numpy scipy numba PyStemmer
  fi
  "$venv/bin/python" -c 'import bm25s; print("  bm25s", bm25s.__version__)' >&2
}

run_peer() {
  local tokenizer="$1"
  say "Peer: bm25s, $tokenizer tokenizer, OMP_NUM_THREADS=NUMBA_NUM_THREADS=$threads"
  OMP_NUM_THREADS="$threads" NUMBA_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" \
    MKL_NUM_THREADS="$threads" "$venv/bin/python" "$repo_root/scripts/bm25s_peer.py" \
    --corpus "$corpus" --queries "$queries" --tokenizer "$tokenizer" --index-dir "$bench_dir/bm25s-index" \
    >"$results/bm25s-$tokenizer.json"
  cat "$results/bm25s-$tokenizer.json" >&2
}

# Prints why Docent's figures are missing, or nothing once $results/docent.json holds them.
run_docent() {
  rm -f "$results/docent.json"
  if [[ "${DOCENT_BENCH_SKIP_BUILD:-0}" != "1" ]] && command -v swift >/dev/null; then
    if [[ ! -x "$docent" ]] || [[ -n "$(find "$repo_root/Sources" "$repo_root/Package.swift" -newer "$docent" \
      -print -quit)" ]]; then
      say "Docent: building the release binary (it is older than the sources)"
      (cd "$repo_root" && swift build -c release >&2) || { echo "swift build -c release failed"; return; }
    fi
  fi
  if [[ ! -x "$docent" ]]; then
    echo "$docent does not exist (run: swift build -c release)"
    return
  fi
  local help
  help="$("$docent" bench index --help 2>&1 || true)"
  if [[ "$help" != *"bench index"* ]]; then
    echo "this docent binary has no 'bench index' subcommand"
    return
  fi
  say "Docent: $docent bench index --workspace $corpus --queries $queries --json"
  local out="$results/docent.out"
  local status=0
  "$docent" bench index --workspace "$corpus" --queries "$queries" --json >"$out" || status=$?
  if ((status != 0)); then
    echo "'docent bench index' failed (exit status $status); its output is in $out"
    return
  fi
  # The JSON object is the last line that parses.
  if ! python3 - "$out" "$results/docent.json" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for line in reversed(lines):
    try:
        value = json.loads(line)
    except ValueError:
        continue
    if isinstance(value, dict):
        json.dump(value, open(sys.argv[2], "w"))
        sys.exit(0)
sys.exit(1)
PY
  then
    echo "'docent bench index --json' printed no JSON object (see $out)"
    return
  fi
  cat "$results/docent.json" >&2
}

report() {
  local docent_missing="$1"
  python3 - "$results" "$docent_missing" <<'PY'
import json, os, sys
results, missing = sys.argv[1], sys.argv[2]
def load(name):
    path = os.path.join(results, name)
    return json.load(open(path)) if os.path.exists(path) else None
docent = load("docent.json")
peers = [("bm25s code", load("bm25s-code.json")), ("bm25s default", load("bm25s-default.json"))]
columns = ([("docent", docent)] if docent else []) + [p for p in peers if p[1]]
rows = [
    ("files", "files", "{:,.0f}"), ("chunks", "chunks", "{:,.0f}"), ("corpus MB", "bytes", "mb"),
    ("cold s", "cold_seconds", "{:.2f}"), ("cold MB/s", "mb_per_second", "{:.2f}"),
    ("warm re-open s", "warm_seconds", "{:.3f}"), ("1-file update ms", "update_milliseconds", "{:.1f}"),
    ("query p50 ms", "query_p50_ms", "{:.3f}"), ("query p99 ms", "query_p99_ms", "{:.3f}"),
    ("index MB on disk", "index_bytes", "mb"), ("peak RSS MB", "peak_rss_bytes", "mb"),
]
def cell(values, key, fmt):
    v = values.get(key)
    if v is None:
        return "-"
    return f"{v / 1e6:.1f}" if fmt == "mb" else fmt.format(v)
print()
print(f"{'':18}" + "".join(f"{name:>16}" for name, _ in columns))
for label, key, fmt in rows:
    print(f"{label:18}" + "".join(f"{cell(v, key, fmt):>16}" for _, v in columns))
print("(bm25s update = re-tokenize the file + re-index the whole corpus + save: bm25s has no incremental update)")
print()
if not docent:
    print(f"Docent: no figures: {missing}. Only the peer's figures are shown.")
    sys.exit(0)
def ratio(a, b):
    return a / b if a and b else float("nan")
verdicts = []
for name, peer in peers:
    if not peer:
        continue
    if peer["bytes"] != docent["bytes"]:
        print(f"note: docent indexed {docent['bytes']:,} bytes, {name} read {peer['bytes']:,}")
    throughput = ratio(docent["mb_per_second"], peer["mb_per_second"])
    p50 = ratio(peer["query_p50_ms"], docent["query_p50_ms"])
    p99 = ratio(peer["query_p99_ms"], docent["query_p99_ms"])
    print(f"vs {name:14} indexing throughput docent/peer {throughput:6.2f}   "
          f"query latency peer/docent p50 {p50:6.2f}  p99 {p99:6.2f}   (>= 1.0: docent as fast or faster)")
    verdicts += [throughput >= 1.0, p50 >= 1.0, p99 >= 1.0]
memory = docent["peak_rss_bytes"] / docent["bytes"]
print(f"docent peak RSS / corpus bytes {memory:.2f}   (target < 2.0)")
verdicts.append(memory < 2.0)
print("targets: " + ("all met" if all(verdicts) else "NOT all met"))
PY
}

build_corpus
write_queries
make_venv
run_peer code
run_peer default
docent_missing="$(run_docent)"
[[ -z "$docent_missing" ]] || printf 'Docent: %s\n' "$docent_missing" >&2
report "$docent_missing"
