#!/usr/bin/env bash
# Builds an optimised tree and runs the benchmarks in tests/perf: the store's
# (bench-store.c), the server's (bench-server.sh), the sync engine's (bench-sync.c), the
# desktop product table's (bench-app.c; its seeded copy is kept in the temporary directory
# and reused), the desktop app's start (bench-app-start.c, under Xvfb), the rules engine's
# (bench-rules.c: PRODUCTS, 10 000 accounts, 5 000 rules, 2 000 catalogue entries) and the
# channel API's (bench-channel.sh).
# Prints one "name value unit" line per figure on stdout; everything else goes to stderr.
#   ./build-aux/bench.sh [PRODUCTS [SYNC_PRODUCTS [CHANNEL_PRODUCTS [CHANNEL_ACCOUNTS]]]]
# PRODUCTS (default 1000000) is for the store and the ERP import; SYNC_PRODUCTS (default
# PRODUCTS) is the seeded server the initial sync pulls (products with their relations,
# prices and orders). At 1M its comparison through the paged feed alone takes about six
# minutes; HW_BENCH_SYNC_FEED=0 leaves it out.
# CHANNEL_PRODUCTS (default PRODUCTS) and CHANNEL_ACCOUNTS (default 10 000) size the
# seeded database the channel catalogue is measured on.
set -euo pipefail
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh --bench >&2

builddir=_build/release
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" >/dev/null
else
  meson setup "$builddir" --buildtype=release >&2
fi
ninja -C "$builddir" tests/perf/bench-store tests/perf/bench-erp tests/perf/bench-erp-floor \
  tests/perf/bench-soup-bare tests/perf/bench-sync \
  tests/perf/bench-app tests/perf/bench-app-start tests/perf/bench-rules \
  src/server/heartwork-one-server src/app/heartwork-one >&2

products="${1:-1000000}"
"$builddir/tests/perf/bench-store" "$products"
"$builddir/tests/perf/bench-rules" "$products" 10000 5000 2000
"./tests/perf/bench-server.sh" "$builddir" "$products"
HW_SERVER_BINARY="$builddir/src/server/heartwork-one-server" \
  "$builddir/tests/perf/bench-sync" "${2:-$products}"
"$builddir/tests/perf/bench-app" "$products"
# Process start to the first frame of the sections, on a local copy of PRODUCTS products.
GDK_BACKEND=x11 GSK_RENDERER=cairo xvfb-run -a -s '-screen 0 1920x1080x24' \
  "$builddir/tests/perf/bench-app-start" "$builddir/src/app/heartwork-one" "$products"
"./tests/perf/bench-channel.sh" "$builddir" "${3:-$products}" "${4:-10000}"
