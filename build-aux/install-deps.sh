#!/usr/bin/env bash
# Installs what Heart.work ONE needs to build, test and run on Debian 12, and only what is
# missing, so running it again is cheap. Needs root (or sudo) only when something is missing.
#   ./build-aux/install-deps.sh [--bench]
# --bench adds what only build-aux/bench.sh needs (wrk, nginx), so tests and CI go without.
set -euo pipefail

packages=(
  # build
  meson ninja-build gcc pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libgtk-4-bin libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsqlite3-dev sqlite3
  libsecret-1-dev libsodium-dev
  # HTTPS for the server and its tests (GLib's TLS backend; a test certificate)
  glib-networking openssl
  # data validation
  appstream desktop-file-utils libxml2-utils python3 python3-jsonschema
  # headless display tests
  xvfb xauth dbus-daemon
  # the libsecret token store against a throwaway keyring (tests/sync/run-with-keyring.sh)
  gnome-keyring
)

if [ "${1:-}" = --bench ]; then
  packages+=(
    # the server benchmarks: the load generator, a static-file baseline, a client
    wrk nginx-light curl
  )
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The OpenAPI contract tools (redocly, prism) and a Node.js for them, from the npm registry.
"$(dirname "$0")/install-npm-tools.sh" >/dev/null
