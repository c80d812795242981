#!/usr/bin/env bash
# Builds the browser app into www/: the wasm module (www/pkg, cargo profile `web`), the vendored
# Leaflet (www/vendor), and the service worker's file list and build id (www/sw-build.js).
# Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/wasm-build.sh web web www/pkg
node scripts/vendor-leaflet.mjs node_modules/leaflet/dist www/vendor/leaflet
node scripts/precache.mjs www
echo "built www/ ($(du -k www/pkg/zouhang_bg.wasm | cut -f1) KiB wasm)" >&2
