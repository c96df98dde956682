#!/usr/bin/env bash
# Vector search benchmark: Docent (`docent bench search`, release build) against hnswlib on the same vectors,
# side by side in one run.
#
# Steps:
#   1. `docent bench search --export DIR --json` times exact search (float32, float16, int8 rows) and builds an
#      HNSW graph over seeded random unit vectors, then writes those rows, the queries and the exact top-k ids
#      to DIR (built with `swift build -c release --product docent` first when the binary is older than the
#      sources);
#   2. a venv with hnswlib and numpy (created once under $DOCENT_BENCH_DIR, or the one in $DOCENT_BENCH_VENV);
#   3. scripts/hnswlib_peer.py builds hnswlib with the same M and efConstruction on the same rows and searches
#      the same queries with the same ef values, on one thread;
#   4. a table per ef: recall@k of both against the exact ids, latency, and the ratio hnswlib/docent of mean
#      query latency (>= 1.0: Docent at least as fast).
#
# Usage: scripts/bench-search.sh [--count N] [--exact-count N] [--m M] [--ef-construction N] [--ef-search N,N]
#   [--queries N] [--intrinsic-dimension N] [--encoding float32|float16|int8]
#   (defaults: 1,000,000 rows, 100,000 exact rows, M 16, efConstruction 200, ef 16,32,64,128,256, 200 queries,
#   intrinsic dimension 32 (vectors near a random 32-d subspace, like embeddings; 0 = isotropic, on which no graph
#   index reaches high recall), float32 rows as hnswlib; the 1M build takes long on two cores: try
#   --count 100000 first).
# Environment: DOCENT_BENCH_DIR (default /tmp/docent-bench-search) holds the venv, the vectors and results;
#   DOCENT_BENCH_VENV uses an existing venv that has hnswlib and numpy; DOCENT_BENCH_THREADS (default 2) is
#   hnswlib's build thread count; DOCENT_BENCH_SKIP_BUILD=1 uses the binary as it is.

set -euo pipefail

readonly repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly bench_dir="${DOCENT_BENCH_DIR:-/tmp/docent-bench-search}"
readonly venv="${DOCENT_BENCH_VENV:-$bench_dir/venv}"
readonly vectors="$bench_dir/vectors"
readonly results="$bench_dir/results"
readonly docent="$repo_root/.build/release/docent"
readonly threads="${DOCENT_BENCH_THREADS:-2}"

say() { printf '\n==> %s\n' "$*" >&2; }
fail() { printf 'bench-search: error: %s\n' "$*" >&2; exit 1; }

count=1000000 exact_count=100000 m=16 ef_construction=200 ef_search=16,32,64,128,256 queries=200
intrinsic=32 encoding=float32
while (($#)); do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --exact-count) exact_count="$2"; shift 2 ;;
    --intrinsic-dimension) intrinsic="$2"; shift 2 ;;
    --encoding) encoding="$2"; shift 2 ;;
    --m) m="$2"; shift 2 ;;
    --ef-construction) ef_construction="$2"; shift 2 ;;
    --ef-search) ef_search="$2"; shift 2 ;;
    --queries) queries="$2"; shift 2 ;;
    -h|--help) sed -n '2,27s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) fail "unknown argument '$1' (see --help)" ;;
  esac
done

mkdir -p "$bench_dir" "$results"

if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import hnswlib, numpy' 2>/dev/null; then
  say "Peer: using the venv $venv"
else
  [[ -z "${DOCENT_BENCH_VENV:-}" ]] || fail "$DOCENT_BENCH_VENV has no hnswlib and numpy"
  say "Peer: installing hnswlib and numpy into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet hnswlib numpy
fi

if [[ "${DOCENT_BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  if [[ ! -x "$docent" ]] || [[ -n "$(find "$repo_root/Sources" "$repo_root/Package.swift" -newer "$docent" -print -quit)" ]]; then
    say "Docent: building the release binary"
    (cd "$repo_root" && swift build -c release --product docent >&2)
  fi
fi
[[ -x "$docent" ]] || fail "$docent does not exist (run: swift build -c release --product docent)"

say "Docent: bench search over $count vectors (M $m, efConstruction $ef_construction, $encoding rows)"
"$docent" bench search --count "$count" --exact-count "$exact_count" --m "$m" --ef-construction "$ef_construction" \
  --ef-search "$ef_search" --queries "$queries" --intrinsic-dimension "$intrinsic" --encoding "$encoding" \
  --threads "$threads" --export "$vectors" --json | tail -n 1 >"$results/docent.json"

say "Peer: hnswlib on the same vectors (build threads $threads, queries on one thread)"
"$venv/bin/python" "$repo_root/scripts/hnswlib_peer.py" --dir "$vectors" --m "$m" \
  --ef-construction "$ef_construction" --ef-search "$ef_search" --build-threads "$threads" >"$results/hnswlib.json"

python3 - "$results" "$ef_search" <<'PY'
import json, os, sys
results, efs = sys.argv[1], [int(x) for x in sys.argv[2].split(",") if x]
docent = json.load(open(os.path.join(results, "docent.json")))
peer = json.load(open(os.path.join(results, "hnswlib.json")))
print()
for key in sorted(docent):
    if key.startswith("exact."):
        print(f"{key:42} {docent[key]:12.4f}")
print()
print(f"HNSW over {peer['n']:,} vectors: build docent {docent['hnsw.build_seconds']:.1f} s "
      f"({docent['hnsw.build_threads']:.0f} threads), "
      f"hnswlib {peer['hnsw.build_seconds']:.1f} s ({peer['build_threads']} threads)")
if "hnsw.bytes_per_vector" in peer:
    print(f"bytes per vector: docent {docent['hnsw.bytes_per_vector']:.0f}, hnswlib {peer['hnsw.bytes_per_vector']:.0f}")
print(f"{'ef':>5} {'recall docent':>14} {'recall hnswlib':>15} {'docent ms':>10} {'hnswlib ms':>11} "
      f"{'hnswlib p50 ms':>15} {'ratio':>7}")
ok = True
for ef in efs:
    d_ms, p_ms = docent[f"hnsw.ef{ef}.mean_ms"], peer[f"hnsw.ef{ef}.mean_ms"]
    ratio = p_ms / d_ms if d_ms else float("nan")
    print(f"{ef:5d} {docent[f'hnsw.ef{ef}.recall']:14.4f} {peer[f'hnsw.ef{ef}.recall']:15.4f} {d_ms:10.4f} "
          f"{p_ms:11.4f} {peer[f'hnsw.ef{ef}.p50_ms']:15.4f} {ratio:7.2f}")
print("(latencies are thread CPU time on one thread; ratio = hnswlib batched mean / docent mean; "
      ">= 1.0: docent as fast or faster)")
PY
