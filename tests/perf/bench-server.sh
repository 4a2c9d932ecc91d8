#!/usr/bin/env bash
# Server benchmarks, run by build-aux/bench.sh:
#   tests/perf/bench-server.sh BUILDDIR PRODUCTS
# Starts the built heartwork-one-server on a fresh database on loopback, imports PRODUCTS
# generated records through POST /api/v1/erp/products (tests/perf/bench-erp.c), then
# loads GET /api/v1/products/{id} and GET /api/v1/changes with wrk. For the ratios, the
# same wrk settings then load nginx serving one product answer as a static file, and
# tests/perf/bench-soup-bare: libsoup alone answering those bytes to every request, one
# server thread per core, no routing, auth or database (issue 3 asks for product GETs at
# half of that ceiling). Last, with the server stopped, tests/perf/bench-erp-floor: what
# SQLite alone takes to store those products, the floor under the import's figure.
# Prints one "name value unit" line per figure on stdout; everything else goes to stderr.
#
# HW_BENCH_ERP_FORMAT=json|ndjson chooses the import body (default ndjson, the faster).
set -euo pipefail

builddir="$1"
products="$2"
server_bin="$builddir/src/server/heartwork-one-server"
erp_bin="$builddir/tests/perf/bench-erp"
bare_bin="$builddir/tests/perf/bench-soup-bare"
format="${HW_BENCH_ERP_FORMAT:-ndjson}"
wrk_args=(-t2 -c64 -d10s --latency)
password="bench-password-1"

work="$(mktemp -d -t hw-bench-server-XXXXXX)"
bench_name=bench-server
# shellcheck source=tests/perf/bench-lib.sh
. "$(dirname "$0")/bench-lib.sh"
nginx_pid=""
bare_pid=""

# Whatever happens, nothing is left running and nothing left behind.
cleanup() {
  stop "$server_pid"
  stop "$nginx_pid"
  stop "$bare_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The server, on a fresh database, with one staff owner
start_server "$work/bench.db"

owner="$(owner_token)"
integration="$(api POST /api/v1/integrations "$owner" \
  '{"name": "ERP", "kind": "erp", "status": "active"}' | json_member id)"
erp_token="$(api POST "/api/v1/integrations/$integration/tokens" "$owner" \
  '{"scopes": ["erp.products"]}' | json_member token)"

# ERP import
erp_args=(--ids "$work/ids")
if [ "$format" = ndjson ]; then
  erp_args+=(--ndjson)
fi
# After "--": a token may start with "-".
"$erp_bin" "${erp_args[@]}" -- "$url" "$erp_token" "$products" | tee "$work/erp.out"

# Product GET: random ids among a sample of the imported products
export HW_BENCH_TOKEN="$owner" HW_BENCH_IDS="$work/ids"
cat >"$work/get.lua" <<'EOF'
local ids = {}
for line in io.lines (os.getenv ("HW_BENCH_IDS")) do ids[#ids + 1] = line end
wrk.headers["Authorization"] = "Bearer " .. os.getenv ("HW_BENCH_TOKEN")
request = function ()
  return wrk.format ("GET", "/api/v1/products/" .. ids[math.random (#ids)])
end
EOF
run_wrk get "$url/api/v1/products" "$work/get.lua"
echo "api_get_product_rps $(requests_per_s get) requests/s"
echo "api_get_product_p99_ms $(p99_ms get) ms"

# Changes feed: pages of 100 from random revisions up to the last import's
mkdir -p "$work/www"
api GET "/api/v1/products/$(tail -n 1 "$work/ids")" "$owner" >"$work/www/product.json"
export HW_BENCH_MAX_REV
HW_BENCH_MAX_REV="$(json_member rev <"$work/www/product.json")"
cat >"$work/changes.lua" <<'EOF'
local max_rev = tonumber (os.getenv ("HW_BENCH_MAX_REV"))
wrk.headers["Authorization"] = "Bearer " .. os.getenv ("HW_BENCH_TOKEN")
request = function ()
  return wrk.format ("GET", "/api/v1/changes?limit=100&since=" .. math.random (0, max_rev - 1))
end
EOF
run_wrk changes "$url/api/v1/changes" "$work/changes.lua"
echo "changes_page_rps $(requests_per_s changes) requests/s"

stop "$server_pid"
server_pid=""

# nginx serving one product answer as a static file, as the current user
mkdir -p "$work/nginx/tmp"
port="$(free_port)"
user_line=""
if [ "$(id -u)" -eq 0 ]; then
  # Workers would otherwise drop to nobody, who cannot enter the private temp dir
  user_line="user root;"
fi
cat >"$work/nginx/nginx.conf" <<EOF
$user_line
worker_processes 2;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  default_type application/json;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
  }
}
EOF
nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 50); do
  if curl -s --noproxy '*' -o /dev/null "http://127.0.0.1:$port/product.json"; then
    break
  fi
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/error.log" >&2; exit 1; }
  sleep 0.1
done
log "nginx at http://127.0.0.1:$port/, a static file of $(stat -c %s "$work/www/product.json") bytes"
run_wrk nginx "http://127.0.0.1:$port/product.json"
echo "nginx_static_rps $(requests_per_s nginx) requests/s"
stop "$nginx_pid"
nginx_pid=""

# libsoup's own ceiling on this machine, with the same answer and the same wrk settings
"$bare_bin" "$work/www/product.json" >"$work/bare.out" 2>"$work/bare.log" &
bare_pid=$!
wait_listening "$bare_pid" "$work/bare.out" "$work/bare.log" 50
bare_url="$(sed -n 's/^Listening on \([^ ]*\).*/\1/p' "$work/bare.out")"
[ -n "$bare_url" ] || { log "bench-soup-bare did not start"; exit 1; }
log "$(cat "$work/bare.out")"
run_wrk bare "${bare_url}product.json"
echo "libsoup_bare_rps $(requests_per_s bare) requests/s"
awk -v api="$(requests_per_s get)" -v bare="$(requests_per_s bare)" \
  'BEGIN { printf "api_get_product_of_bare_pct %.0f %%\n", 100 * api / bare }'
stop "$bare_pid"
bare_pid=""

# SQLite's own floor for what the import stores per product (tests/perf/bench-erp-floor.c),
# with the server stopped so that it has the machine to itself
stop "$server_pid"
server_pid=""
"$builddir/tests/perf/bench-erp-floor" "$products" | tee "$work/floor.out"
awk -v erp="$(awk '/^erp_import_records_per_s/ { print $2 }' "$work/erp.out")" \
  -v floor="$(awk '/^erp_import_sqlite_floor_records_per_s/ { print $2 }' "$work/floor.out")" \
  'BEGIN { printf "erp_import_of_sqlite_floor_pct %.0f %%\n", 100 * erp / floor }'
