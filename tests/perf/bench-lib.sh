# Shell helpers shared by the server benchmarks (bench-server.sh, bench-channel.sh), which
# source this file after setting: bench_name, work (a temporary directory), server_bin,
# wrk_args and password. Every function prints its figure or its body on stdout and its
# talk on stderr.

server_pid=""
url=""

log() {
  echo "$bench_name: $*" >&2
}

stop() {
  local pid="$1"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
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

# wait_listening PID OUT LOG TENTHS: waits up to TENTHS tenths of a second for the
# "Listening on URL" line a server prints on OUT; exits with its LOG if it dies first.
wait_listening() {
  for _ in $(seq "$4"); do
    if grep -q '^Listening on ' "$2"; then
      return 0
    fi
    kill -0 "$1" 2>/dev/null || { cat "$3" >&2; exit 1; }
    sleep 0.1
  done
}

# start_server DB: adds the staff owner owner@example.com ($password) to DB, serves it on
# a free loopback port and sets server_pid and url.
start_server() {
  local db="$1"

  echo "$password" | "$server_bin" user add --db "$db" --email owner@example.com \
    --name "Bench Owner" --role owner >&2
  "$server_bin" serve --db "$db" --listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.log" &
  server_pid=$!
  wait_listening "$server_pid" "$work/server.out" "$work/server.log" 600
  url="$(sed -n 's/^Listening on //p' "$work/server.out" | head -n 1)"
  url="${url%/}"
  [ -n "$url" ] || { log "the server did not start"; exit 1; }
  log "server at $url (pid $server_pid)"
}

# owner_token: a staff session of the owner start_server added.
owner_token() {
  api POST /api/v1/auth/login "" \
    "{\"email\": \"owner@example.com\", \"password\": \"$password\"}" | json_member token
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
