#!/usr/bin/env bash
# Fuzzes Docent's readers of untrusted bytes with libFuzzer (the toolchain's `-sanitize=fuzzer` runtime).
#
#   scripts/fuzz.sh [TARGET|all] [--runs N | --seconds S] [--asan] [--replay]
#
# TARGET is one of the targets in Sources/Fuzzing/FuzzTarget.swift (jsonrpc, gguf, safetensors, ignore, scanner,
# secrets, bpe, sentencepiece, wordpiece) or `all` (the default). Each target runs for N executions or S
# seconds (default: 60 seconds) from its committed seeds (Sources/Fuzzing/Corpus/TARGET) plus a working corpus kept
# in .build/fuzz/corpus/TARGET (so later runs continue where earlier ones stopped). --asan adds AddressSanitizer
# (slower; for the unsafe-pointer code of the file readers). --replay runs each seed once and stops (a regression
# check of the committed inputs). A crashing input is written to .build/fuzz/crashes/TARGET/ and the script exits 1;
# add the input to Sources/Fuzzing/Corpus/TARGET and a regression test next to the reader's unit tests.
#
# The fuzz build is separate (DOCENT_FUZZ=1 declares the Fuzzing target in Package.swift; --scratch-path
# .build/fuzz), release-optimized with Swift's bounds and overflow checks kept, so it never disturbs `swift build`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

targets=(jsonrpc gguf safetensors ignore scanner secrets bpe sentencepiece wordpiece)
target=all runs="" seconds=60 sanitizers=fuzzer replay=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; seconds=""; shift 2 ;;
    --seconds) seconds="$2"; runs=""; shift 2 ;;
    --asan) sanitizers=fuzzer,address; shift ;;
    --replay) replay=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 64 ;;
    *) target="$1"; shift ;;
  esac
done
if [[ "$target" != all ]] && [[ ! " ${targets[*]} " == *" $target "* ]]; then
  echo "fuzz.sh: unknown target '$target' (one of: ${targets[*]})" >&2; exit 64
fi
[[ "$target" == all ]] && selected=("${targets[@]}") || selected=("$target")

scratch=.build/fuzz
[[ "$sanitizers" == fuzzer ]] || scratch=.build/fuzz-asan
echo "== building docent-fuzz (-sanitize=$sanitizers)"
DOCENT_FUZZ=1 swift build -c release --scratch-path "$scratch" --product docent-fuzz -Xswiftc "-sanitize=$sanitizers" \
  2>&1 | grep -v '^\[' || true
binary="$scratch/release/docent-fuzz"
[[ -x "$binary" ]] || { echo "fuzz.sh: the build did not produce $binary" >&2; exit 1; }

# Let libFuzzer's own handler record a trapping input (Swift's backtracer would end the process first).
export SWIFT_BACKTRACE=enable=no
status=0
for name in "${selected[@]}"; do
  seeds="Sources/Fuzzing/Corpus/$name"
  corpus="$scratch/corpus/$name"
  crashes="$scratch/crashes/$name"
  mkdir -p "$corpus" "$crashes"
  options=(-artifact_prefix="$crashes/" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1)
  echo "== $name"
  set +e
  if [[ "$replay" == 1 ]]; then
    # Files as arguments: libFuzzer runs each once.
    DOCENT_FUZZ_TARGET="$name" "$binary" "${options[@]}" "$seeds"/* 2>&1 | grep -E 'Executed|ERROR|property failed|Fatal' | tail -n 5
    result=${PIPESTATUS[0]}
  elif [[ -n "$runs" ]]; then
    DOCENT_FUZZ_TARGET="$name" "$binary" "${options[@]}" -runs="$runs" "$corpus" "$seeds" 2>&1 | tail -n 25
    result=${PIPESTATUS[0]}
  else
    DOCENT_FUZZ_TARGET="$name" "$binary" "${options[@]}" -max_total_time="$seconds" "$corpus" "$seeds" 2>&1 | tail -n 25
    result=${PIPESTATUS[0]}
  fi
  set -e
  if [[ "$result" != 0 ]]; then
    echo "fuzz.sh: $name FAILED (status $result); inputs in $crashes" >&2
    status=1
  fi
done
exit "$status"
