#!/usr/bin/env bash
# Report benchmark: builds the release binary, generates 10k / 100k / 1M stays
# (43 forces, 300 places of safety, spread over 0.3 / 3 / 30 years: about the
# national rate) into SQLite and PostgreSQL, and times the full breach report
# for the last year and for all time on each. Prints a table.
#
#   bash bench/reports.sh                 # all sizes, both backends
#   SIZES="10000 100000" bash bench/reports.sh
#   BACKENDS=sqlite bash bench/reports.sh
#
# Knobs:
#   BENCH_PG_URL   an existing PostgreSQL server to create databases on
#                  (default postgres://postgres@127.0.0.1:5432/postgres)
#   RUNS           timed runs per report (default 7; the median is reported)
#   BENCH_DIR      where the SQLite files go (default a temp dir, deleted after)
#   S136_BIN       use this binary instead of building one
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SIZES="${SIZES:-10000 100000 1000000}"
BACKENDS="${BACKENDS:-sqlite postgres}"
RUNS="${RUNS:-7}"
PG_URL="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

if [ -z "${S136_BIN:-}" ]; then
  echo "==> cargo build --release --locked" >&2
  cargo build --release --locked --bin s136 >&2
  S136_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/s136"
fi

OWN_DIR=0
if [ -z "${BENCH_DIR:-}" ]; then
  BENCH_DIR="$(mktemp -d "${TMPDIR:-/tmp}/s136-bench.XXXXXX")"
  OWN_DIR=1
fi
PG_DBS=()
cleanup() {
  for db in "${PG_DBS[@]}"; do
    psql "$PG_URL" -qAtc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  if [ "$OWN_DIR" = 1 ]; then rm -rf "$BENCH_DIR"; fi
}
trap cleanup EXIT

pg_url_for() { # the server URL with another database name
  local base=${PG_URL%/*}
  echo "$base/$1"
}

# years of data for a size: about 33,000 detentions a year nationally
years_for() {
  case "$1" in
    10000) echo 1 ;;
    100000) echo 3 ;;
    1000000) echo 30 ;;
    *) echo $(( ($1 + 32999) / 33000 )) ;;
  esac
}

ROWS=()
for backend in $BACKENDS; do
  for n in $SIZES; do
    years=$(years_for "$n")
    case "$backend" in
      sqlite)
        url="sqlite://$BENCH_DIR/bench-$n.db"
        rm -f "$BENCH_DIR/bench-$n.db"*
        ;;
      postgres)
        db="s136_bench_$n"
        psql "$PG_URL" -qAtc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
        psql "$PG_URL" -qAtc "CREATE DATABASE $db" >/dev/null
        PG_DBS+=("$db")
        url="$(pg_url_for "$db")"
        ;;
      *) echo "unknown backend $backend" >&2; exit 2 ;;
    esac
    echo "==> $backend: generating $n stays over $years years" >&2
    gen="$("$S136_BIN" --database-url "$url" demo --episodes "$n" --years "$years" | tail -n 1)"
    echo "    $gen" >&2
    rate="$(sed -n 's/.*(\([0-9]*\) stays\/s.*/\1/p' <<<"$gen")"
    for period in year all; do
      # One untimed run warms the caches, as a report page would be warm.
      "$S136_BIN" --database-url "$url" bench-report --period "$period" --runs 1 >/dev/null
      out="$("$S136_BIN" --database-url "$url" bench-report --period "$period" --runs "$RUNS")"
      echo "    $out" >&2
      get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $out"; }
      ROWS+=("$(printf '%-9s %9s %-5s %10s %10s %10s %10s %12s' \
        "$backend" "$n" "$period" "$(get stays_in_window)" "$(get median_ms)" \
        "$(get queries_median_ms)" "$(get client_cpu_ms)" "$rate")")
    done
    if [ "$backend" = postgres ]; then
      psql "$PG_URL" -qAtc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
    else
      rm -f "$BENCH_DIR/bench-$n.db"*
    fi
  done
done

echo
echo "Full breach report (median of $RUNS runs, ms; 'year' = the 365 days to yesterday)"
echo "(client_cpu_ms: CPU of the s136 process per run; for SQLite that is all the work, so it"
echo " is the figure to read when other jobs share the machine; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-9s %9s %-5s %10s %10s %10s %10s %12s\n' backend stays window in_window total_ms queries_ms client_cpu gen_rows/s
for r in "${ROWS[@]}"; do echo "$r"; done
