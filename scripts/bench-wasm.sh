#!/usr/bin/env bash
# Builds the wasm benchmark module for Node (feature bench-wasm), post-processed like the app's
# (scripts/wasm-build.sh), into target/bench-wasm/ (or $2).
#   scripts/bench-wasm.sh [PROFILE=web] [OUT_DIR=target/bench-wasm]
# PROFILE web is the browser app's build; release is the speed-minded one (the CLI's settings).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-web}
out=${2:-target/bench-wasm}
scripts/wasm-build.sh "$profile" nodejs "$out" bench-wasm >&2
# the repository's package.json says "type": "module"; the nodejs target is CommonJS
echo '{"type": "commonjs"}' > "$out/package.json"
