#!/usr/bin/env bash
# Builds the wasm benchmark module for Node (feature bench-wasm) into target/bench-wasm/.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --lib --target wasm32-unknown-unknown --features bench-wasm >&2
wasm-bindgen --target nodejs --no-typescript --out-dir target/bench-wasm \
  target/wasm32-unknown-unknown/release/zouhang.wasm >&2
# the repository's package.json says "type": "module"; the nodejs target is CommonJS
echo '{"type": "commonjs"}' > target/bench-wasm/package.json
