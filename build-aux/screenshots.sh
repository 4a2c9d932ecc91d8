#!/usr/bin/env bash
# Renders the app at 1280x800 to PNG files in DIR: the sign-in page, the first sync,
# every section, the Assortment with data, the product editor, bulk edit, the attribute
# definitions, the sync popover, a conflict and the preferences, against a demo
# server seeded on loopback (tests/app/hw-screenshots.c; add shots there).
#   ./build-aux/screenshots.sh DIR [PRODUCTS]     (PRODUCTS: 2000 by default)
#   LANGUAGE=nl ./build-aux/screenshots.sh DIR    (in Dutch, from the build tree's catalogue)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ]; then
  echo "Usage: $0 DIR [PRODUCTS]" >&2
  exit 2
fi
outdir="$(mkdir -p "$1" && cd "$1" && pwd)"
products="${2:-2000}"

# HW_BUILDDIR chooses an existing build tree (e.g. _build/dev) instead of a new one.
builddir="${HW_BUILDDIR:-_build/screenshots}"
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" >&2
fi
ninja -C "$builddir" tests/app/hw-screenshots src/server/heartwork-one-server \
  data/gschemas.compiled heartwork-one-gmo >&2

# As the app tests run: X11 under Xvfb, the cairo renderer, no session bus or keyring.
env -u DBUS_SESSION_BUS_ADDRESS \
  GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=test NO_AT_BRIDGE=1 GIO_USE_VFS=local \
  GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$builddir/data" \
  HW_SERVER_BINARY="$builddir/src/server/heartwork-one-server" \
  HW_LOCALEDIR="$(cd "$builddir" && pwd)/po" LC_ALL="${LC_ALL:-C.UTF-8}" \
  xvfb-run -a -s '-screen 0 1920x1080x24' \
  "$builddir/tests/app/hw-screenshots" "$outdir" "$products"
