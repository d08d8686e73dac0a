#!/usr/bin/env bash
# Load-tests the main pages and API reads/writes of a release build on
# loopback with wrk, on SQLite and (when reachable) PostgreSQL, and prints
# requests/second and latency percentiles, plus page weights.
# Usage: bench/pages.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
bin=${S136_BIN:-$PWD/target/release/s136}
[ -x "$bin" ] || cargo build --release --locked
pg_admin=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}

tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# login BASE USER PASSWORD -> prints "cookie<TAB>csrf"
login() {
  local jar="$tmp/jar-$2" csrf
  csrf=$(curl -s -c "$jar" "$1/login" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n1)
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "username=$2" --data-urlencode "password=$3" --data-urlencode "csrf_token=$csrf" "$1/login"
  local cookie page_csrf
  cookie=$(awk '$6=="s136_session"{print "s136_session="$7}' "$jar")
  page_csrf=$(curl -s -H "Cookie: $cookie" "$1/episodes/new" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n1)
  printf '%s\t%s\n' "$cookie" "$page_csrf"
}

# run LABEL URL [wrk args...] -> one table row
run() {
  local label=$1 url=$2; shift 2
  local out
  out=$(wrk -t2 -c16 -d"${secs}s" --latency "$@" "$url")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(grep -Eo 'Non-2xx or 3xx responses: [0-9]+' <<<"$out" | grep -Eo '[0-9]+$' || echo 0)
  printf '%-10s %-34s %10s %9s %9s %8s\n' "$backend" "$label" "$rps" "$p50" "$p99" "$errors"
}

bench_backend() {
  local url=$1
  "$bin" --database-url "$url" demo --episodes 300 > "$tmp/demo-$backend.txt"
  local port; port=$(free_port)
  RUST_LOG=warn "$bin" --database-url "$url" serve --bind "127.0.0.1:$port" > "$tmp/server-$backend.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$port" pw
  pw() { awk -v u="$1" '$1==u {print $3}' "$tmp/demo-$backend.txt"; }
  local nurse officer manager token
  nurse=$(login "$base" nurse.oak "$(pw nurse.oak)" | cut -f1)
  IFS=$'\t' read -r officer officer_csrf < <(login "$base" officer.wmp "$(pw officer.wmp)")
  manager=$(login "$base" manager.all "$(pw manager.all)" | cut -f1)
  token=$("$bin" --database-url "$url" token create --username officer.wmp --label bench)
  local ref; ref=$(curl -s -H "Cookie: $officer" "$base/officer" | grep -Eo 'S136-[0-9]{4}-[0-9]{6}' | head -n1)

  # The board with 50 people waiting at one site, against /favicon.ico (the
  # same middleware, no session, no database) in the same run, 64 connections:
  # the board is rendered once per change per site and minute, then served.
  local waiting
  waiting=$(curl -s -H "Cookie: $nurse" "$base/board" | grep -c 'id="row-S136-' || true)
  for _ in $(seq "$waiting" 49); do
    curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"site":"OAK"}' "$base/api/v1/episodes"
  done
  waiting=$(curl -s -H "Cookie: $nurse" "$base/board" | grep -c 'id="row-S136-' || true)
  local fav board
  fav=$(wrk -t2 -c64 -d"${secs}s" --latency "$base/favicon.ico")
  board=$(wrk -t2 -c64 -d"${secs}s" --latency -H "Cookie: $nurse" "$base/board")
  local frps brps bp99
  frps=$(awk '/Requests\/sec/ {print $2}' <<<"$fav")
  brps=$(awk '/Requests\/sec/ {print $2}' <<<"$board")
  bp99=$(awk '$1=="99%" {print $2}' <<<"$board")
  printf '%-10s board (%s waiting at OAK), 64 connections: %s req/s, p99 %s; /favicon.ico %s req/s; ratio %s\n' \
    "$backend" "$waiting" "$brps" "$bp99" "$frps" "$(python3 -c "print(round($brps / $frps, 3))")" >> "$tmp/board-ratio.txt"
  run "GET /board (health)" "$base/board" -H "Cookie: $nurse"
  run "GET /episodes/{ref} (officer)" "$base/episodes/$ref" -H "Cookie: $officer"
  run "GET /cases (manager, 100 rows)" "$base/cases" -H "Cookie: $manager"
  run "GET /api/v1/episodes?limit=50" "$base/api/v1/episodes?limit=50" -H "Authorization: Bearer $token"
  cat > "$tmp/post.lua" <<LUA
counter = 0
request = function()
  counter = counter + 1
  local body = "site=OAK&arrival=now&csrf_token=$officer_csrf&form_token=" .. tostring(math.random(1, 2000000000)) .. "-" .. counter
  return wrk.format("POST", "/episodes", {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "$officer"}, body)
end
LUA
  run "POST /episodes (log arrival)" "$base" -s "$tmp/post.lua"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

echo "wrk: 2 threads, 16 connections, ${secs}s per row, release build, $(nproc) cores"
printf '%-10s %-34s %10s %9s %9s %8s\n' backend request "req/s" p50 p99 non-2xx
backend=sqlite
bench_backend "sqlite://$tmp/bench.db"
if psql "$pg_admin" -Atqc 'select 1' >/dev/null 2>&1; then
  db="s136_bench_$$"
  psql "$pg_admin" -qc "CREATE DATABASE $db" >/dev/null
  backend=postgres
  bench_backend "${pg_admin%/*}/$db"
  psql "$pg_admin" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
else
  echo "(PostgreSQL not reachable at $pg_admin: skipped)"
fi

echo
echo "The board against a plain handler:"
cat "$tmp/board-ratio.txt"

echo
echo "Page weight (what a phone downloads; CSS/JS are cached for a year after the first visit):"
port=$(free_port)
"$bin" --database-url "sqlite://$tmp/bench.db" serve --bind "127.0.0.1:$port" > /dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
prefix=$(curl -s "http://127.0.0.1:$port/login" | grep -o '/static/[0-9a-f]*/' | head -n1)
for path in /login "${prefix}nhsuk/nhsuk-frontend.min.css" "${prefix}nhsuk/nhsuk-frontend.min.js" "${prefix}app.js" "${prefix}app.css"; do
  gz=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port$path")
  printf '  %-48s %7s bytes gzipped\n' "$path" "$gz"
done
