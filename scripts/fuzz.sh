#!/usr/bin/env bash
# Runs every cargo-fuzz target for a while (default 60 s each).
#   scripts/fuzz.sh [seconds] [target…]
# cargo-fuzz needs nightly flags; on the stable toolchain we run it with RUSTC_BOOTSTRAP=1 and
# without a sanitizer (-s none): coverage-guided fuzzing still finds panics, which is what we
# look for (the crate forbids unsafe code). Install it with `cargo install cargo-fuzz`.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)
for t in "${targets[@]}"; do
  echo "== fuzz $t for ${secs}s ==" >&2
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" -s none -- -max_total_time="$secs" -print_final_stats=1 2>&1 \
    | grep -E 'stat::number_of_executed_units|Done|panicked|ERROR|SUMMARY' || true
done
