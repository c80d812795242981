#!/usr/bin/env bash
# Installs what building the app needs; quick when everything is already there.
#   scripts/setup.sh            Rust wasm target, wasm-bindgen CLI, npm packages (what run.sh needs)
#   scripts/setup.sh --browser  the same, plus Debian chromium + chromium-driver for browser tests
#                               and fonts-noto-cjk, so screenshots show Chinese text, not boxes
# The Python readers of the export tests are installed by scripts/setup-readers.sh (test.sh).
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
  cargo install --locked wasm-bindgen-cli --version "$want"
fi

# npm packages (Leaflet for the page, binaryen's wasm-opt, playwright-core for browser tests).
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--browser" ]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium chromium-driver)
  # Chinese glyphs for the page and its screenshots
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
