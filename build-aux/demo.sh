#!/usr/bin/env bash
# The demo: installs what is missing, builds, seeds a demo server database (a technical
# wholesaler with 20 000 products) unless it exists, starts heartwork-one-server on a
# free loopback port, and opens the app signed in to it. Closing the app stops the
# server. Works as root on a fresh Debian 12 with a display.
#
#   ./build-aux/demo.sh
#
#   HW_DEMO_DB=FILE       the server database (default: XDG_DATA_HOME/heartwork-one-demo/demo.db)
#   HW_DEMO_PRODUCTS=N    products to seed a new database with (default 20000)
#   HW_DEMO_HOME=DIR      keep the app's data and settings in DIR between runs; without
#                         it they go to a temporary directory removed at the end, so the
#                         demo never touches your own profiles
#   HW_BUILDDIR=DIR       build in DIR (default _build/demo, a release build)
#
# The staff user is demo@example.com with the password "heartwork-demo".
set -euo pipefail
cd "$(dirname "$0")/.."

email=demo@example.com
password=heartwork-demo

./build-aux/install-deps.sh

builddir="${HW_BUILDDIR:-_build/demo}"
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" >/dev/null
else
  meson setup "$builddir" --buildtype=release
fi
ninja -C "$builddir" src/app/heartwork-one src/server/heartwork-one-server data/gschemas.compiled
server="$builddir/src/server/heartwork-one-server"

db="${HW_DEMO_DB:-${XDG_DATA_HOME:-$HOME/.local/share}/heartwork-one-demo/demo.db}"
mkdir -p "$(dirname "$db")"
if [ -s "$db" ]; then
  echo "Using the demo database $db (remove it to seed a fresh one)"
else
  echo "Seeding $db with ${HW_DEMO_PRODUCTS:-20000} products…"
  "$server" seed --db "$db" --products "${HW_DEMO_PRODUCTS:-20000}"
fi

# The staff user, unless an earlier run added it.
if ! printf '%s\n' "$password" | "$server" user add --db "$db" --email "$email" \
       --name "Demo" --role owner 2>/dev/null; then
  echo "The staff user $email is there already"
fi

# The app's own directories: a temporary home unless HW_DEMO_HOME says where.
if [ -n "${HW_DEMO_HOME:-}" ]; then
  home="$HW_DEMO_HOME"
  mkdir -p "$home"
  tmp_home=
else
  home="$(mktemp -d -t heartwork-one-demo-XXXXXX)"
  tmp_home="$home"
fi
logdir="$home/log"
mkdir -p "$home/data" "$home/config" "$logdir"

server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$tmp_home" ]; then
    rm -rf "$tmp_home"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Port 0: the server picks a free port and says which on its first line.
"$server" serve --db "$db" --listen 127.0.0.1:0 >"$logdir/server.out" 2>"$logdir/server.log" &
server_pid=$!
url=
for _ in $(seq 1 300); do
  if line="$(grep -m 1 '^Listening on http' "$logdir/server.out" 2>/dev/null)"; then
    url="${line#Listening on }"
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "The server did not start; its log:" >&2
    cat "$logdir/server.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "The server did not say where it listens; see $logdir/server.log" >&2
  exit 1
fi
echo "Server: $url (log: $logdir/server.log)"

export XDG_DATA_HOME="$home/data"
export XDG_CONFIG_HOME="$home/config"
# The app's settings (window size, sync interval) from the build tree, kept in a file
# under XDG_CONFIG_HOME rather than in the user's dconf.
export GSETTINGS_SCHEMA_DIR="$builddir/data"
export GSETTINGS_BACKEND="${GSETTINGS_BACKEND:-keyfile}"

# Without a running Secret Service (a root shell, a bare X session) the sign-in stays
# in memory for this run.
if [ -z "${HW_TOKEN_STORE:-}" ] &&
   ! gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
       --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null |
     grep -q true; then
  export HW_TOKEN_STORE=memory
fi

echo "Opening Heart.work ONE as $email…"
printf '%s\n' "$password" |
  "$builddir/src/app/heartwork-one" --server "$url" --email "$email" --password-stdin
