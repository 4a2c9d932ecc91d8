#!/usr/bin/env bash
# Builds an optimised tree and runs the benchmarks in tests/perf: the store's
# (bench-store.c) and the server's (bench-server.sh). Prints one "name value unit" line
# per figure on stdout; everything else goes to stderr.
#   ./build-aux/bench.sh [PRODUCTS]   (default 1000000; for both the store and the import)
set -euo pipefail
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh --bench >&2

builddir=_build/release
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" >/dev/null
else
  meson setup "$builddir" --buildtype=release >&2
fi
ninja -C "$builddir" tests/perf/bench-store tests/perf/bench-erp \
  src/server/heartwork-one-server >&2

products="${1:-1000000}"
"$builddir/tests/perf/bench-store" "$products"
"./tests/perf/bench-server.sh" "$builddir" "$products"
