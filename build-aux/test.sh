#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, runs every test (core, sync,
# server, app under Xvfb, data validation) and ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh

builddir=_build/test
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" -Dwerror=true >/dev/null
else
  meson setup "$builddir" -Dwerror=true --buildtype=debugoptimized
fi

ninja -C "$builddir"

status=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=$?

/usr/bin/python3 build-aux/count-tests.py "$builddir/meson-logs/testlog.json" || status=$?
exit "$status"
