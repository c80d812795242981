#!/usr/bin/env bash
# Builds the app and serves it at http://127.0.0.1:8080/ with the embedded Suzhou data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec node scripts/serve.mjs --host 127.0.0.1 --port "${PORT:-8080}" www
