#!/usr/bin/env bash
# The bench-only Python virtualenv with the reference solvers run side by side with ours:
# LKH-3 through PyPI `elkai` (benches/tsp.rs). Not needed to build, test or run zouhang.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/bench-venv
if [ ! -f "$venv/.stamp" ] || [ benches/requirements.txt -nt "$venv/.stamp" ]; then
  echo "bench-venv: installing benches/requirements.txt into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r benches/requirements.txt
  touch "$venv/.stamp"
fi
