#!/usr/bin/env bash
# Builds the crate's wasm with one cargo profile and post-processes it the way the browser app
# does (wasm-bindgen, then binaryen's wasm-opt), so the app (scripts/build.sh) and the
# benchmarks (scripts/bench-wasm.sh, scripts/bench-size.mjs) measure the same kind of module.
#   scripts/wasm-build.sh PROFILE BINDGEN_TARGET OUT_DIR [FEATURES]
#   PROFILE: web (the app: size-minded, see Cargo.toml) | release (speed-minded, the CLI's)
#   BINDGEN_TARGET: web (the page) | nodejs (the benchmark programs)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=$1 target=$2 out=$3 features=${4:-}

# wasm-opt level per profile: -Oz for the size-minded app build, -O2 for the speed-minded one
case "$profile" in
  web) opt=-Oz ;;
  *) opt=-O2 ;;
esac
dir=$profile
[ "$profile" = dev ] && dir=debug

echo "[wasm-build] cargo build --profile $profile${features:+ --features $features} (a few minutes on a busy machine)" >&2
cargo build --profile "$profile" --lib --target wasm32-unknown-unknown ${features:+--features "$features"} >&2
# built beside the output folder and moved in at the end: a page or benchmark using the old
# module never sees a half-written one
tmp="$out.tmp"
rm -rf "$tmp"
wasm-bindgen --target "$target" --no-typescript --out-dir "$tmp" \
  "target/wasm32-unknown-unknown/$dir/zouhang.wasm" >&2
if [ -x node_modules/.bin/wasm-opt ]; then
  echo "[wasm-build] wasm-opt $opt (a few minutes)" >&2
  node_modules/.bin/wasm-opt "$opt" --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$tmp/zouhang_bg.wasm" -o "$tmp/zouhang_bg.wasm"
else
  echo "[wasm-build] node_modules/.bin/wasm-opt missing (scripts/setup.sh): module not optimised" >&2
fi
rm -rf "$out"
mv "$tmp" "$out"
