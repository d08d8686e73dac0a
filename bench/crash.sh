#!/usr/bin/env bash
# kill -9 during an 8-thread arrival load: 20 rounds on SQLite and 5 on
# PostgreSQL (CRASH_SQLITE_ROUNDS / CRASH_PG_ROUNDS), each on a fresh database.
# Prints acknowledged, found and lost (must be 0) per round; exits non-zero on
# any loss. scripts/test.sh runs a short version of the same script.
# Usage: bench/crash.sh   (S136_BIN, TEST_DATABASE_URL or BENCH_PG_URL optional)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${S136_BIN:-$PWD/target/release/s136}
[ -x "$bin" ] || cargo build --release --locked
pg_admin=${TEST_DATABASE_URL:-${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}}
psql=${PSQL:-psql}
tmp=$(mktemp -d)
pg_db=""
cleanup() {
  [ -n "$pg_db" ] && "$psql" -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== SQLite (synchronous=${S136_SQLITE_SYNCHRONOUS:-full})"
python3 bench/crash.py --bin "$bin" --db "sqlite://$tmp/crash.db" --rounds "${CRASH_SQLITE_ROUNDS:-20}"

if command -v "$psql" >/dev/null && "$psql" -q "$pg_admin" -c 'SELECT 1' >/dev/null 2>&1; then
  pg_db="s136_crash_$$"
  "$psql" -q "$pg_admin" -c "CREATE DATABASE $pg_db" >/dev/null
  echo "== PostgreSQL"
  python3 bench/crash.py --bin "$bin" --db "${pg_admin%/*}/$pg_db" --rounds "${CRASH_PG_ROUNDS:-5}"
else
  echo "crash.sh: no PostgreSQL reachable at $pg_admin" >&2
  exit 1
fi
