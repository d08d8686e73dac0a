#!/usr/bin/env bash
# Backup benchmark: a 1,000,000-stay SQLite database (as bench/reports.sh
# makes it: s136 demo --episodes 1000000 --years 30), then `s136 backup`
# twice: on the idle database, and while a server on it takes API arrivals
# in a loop. Prints the database size, each backup's size and time, the
# arrivals acknowledged during the loaded backup, and a restore's time.
#
#   bash bench/backup.sh
#   STAYS=100000 bash bench/backup.sh
#
# Knobs: STAYS (default 1000000), YEARS (default 30), BENCH_DIR (default a
# temp dir, deleted after), S136_BIN (default: build the release binary).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STAYS="${STAYS:-1000000}"
YEARS="${YEARS:-30}"
if [ -z "${S136_BIN:-}" ]; then
  echo "==> cargo build --release --locked" >&2
  cargo build --release --locked --bin s136 >&2
  S136_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/s136"
fi
OWN_DIR=0
if [ -z "${BENCH_DIR:-}" ]; then
  BENCH_DIR="$(mktemp -d "${TMPDIR:-/tmp}/s136-backup-bench.XXXXXX")"
  OWN_DIR=1
fi
SERVER=""
LOAD=""
cleanup() {
  [ -n "$LOAD" ] && kill "$LOAD" 2>/dev/null || true
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "$OWN_DIR" = 1 ]; then rm -rf "$BENCH_DIR"; fi
}
trap cleanup EXIT

db="$BENCH_DIR/big.db"
url="sqlite://$db"
rm -f "$db"*
echo "==> generating $STAYS stays over $YEARS years" >&2
"$S136_BIN" --database-url "$url" demo --episodes "$STAYS" --years "$YEARS" | tail -n 1 >&2
db_bytes=$(stat -c %s "$db")

secs() { # seconds since $1 (date +%s.%N)
  echo "$(date +%s.%N) $1" | awk '{printf "%.2f", $1 - $2}'
}

echo "==> backup, idle" >&2
t=$(date +%s.%N)
"$S136_BIN" --database-url "$url" backup --to "$BENCH_DIR/idle.db" >&2
idle_s=$(secs "$t")
idle_bytes=$(stat -c %s "$BENCH_DIR/idle.db")

echo "==> backup, with a server taking arrivals" >&2
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token=$("$S136_BIN" --database-url "$url" token create --username officer.wmp 2>/dev/null)
S136_BIND="127.0.0.1:$port" "$S136_BIN" --database-url "$url" serve >"$BENCH_DIR/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
: >"$BENCH_DIR/acks"
: >"$BENCH_DIR/refused"
(
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/v1/episodes" \
      -H "authorization: Bearer $token" -H 'content-type: application/json' -d '{"site":"WMP01"}')
    if [ "$code" = 201 ]; then echo "$(date +%s.%N)" >>"$BENCH_DIR/acks"; else echo "$code" >>"$BENCH_DIR/refused"; fi
  done
) &
LOAD=$!
sleep 2
t=$(date +%s.%N)
"$S136_BIN" --database-url "$url" backup --to "$BENCH_DIR/loaded.db" >&2
t_end=$(date +%s.%N)
loaded_s=$(secs "$t")
loaded_bytes=$(stat -c %s "$BENCH_DIR/loaded.db")
sleep 1
kill "$LOAD"; wait "$LOAD" 2>/dev/null || true; LOAD=""
during=$(awk -v a="$t" -v b="$t_end" '$1 >= a && $1 <= b' "$BENCH_DIR/acks" | wc -l)
total=$(wc -l <"$BENCH_DIR/acks")
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""

echo "==> restore into a fresh database" >&2
t=$(date +%s.%N)
"$S136_BIN" --database-url "sqlite://$BENCH_DIR/restored/s136.db" restore --from "$BENCH_DIR/loaded.db" >&2
restore_s=$(secs "$t")

mib() { awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'; }
echo
echo "SQLite backup, $STAYS stays (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-30s %s\n' "database file" "$(mib "$db_bytes") ($db_bytes bytes)"
printf '%-30s %s in %s s\n' "backup, idle" "$(mib "$idle_bytes")" "$idle_s"
printf '%-30s %s in %s s\n' "backup, under arrival load" "$(mib "$loaded_bytes")" "$loaded_s"
printf '%-30s %s of %s arrivals acknowledged during the backup\n' "arrivals meanwhile" "$during" "$total"
printf '%-30s %s s\n' "restore (copy + checks)" "$restore_s"
if [ -s "$BENCH_DIR/refused" ]; then
  echo "arrivals refused: $(sort "$BENCH_DIR/refused" | uniq -c | tr '\n' ' ')" >&2
  exit 1
fi
if [ "$during" = 0 ]; then echo "no arrival was acknowledged during the backup: no load" >&2; exit 1; fi
