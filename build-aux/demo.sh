#!/usr/bin/env bash
# Installs what is missing, builds, and seeds a demo database with a realistic technical
# wholesaler (20 000 products, 300 accounts, 1 500 users, 50 000 orders) unless it
# exists already, then says where it is.
#   HW_DEMO_DB=/path/to/demo.db ./build-aux/demo.sh   to choose the file
set -euo pipefail
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh

builddir=_build/demo
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" >/dev/null
else
  meson setup "$builddir" --buildtype=release
fi
ninja -C "$builddir"

datadir="${XDG_DATA_HOME:-$HOME/.local/share}/heartwork-one"
db="${HW_DEMO_DB:-$datadir/demo.db}"
mkdir -p "$(dirname "$db")"

if [ -s "$db" ]; then
  echo "The demo database is already there: $db"
  echo "(remove it to seed a fresh one)"
else
  "$builddir/src/server/heartwork-one-server" seed --db "$db"
  echo "Demo database: $db"
fi
