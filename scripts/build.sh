#!/usr/bin/env bash
# Builds the browser app into www/: the wasm module (www/pkg) and the vendored Leaflet
# (www/vendor). Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --lib --target wasm32-unknown-unknown
wasm-bindgen --target web --no-typescript --out-dir www/pkg \
  target/wasm32-unknown-unknown/release/zouhang.wasm
if [ -x node_modules/.bin/wasm-opt ]; then
  node_modules/.bin/wasm-opt -O2 --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    www/pkg/zouhang_bg.wasm -o www/pkg/zouhang_bg.wasm
fi
mkdir -p www/vendor/leaflet
cp -r node_modules/leaflet/dist/. www/vendor/leaflet/
echo "built www/ ($(du -k www/pkg/zouhang_bg.wasm | cut -f1) KiB wasm)" >&2
