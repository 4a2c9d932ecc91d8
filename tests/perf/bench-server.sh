#!/usr/bin/env bash
# Server benchmarks, run by build-aux/bench.sh:
#   tests/perf/bench-server.sh BUILDDIR PRODUCTS
# Starts the built heartwork-one-server on a fresh database on loopback, imports PRODUCTS
# generated records through POST /api/v1/erp/products (tests/perf/bench-erp.c), then
# loads GET /api/v1/products/{id} and GET /api/v1/changes with wrk, and nginx serving a
# static file the size of one product answer with the same wrk settings, for the ratio.
# Prints one "name value unit" line per figure on stdout; everything else goes to stderr.
#
# HW_BENCH_ERP_FORMAT=json|ndjson chooses the import body (default ndjson, the faster).
set -euo pipefail

builddir="$1"
products="$2"
server_bin="$builddir/src/server/heartwork-one-server"
erp_bin="$builddir/tests/perf/bench-erp"
format="${HW_BENCH_ERP_FORMAT:-ndjson}"
wrk_args=(-t2 -c64 -d10s --latency)
password="bench-password-1"

work="$(mktemp -d -t hw-bench-server-XXXXXX)"
server_pid=""
nginx_pid=""

stop() {
  local pid="$1"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

# Whatever happens, nothing is left running and nothing left behind.
cleanup() {
  stop "$server_pid"
  stop "$nginx_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() {
  echo "bench-server: $*" >&2
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

json_member() {
  /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

# api METHOD PATH TOKEN [BODY]: the answer's body on stdout; fails on any error status.
api() {
  local args=(-sS --noproxy '*' --fail-with-body -X "$1")
  if [ -n "$3" ]; then
    args+=(-H "Authorization: Bearer $3")
  fi
  if [ $# -ge 4 ]; then
    args+=(-H 'Content-Type: application/json' --data-binary "$4")
  fi
  curl "${args[@]}" "$url$2"
}

# run_wrk NAME URL SCRIPT: wrk's report goes to stderr and to $work/NAME.wrk.
run_wrk() {
  local out="$work/$1.wrk"
  wrk "${wrk_args[@]}" ${3:+-s "$3"} "$2" >"$out"
  cat "$out" >&2
  if grep -q 'Non-2xx or 3xx responses' "$out"; then
    log "$1: some answers were errors; the figure would be meaningless"
    exit 1
  fi
  # wrk gives up on an answer after 2 s and leaves it out of the figures: say so
  if grep -q 'Socket errors' "$out"; then
    log "$1: $(grep 'Socket errors' "$out" | sed 's/^ *//') (not counted)"
  fi
}

requests_per_s() {
  awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/$1.wrk"
}

# The 99th percentile of wrk's latency distribution, in milliseconds.
p99_ms() {
  awk '$1 == "99%" {
         v = $2
         if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
         else if (v ~ /ms$/) { sub(/ms$/, "", v) }
         else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
         printf "%.2f", v
       }' "$work/$1.wrk"
}

# The server, on a fresh database, with one staff owner
db="$work/bench.db"
echo "$password" | "$server_bin" user add --db "$db" --email owner@example.com \
  --name "Bench Owner" --role owner >&2

"$server_bin" serve --db "$db" --listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
  if grep -q '^Listening on ' "$work/server.out"; then
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
url="$(sed -n 's/^Listening on //p' "$work/server.out" | head -n 1)"
url="${url%/}"
[ -n "$url" ] || { log "the server did not start"; exit 1; }
log "server at $url (pid $server_pid)"

owner="$(api POST /api/v1/auth/login "" \
  "{\"email\": \"owner@example.com\", \"password\": \"$password\"}" | json_member token)"
integration="$(api POST /api/v1/integrations "$owner" \
  '{"name": "ERP", "kind": "erp", "status": "active"}' | json_member id)"
erp_token="$(api POST "/api/v1/integrations/$integration/tokens" "$owner" \
  '{"scopes": ["erp.products"]}' | json_member token)"

# ERP import
erp_args=("$url" "$erp_token" "$products" --ids "$work/ids")
if [ "$format" = ndjson ]; then
  erp_args+=(--ndjson)
fi
"$erp_bin" "${erp_args[@]}"

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
