#!/bin/sh
# Runs a test program in a private D-Bus session with a new, unlocked gnome-keyring
# whose files live in a temporary directory, removed afterwards: the libsecret token
# store against a real Secret Service, without touching the user's keyring.
set -eu

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
export HOME="$dir" XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/run" HW_TEST_KEYRING=1
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# The daemon is not under test: the test's G_DEBUG=fatal-warnings and malloc checks
# would make it abort on warnings of its own.
dbus-run-session -- sh -c '
  printf test | env -u G_DEBUG -u MALLOC_PERTURB_ -u MALLOC_CHECK_ \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' sh "$@"
