#!/usr/bin/env bash
# Builds an optimised tree and runs the benchmarks in tests/perf. Prints one
# "name value unit" line per figure on stdout; everything else goes to stderr.
#   ./build-aux/bench.sh [PRODUCTS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh >&2

builddir=_build/release
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" >/dev/null
else
  meson setup "$builddir" --buildtype=release >&2
fi
ninja -C "$builddir" tests/perf/bench-store >&2

products="${1:-1000000}"
"$builddir/tests/perf/bench-store" "$products"
