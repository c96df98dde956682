#!/usr/bin/env bash
# Embedding benchmark: Docent's BertEncoder (`docent bench embed`, release build) against sentence-transformers
# (PyTorch on CPU, scripts/embed_peer.py), side by side in one run, on the same ~256-token code chunks and the
# same thread count.
#
# Steps:
#   1. a venv with sentence-transformers and torch under $DOCENT_BENCH_DIR/venv-embed (built once, reused);
#      DOCENT_EMBED_PYTHON=/path/to/python uses an existing interpreter that has both instead;
#   2. the release binary (rebuilt when older than the sources);
#   3. ROUNDS times: `docent bench embed --write-chunks` (which also writes the chunks it embedded), then the
#      peer on those chunks; the best round of each side counts;
#   4. a table and the ratios: throughput docent/peer on wall time, and on CPU time (less distorted when other
#      work shares the machine).
#
# Usage: scripts/bench-embed.sh
# Environment: DOCENT_BENCH_DIR (default /tmp/docent-bench); DOCENT_BENCH_THREADS (default 2);
#   DOCENT_BENCH_WORKSPACE (default: this repository) supplies the code chunks; DOCENT_BENCH_CHUNKS (default 128);
#   DOCENT_BENCH_BATCH (default 32 chunks per call); DOCENT_BENCH_ROUNDS (default 2); DOCENT_MODELS (default
#   ~/.cache/docent/models, filled by scripts/fetch-models.sh); DOCENT_BENCH_SKIP_BUILD=1 uses the binary as is.

set -euo pipefail

readonly repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly bench_dir="${DOCENT_BENCH_DIR:-/tmp/docent-bench}"
readonly results="$bench_dir/results"
readonly venv="$bench_dir/venv-embed"
readonly docent="$repo_root/.build/release/docent"
readonly threads="${DOCENT_BENCH_THREADS:-2}"
readonly workspace="${DOCENT_BENCH_WORKSPACE:-$repo_root}"
readonly chunk_count="${DOCENT_BENCH_CHUNKS:-128}"
readonly batch="${DOCENT_BENCH_BATCH:-32}"
readonly rounds="${DOCENT_BENCH_ROUNDS:-2}"
readonly models="${DOCENT_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/docent/models}"
readonly model_dir="$models/all-MiniLM-L6-v2"

say() { printf '\n==> %s\n' "$*" >&2; }
fail() { printf 'bench-embed: error: %s\n' "$*" >&2; exit 1; }

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n '2,20s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
  exit 0
fi

[[ -f "$model_dir/model.safetensors" ]] || fail "$model_dir has no model.safetensors (run scripts/fetch-models.sh)."
mkdir -p "$results"

python=""
if [[ -n "${DOCENT_EMBED_PYTHON:-}" ]]; then
  python="$DOCENT_EMBED_PYTHON"
  say "Peer: using $python"
elif [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import torch, sentence_transformers' 2>/dev/null; then
  python="$venv/bin/python"
  say "Peer: reusing the venv $venv"
else
  command -v python3 >/dev/null || fail "python3 is needed for the peer's venv."
  say "Peer: installing sentence-transformers and torch into $venv (large download, once)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet torch sentence-transformers
  python="$venv/bin/python"
fi
"$python" -c 'import torch, sentence_transformers as s; print("  torch", torch.__version__, " sentence-transformers", s.__version__)' >&2

if [[ "${DOCENT_BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  if [[ ! -x "$docent" ]] || [[ -n "$(find "$repo_root/Sources" "$repo_root/Package.swift" -newer "$docent" -print -quit)" ]]; then
    say "Docent: building the release binary"
    (cd "$repo_root" && swift build -c release --product docent >&2)
  fi
fi
[[ -x "$docent" ]] || fail "$docent does not exist (run: swift build -c release --product docent)"

chunks="$results/embed-chunks.json"
for round in $(seq 1 "$rounds"); do
  say "Round $round/$rounds: docent bench embed ($threads threads, $chunk_count chunks from $workspace)"
  "$docent" bench embed --workspace "$workspace" --chunks "$chunk_count" --threads "$threads" --batch "$batch" \
    --write-chunks "$chunks" --json | tail -n 1 >"$results/embed-docent-$round.json"
  cat "$results/embed-docent-$round.json" >&2
  say "Round $round/$rounds: sentence-transformers (torch threads $threads)"
  OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" HF_HUB_OFFLINE=1 "$python" "$repo_root/scripts/embed_peer.py" \
    --chunks "$chunks" --model "$model_dir" --threads "$threads" --batch "$batch" 2>/dev/null | tail -n 1 \
    >"$results/embed-peer-$round.json"
  cat "$results/embed-peer-$round.json" >&2
done

python3 - "$results" "$rounds" <<'PY'
import json, os, sys
results, rounds = sys.argv[1], int(sys.argv[2])
def best(prefix):
    runs = [json.load(open(os.path.join(results, f"{prefix}-{r}.json"))) for r in range(1, rounds + 1)]
    return min(runs, key=lambda r: r["seconds"]), min(r["cpu_seconds"] for r in runs)
(docent, docent_cpu), (peer, peer_cpu) = best("embed-docent"), best("embed-peer")
if docent["tokens"] != peer["tokens"]:
    print(f"note: docent counted {docent['tokens']} tokens, the peer {peer['tokens']}")
print()
print(f"{'':22}{'docent':>14}{'sentence-tr.':>14}")
for label, key, fmt in [("chunks", "chunks", "{:.0f}"), ("tokens", "tokens", "{:.0f}"), ("threads", "threads", "{:.0f}"),
                        ("wall s (best)", "seconds", "{:.2f}"), ("chunks/s", "chunks_per_second", "{:.2f}"),
                        ("tokens/s", "tokens_per_second", "{:.0f}")]:
    print(f"{label:22}{fmt.format(docent[key]):>14}{fmt.format(peer[key]):>14}")
print(f"{'CPU s (best)':22}{docent_cpu:>14.2f}{peer_cpu:>14.2f}")
wall = docent["chunks_per_second"] / peer["chunks_per_second"]
cpu = peer_cpu / docent_cpu
print()
print(f"throughput docent/peer: {wall:.2f}x on wall time, {cpu:.2f}x on CPU time   (target >= 1.0)")
PY
