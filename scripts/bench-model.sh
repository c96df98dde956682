#!/usr/bin/env bash
# Model benchmark: Docent (`docent bench model`, release build) against llama.cpp (llama-cpp-python,
# scripts/bench_model_peer.py), side by side in one run, same model file and thread count.
#
# Measured on each side (best of 3): prompt processing of 512 tokens; generation of 128 tokens; time to the first
# token after editing the last 20 tokens of a cached 1000-token prompt (both reuse the KV cache of the common
# prefix); peak resident memory. Then the same again while another process keeps one core busy. Prints ratios
# (Docent / llama.cpp for throughput, llama.cpp / Docent for latency, so > 1 means Docent is faster).
#
# Usage: scripts/bench-model.sh [MODEL.gguf]
# Environment: DOCENT_MODELS (default ~/.cache/docent/models; the default model is
#   SmolLM2-135M-Instruct.Q4_1.gguf there); DOCENT_BENCH_DIR (default /tmp/docent-bench) holds venv-model/ and
#   results/; DOCENT_BENCH_PYTHON uses an existing Python that has llama_cpp and numpy instead of building a venv
#   (building llama-cpp-python from source takes about 12 minutes on 2 cores); DOCENT_BENCH_THREADS (default 2);
#   DOCENT_BENCH_SKIP_BUILD=1 uses the docent binary as it is.

set -euo pipefail

readonly repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly bench_dir="${DOCENT_BENCH_DIR:-/tmp/docent-bench}"
readonly results="$bench_dir/results"
readonly docent="$repo_root/.build/release/docent"
readonly threads="${DOCENT_BENCH_THREADS:-2}"
readonly models_dir="${DOCENT_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/docent/models}"
readonly model="${1:-$models_dir/SmolLM2-135M-Instruct.Q4_1.gguf}"
# The prompt text: a source file of this repository, long enough for 1020 tokens.
readonly text="$repo_root/Sources/Inference/DecoderSession.swift"

say() { printf '\n==> %s\n' "$*" >&2; }
fail() { printf 'bench-model: error: %s\n' "$*" >&2; exit 1; }

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n '2,18s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
  exit 0
fi
[[ -f "$model" ]] || fail "no model at $model (run scripts/fetch-models.sh)"
mkdir -p "$results"

python="${DOCENT_BENCH_PYTHON:-}"
if [[ -z "$python" ]]; then
  venv="$bench_dir/venv-model"
  if ! "$venv/bin/python" -c 'import llama_cpp, numpy' 2>/dev/null; then
    say "building llama-cpp-python in $venv (about 12 minutes on 2 cores)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    CMAKE_ARGS="-DGGML_NATIVE=ON -DLLAMA_CURL=OFF" "$venv/bin/pip" install --quiet --no-cache-dir numpy llama-cpp-python
  fi
  python="$venv/bin/python"
fi
"$python" -c 'import llama_cpp, numpy' || fail "$python cannot import llama_cpp and numpy"

if [[ "${DOCENT_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  say "building docent (release)"
  (cd "$repo_root" && swift build -c release --product docent >&2)
fi

run_pair() {  # LABEL: runs both sides, writes results/LABEL-{docent,llama}.json
  local label="$1"
  say "$label: docent bench model"
  "$docent" bench model --model "$model" --text "$text" --threads "$threads" --json >"$results/$label-docent.json"
  say "$label: llama.cpp"
  OMP_NUM_THREADS="$threads" "$python" "$repo_root/scripts/bench_model_peer.py" --model "$model" --text "$text" \
    --threads "$threads" >"$results/$label-llama.json"
}

run_pair idle

say "busy: one core kept busy by another process"
( while :; do :; done ) &
busy_pid=$!
trap 'kill "$busy_pid" 2>/dev/null || true' EXIT
run_pair busy
kill "$busy_pid" 2>/dev/null || true

python3 - "$results" "$(basename "$model")" "$threads" <<'PY'
import json, sys
results, model, threads = sys.argv[1], sys.argv[2], sys.argv[3]
print(f"\nbench model: {model}, {threads} threads, best of 3 (ratio > 1: Docent faster)\n")
print(f"{'':34}{'docent':>12}{'llama.cpp':>12}{'ratio':>8}")
for label in ("idle", "busy"):
    d = json.load(open(f"{results}/{label}-docent.json"))
    l = json.load(open(f"{results}/{label}-llama.json"))
    rows = [
        ("prompt 512 tok (tok/s)", d["promptTokensPerSecond"], l["promptTokensPerSecond"], True),
        ("generation 128 tok (tok/s)", d["generationTokensPerSecond"], l["generationTokensPerSecond"], True),
        ("first token after edit (ms)", 1000 * d["timeToFirstTokenAfterEditSeconds"],
         1000 * l["timeToFirstTokenAfterEditSeconds"], False),
        ("peak RSS (MiB)", d["peakResidentBytes"] / 2**20, l["peakResidentBytes"] / 2**20, False),
    ]
    print(f"[{label}]")
    for name, dv, lv, higher_is_better in rows:
        ratio = dv / lv if higher_is_better else lv / dv
        print(f"  {name:32}{dv:12.1f}{lv:12.1f}{ratio:8.2f}")
    if label == "idle":
        print(f"  docent generation reads weights at {d['generationWeightGigabytesPerSecond']:.2f} GB/s"
              f" ({d['weightBytesPerToken'] / 1e6:.1f} MB per token)")
PY
