#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, runs every test (core, sync,
# server through prism against the OpenAPI document, app under Xvfb, data validation and
# the OpenAPI lint) and ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh

# The contract tests (redocly lint, every server test through prism) are required here:
# a missing tool fails the configuration instead of skipping them.
npm_tools=$(./build-aux/install-npm-tools.sh)
contract=(-Dcontract_tests=enabled "-Dnpm_tools_dir=$npm_tools")

builddir=_build/test
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" -Dwerror=true "${contract[@]}" >/dev/null
else
  meson setup "$builddir" -Dwerror=true --buildtype=debugoptimized "${contract[@]}"
fi

ninja -C "$builddir"

status=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=$?

/usr/bin/python3 build-aux/count-tests.py "$builddir/meson-logs/testlog.json" || status=$?
exit "$status"
