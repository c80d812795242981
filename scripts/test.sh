#!/usr/bin/env bash
# Runs every test: native (unit, integration, doc), wasm (Node), and browser (headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
scripts/setup-readers.sh

echo "== native tests ==" >&2
cargo test

echo "== export readers (Python: gpxpy, pykml, lxml schemas, geojson) ==" >&2
cargo build --bin zouhang
target/debug/zouhang demo plan --out target/demo_plan.json
target/readers-venv/bin/python tests/readers/check_exports.py target/debug/zouhang \
  tests/fixtures/plan_seeded.json target/demo_plan.json

echo "== wasm tests (Node) ==" >&2
cargo test --target wasm32-unknown-unknown --test wasm --test wasm_draw

echo "== browser tests (headless Chromium) ==" >&2
scripts/build.sh
cargo build --bin zouhang
node --test --test-concurrency=1 tests/browser/
