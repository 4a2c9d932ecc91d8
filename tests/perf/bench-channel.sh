#!/usr/bin/env bash
# Channel API benchmark, run by build-aux/bench.sh:
#   tests/perf/bench-channel.sh BUILDDIR PRODUCTS [ACCOUNTS]
# Seeds a demo database (`seed`: categories, PRODUCTS products, ACCOUNTS accounts with
# their users, catalogues, visibility rules, prices, agreements, discounts), starts the
# built heartwork-one-server on loopback, gives one customer user of an active account who
# sees prices a password, logs it in on the channel, and loads GET
# /api/v1/channel/products?limit=50 (pages from random cursors of its assortment) with wrk:
# 2 threads, 64 connections, 10 s. Besides requests/s and the 99th percentile it prints
# the server's CPU time per request (/proc/PID/stat before and after), which depends less
# on what else the machine runs. Prints one "name value unit" line per figure on stdout;
# everything else goes to stderr.
set -euo pipefail

builddir="$1"
products="$2"
accounts="${3:-300}"
server_bin="$builddir/src/server/heartwork-one-server"
wrk_args=(-t2 -c64 -d10s --latency)
password="bench-password-1"

work="$(mktemp -d -t hw-bench-channel-XXXXXX)"
bench_name=bench-channel
# shellcheck source=tests/perf/bench-lib.sh
. "$(dirname "$0")/bench-lib.sh"

# Whatever happens, nothing is left running and nothing left behind.
cleanup() {
  stop "$server_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The database: demo data, a few orders (they do not matter here), one staff owner
db="$work/bench.db"
log "seeding $products products, $accounts accounts"
seed_start=$(date +%s)
"$server_bin" seed --db "$db" --products "$products" --accounts "$accounts" \
  --users "$((accounts * 2))" --orders 1000 >&2
log "seeded in $(( $(date +%s) - seed_start )) s"
start_server "$db"
owner="$(owner_token)"

# A customer user of an active account who sees prices
api GET "/api/v1/accounts?status=active&limit=1000" "$owner" >"$work/accounts.json"
api GET "/api/v1/users?active=true&show_prices=true&limit=1000" "$owner" >"$work/users.json"
read -r user_id user_email < <(/usr/bin/python3 - "$work/accounts.json" "$work/users.json" <<'EOF'
import json, sys
active = {a["id"] for a in json.load(open(sys.argv[1]))["items"]}
for user in json.load(open(sys.argv[2]))["items"]:
    if user["account_id"] in active:
        print(user["id"], user["email"])
        break
EOF
)
[ -n "$user_id" ] || { log "no active user of an active account who sees prices"; exit 1; }
api PUT "/api/v1/users/$user_id/password" "$owner" "{\"password\": \"$password\"}" >/dev/null
channel="$(api POST /api/v1/channel/auth/login "" \
  "{\"email\": \"$user_email\", \"password\": \"$password\"}" | json_member token)"

# Cursors: product ids of the user's assortment, from the first pages (the first load
# also builds the rules engine's snapshot, which the figure must not include)
load_start=$(date +%s%N)
api GET "/api/v1/channel/products?limit=1" "$channel" >"$work/first.json"
log "first channel page (snapshot of the rules) in $(( ($(date +%s%N) - load_start) / 1000000 )) ms"
visible="$(json_member total <"$work/first.json")"
log "the user sees $visible of $products products"
: >"$work/cursors"
cursor=""
for _ in $(seq 10); do
  api GET "/api/v1/channel/products?limit=200${cursor:+&cursor=$cursor}" "$channel" >"$work/page.json"
  /usr/bin/python3 -c 'import json, sys
page = json.load(open(sys.argv[1]))
for item in page["items"]: print(item["id"])' "$work/page.json" >>"$work/cursors"
  cursor="$(json_member next_cursor <"$work/page.json")"
  [ "$cursor" != "None" ] || break
done
log "$(wc -l <"$work/cursors") cursors"

export HW_BENCH_TOKEN="$channel" HW_BENCH_CURSORS="$work/cursors"
cat >"$work/catalog.lua" <<'EOF'
local cursors = {}
for line in io.lines (os.getenv ("HW_BENCH_CURSORS")) do cursors[#cursors + 1] = line end
wrk.headers["Authorization"] = "Bearer " .. os.getenv ("HW_BENCH_TOKEN")
request = function ()
  return wrk.format ("GET", "/api/v1/channel/products?limit=50&cursor=" ..
                     cursors[math.random (#cursors)])
end
EOF

cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$server_pid/stat"
}

ticks_before="$(cpu_ticks)"
run_wrk catalog "$url/api/v1/channel/products" "$work/catalog.lua"
ticks_after="$(cpu_ticks)"

echo "channel_catalog_rps $(requests_per_s catalog) requests/s"
echo "channel_catalog_p99_ms $(p99_ms catalog) ms"
echo "channel_catalog_cpu_us $(awk -v t="$((ticks_after - ticks_before))" \
  -v hz="$(getconf CLK_TCK)" '/ requests in / { printf "%.0f", t * 1000000 / hz / $1 }' "$work/catalog.wrk") us/request"

