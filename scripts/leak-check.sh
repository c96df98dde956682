#!/usr/bin/env bash
# Runs a short scripted editor session through `docent serve` under a leak checker and prints its verdict.
#
#   scripts/leak-check.sh [--asan | --valgrind] [--edits N]
#
# --asan (default): builds docent with -sanitize=address into .build/asan (AddressSanitizer with LeakSanitizer, which
#   reports every unreachable allocation when the process exits); the session fails on any ASan or LSan report.
# --valgrind: builds a release docent for the AVX2 baseline (DOCENT_TARGET_CPU=haswell, .build/valgrind; valgrind
#   cannot run AVX-512 code) and runs it under `valgrind --leak-check=full`. Swift's runtime keeps metadata caches
#   reachable only through interior pointers, which valgrind lists as "possibly lost"; the verdict is "definitely
#   lost" (must be 0 bytes) and "indirectly lost".
#
# The session (written to stdin up front, so the run is deterministic): initialize over a copy of Sources/Workspace
# and Sources/JSONRPC, initialized, synchronize, 10 opened documents, N incremental edits (default 300) with
# workspace/symbol and docent/search requests between them and some cancelled, synchronize, shutdown, exit.
set -euo pipefail
export LC_ALL=C  # ${#body} must count bytes for Content-Length
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

mode=asan edits=300
while [[ $# -gt 0 ]]; do
  case "$1" in
    --asan) mode=asan; shift ;;
    --valgrind) mode=valgrind; shift ;;
    --edits) edits="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "leak-check.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done

if [[ "$mode" == asan ]]; then
  scratch=.build/asan
  echo "== building docent with -sanitize=address ($scratch)"
  swift build --scratch-path "$scratch" --product docent -Xswiftc -sanitize=address 2>&1 | grep -v '^\[' || true
  binary="$scratch/debug/docent"
else
  command -v valgrind >/dev/null || { echo "leak-check.sh: valgrind is not installed (apt-get install -y valgrind)" >&2; exit 1; }
  scratch=.build/valgrind
  echo "== building docent for valgrind ($scratch, DOCENT_TARGET_CPU=haswell)"
  DOCENT_TARGET_CPU=haswell swift build -c release --scratch-path "$scratch" --product docent 2>&1 | grep -v '^\[' || true
  binary="$scratch/release/docent"
fi
[[ -x "$binary" ]] || { echo "leak-check.sh: no $binary" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ws"
cp -r Sources/Workspace Sources/JSONRPC "$work/ws/"
input="$work/session.lsp"
uri="file://$work/ws"

frame() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1" >> "$input"; }
: > "$input"
frame '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"rootUri":"'"$uri"'","capabilities":{},"initializationOptions":{"indexLocation":"workspace","semanticSearch":false,"logLevel":"warning"}}}'
frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'
frame '{"jsonrpc":"2.0","id":"sync0","method":"docent/synchronize","params":{}}'
files=()
for path in "$work"/ws/Workspace/*.swift; do files+=("${path#"$work/ws/"}"); done
files=("${files[@]:0:10}")
for file in "${files[@]}"; do
  frame '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$uri/$file"'","languageId":"swift","version":1,"text":"struct Opened {\n  func first() {}\n}\n"}}}'
done
words=(parse match ignore crawl root value frame message)
for ((i = 1; i <= edits; i++)); do
  file=${files[$((i % ${#files[@]}))]}
  frame '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"'"$uri/$file"'","version":'$((i + 1))'},"contentChanges":[{"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":0}},"text":"  let v'"$i"' = '"$i"'\n"}]}}'
  if ((i % 10 == 0)); then
    word=${words[$((i / 10 % ${#words[@]}))]}
    if ((i % 20 == 0)); then
      frame '{"jsonrpc":"2.0","id":"q'"$i"'","method":"workspace/symbol","params":{"query":"'"$word"'"}}'
    else
      frame '{"jsonrpc":"2.0","id":"q'"$i"'","method":"docent/search","params":{"query":"'"$word"' file","limit":5}}'
    fi
    ((i % 30 == 0)) && frame '{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"q'"$i"'"}}'
  fi
done
frame '{"jsonrpc":"2.0","id":"sync1","method":"docent/synchronize","params":{}}'
frame '{"jsonrpc":"2.0","id":"down","method":"shutdown","params":null}'
frame '{"jsonrpc":"2.0","method":"exit"}'
echo "== session: $(grep -c 'Content-Length' "$input") messages, $edits edits"

report="$work/report.txt"
set +e
if [[ "$mode" == asan ]]; then
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=0:log_path="$work/asan" "$binary" serve < "$input" > "$work/stdout" 2> "$work/stderr"
  status=$?
  cat "$work"/asan.* > "$report" 2>/dev/null || : > "$report"
else
  valgrind --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite \
    --log-file="$report" "$binary" serve < "$input" > "$work/stdout" 2> "$work/stderr"
  status=$?
fi
set -e
answers=$(grep -o '"id":"\(q[0-9]*\|sync[01]\|down\)"' "$work/stdout" | sort -u | wc -l)
expected=$(grep -o '"id":"[a-z0-9]*","method"' "$input" | grep -o '"id":"[a-z0-9]*"' | sort -u)
answered=$(grep -o '"id":"[a-z0-9]*"' "$work/stdout" | sort -u)
missing=$(comm -23 <(echo "$expected") <(echo "$answered") | tr '\n' ' ')
echo "== docent serve exited with status $status; $answers distinct request ids answered; unanswered: ${missing:-none}"
if [[ "$mode" == asan ]]; then
  if [[ -s "$report" ]]; then
    grep -E 'ERROR: (Address|Leak)Sanitizer|SUMMARY|Direct leak|Indirect leak' "$report" | head -20
    echo "leak-check.sh: sanitizer reports (full text: rerun; first lines above)"
    cp "$report" "${LEAK_REPORT:-/tmp/docent-leak-report.txt}"; echo "full report: ${LEAK_REPORT:-/tmp/docent-leak-report.txt}"
    exit 1
  fi
  echo "== no AddressSanitizer or LeakSanitizer report"
else
  sed -n '/HEAP SUMMARY/,$p' "$report"
  grep -q 'definitely lost: 0 bytes' "$report" || grep -q 'All heap blocks were freed' "$report" || {
    echo "leak-check.sh: definite leaks (see above)"; exit 1; }
fi
[[ "$status" == 0 ]] || { echo "leak-check.sh: docent serve exited with $status" >&2; exit 1; }
