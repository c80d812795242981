#!/usr/bin/env bash
# Downloads the Rust registry package `routrs_highways_dataset` 0.1.0 (MIT) and unpacks its
# data/highways.json.gz into bench-data/ (git-ignored). Used by scripts/cut_routrs.py (to make
# data/suzhou/roads_*.csv) and by the road-engine benchmark (whole graph, 560,282 nodes).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench-data/routrs_highways_dataset-0.1.0
if [ -f "$out/data/highways.json.gz" ]; then
  echo "$out/data/highways.json.gz"
  exit 0
fi
mkdir -p bench-data
curl -fsSL --retry 3 -o bench-data/routrs.crate \
  https://static.crates.io/crates/routrs_highways_dataset/routrs_highways_dataset-0.1.0.crate
tar xzf bench-data/routrs.crate -C bench-data
rm -f bench-data/routrs.crate
echo "$out/data/highways.json.gz"
