#!/usr/bin/env bash
# Builds the browser app into www/: the wasm module (www/pkg, cargo profile `web`), the vendored
# Leaflet (www/vendor), and the service worker's file list and build id (www/sw-build.js).
# Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Runs a long step with a progress line: the elapsed time every 10 s (on one line in a terminal),
# so a quiet optimising compiler does not look like a hang.
with_progress() {
  local label=$1
  shift
  local t0=$SECONDS
  "$@" &
  local pid=$!
  trap 'kill "$pid" 2>/dev/null' INT TERM
  local last=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    local t=$((SECONDS - t0))
    if [ $((t - last)) -ge 10 ]; then
      last=$t
      if [ -t 2 ]; then printf '\r[build] %s… %d s ' "$label" "$t" >&2; else printf '[build] %s… %d s\n' "$label" "$t" >&2; fi
    fi
  done
  local rc=0
  wait "$pid" || rc=$?
  trap - INT TERM
  [ -t 2 ] && [ "$last" -gt 0 ] && printf '\n' >&2
  if [ "$rc" -ne 0 ]; then
    printf '[build] %s failed after %d s\n' "$label" $((SECONDS - t0)) >&2
    return "$rc"
  fi
  printf '[build] %s done in %d s\n' "$label" $((SECONDS - t0)) >&2
}

with_progress "building the wasm module (profile web; a few minutes the first time)" scripts/wasm-build.sh web web www/pkg
node scripts/vendor-leaflet.mjs node_modules/leaflet/dist www/vendor/leaflet
node scripts/precache.mjs www
echo "built www/ ($(du -k www/pkg/zouhang_bg.wasm | cut -f1) KiB wasm)" >&2
