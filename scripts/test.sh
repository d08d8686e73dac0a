#!/usr/bin/env bash
# The s136 test command. Works on a fresh Debian 12 machine (root or sudo):
#
#   bash scripts/test.sh
#
# 1. finds (or makes) a PostgreSQL server for the tests and exports TEST_DATABASE_URL:
#      - $TEST_DATABASE_URL if set;
#      - else the local server on 127.0.0.1:5432 (user postgres, trust auth);
#      - else it starts the local Debian cluster (pg_ctlcluster) on that port;
#      - else a private throw-away trust cluster in a temp dir on a spare port,
#        stopped and deleted when this script exits
#        (PostgreSQL is installed with apt-get if it is missing);
# 2. exports S136_REQUIRE_PG=1, so PostgreSQL tests fail instead of skipping;
#    checks that the generated rollup SQL (src/db/report_rollups_*.sql) is what
#    scripts/gen-report-rollups.py writes now and what the migrations install;
#    installs the OpenID provider the single sign-on tests start (npm ci)
#    the SMTP server the email tests start (aiosmtpd, pip into a venv)
#    and the push service the Web Push tests post to (a venv, pip);
# 3. cargo test --locked (all targets, then doc tests);
# 4. cargo build --release --locked, then the browser journeys (bash e2e/run.sh),
#    the API fuzzing (bash scripts/fuzz-api.sh) and two instances behind nginx
#    (bash scripts/nginx-pair.sh);
# 5. prints a summary and exits non-zero if anything failed.
#
# Knobs (all optional):
#   TEST_DATABASE_URL     use this PostgreSQL and skip the discovery above
#   S136_PG_PROBE_HOST    host probed for a running server (default 127.0.0.1)
#   S136_PG_PROBE_PORT    port probed for a running server (default 5432)
#   S136_BIN              s136 binary for the journeys (default target/release/s136)
#   S136_SKIP_CARGO=1     skip steps 3-4's cargo commands (for testing this script)
#   S136_SKIP_E2E=1       skip the browser journeys
#   S136_SKIP_FUZZ=1      skip the API fuzzing (scripts/fuzz-api.sh)
#   (no skip knob is accepted when CI=true)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\n==> %s\n' "$*"; }
warn() { printf 'test.sh: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# ---------------------------------------------------------------- PostgreSQL
PG_PRIVATE_DIR=""
PG_PRIVATE_BIN=""
PG_PRIVATE_OWNER=""

run_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u "$PG_PRIVATE_OWNER" -- "$@"
    else
      su -s /bin/sh "$PG_PRIVATE_OWNER" -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

# shellcheck disable=SC2317  # also invoked by the EXIT trap
stop_private_pg() {
  if [ -n "$PG_PRIVATE_DIR" ] && [ -d "$PG_PRIVATE_DIR" ]; then
    if [ -f "$PG_PRIVATE_DIR/data/postmaster.pid" ]; then
      echo "test.sh: stopping the private PostgreSQL cluster in $PG_PRIVATE_DIR" >&2 || true
      run_as_owner "$PG_PRIVATE_BIN/pg_ctl" -D "$PG_PRIVATE_DIR/data" -m immediate -w stop \
        >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_PRIVATE_DIR"
  fi
  PG_PRIVATE_DIR=""
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local rc=$?
  # Output may go to a pipe that is already closed (`test.sh | head`): a write must
  # not kill us before the private cluster is stopped.
  trap '' PIPE
  stop_private_pg
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 141' PIPE

pg_bin_dir() {
  # Newest PostgreSQL server binaries installed from Debian's packages.
  local d
  # shellcheck disable=SC2012  # plain Debian paths
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; fi
}

ensure_pg_installed() {
  if [ -n "$(pg_bin_dir)" ]; then return 0; fi
  say "PostgreSQL is not installed: apt-get install postgresql"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  if [ -z "$(pg_bin_dir)" ]; then
    warn "PostgreSQL installation did not provide /usr/lib/postgresql/*/bin/initdb"
    return 1
  fi
}

pg_tool() {
  # A client tool from PATH, else from the server's bin dir.
  local tool=$1
  if command -v "$tool" >/dev/null 2>&1; then
    command -v "$tool"
  elif [ -n "$(pg_bin_dir)" ] && [ -x "$(pg_bin_dir)/$tool" ]; then
    echo "$(pg_bin_dir)/$tool"
  fi
}

# pg_usable URL HOST PORT: a server answers there and lets us run a query.
pg_usable() {
  local url=$1 host=$2 port=$3 isready psql
  isready="$(pg_tool pg_isready)"
  [ -n "$isready" ] || return 1
  "$isready" -q -h "$host" -p "$port" -t 5 || return 1
  psql="$(pg_tool psql)"
  if [ -n "$psql" ]; then
    "$psql" "$url" -v ON_ERROR_STOP=1 -Atqc 'select 1' >/dev/null 2>&1 || return 1
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Note: called from an `if`, so errexit is off in here: every step checks itself.
start_private_cluster() {
  ensure_pg_installed || return 1
  PG_PRIVATE_BIN="$(pg_bin_dir)"
  if [ "$(id -u)" = 0 ]; then
    if id postgres >/dev/null 2>&1; then PG_PRIVATE_OWNER=postgres; else PG_PRIVATE_OWNER=nobody; fi
  else
    PG_PRIVATE_OWNER="$(id -un)"
  fi

  PG_PRIVATE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/s136-pg.XXXXXX")" || return 1
  chmod 0755 "$PG_PRIVATE_DIR" || return 1
  if [ "$(id -u)" = 0 ]; then chown "$PG_PRIVATE_OWNER" "$PG_PRIVATE_DIR" || return 1; fi

  local port=""
  for p in $(seq 55432 55531); do
    if ! port_in_use "$p"; then port=$p; break; fi
  done
  if [ -z "$port" ]; then
    warn "no free port in 55432-55531 for a private PostgreSQL cluster"
    return 1
  fi

  say "Starting a private PostgreSQL cluster ($PG_PRIVATE_BIN, owner $PG_PRIVATE_OWNER) on 127.0.0.1:$port in $PG_PRIVATE_DIR"
  run_as_owner "$PG_PRIVATE_BIN/initdb" -D "$PG_PRIVATE_DIR/data" --auth=trust -U postgres \
    -E UTF8 --no-locale >"$PG_PRIVATE_DIR/initdb.log" 2>&1 || {
    cat "$PG_PRIVATE_DIR/initdb.log" >&2
    return 1
  }
  # fsync etc. off: this cluster is thrown away at exit.
  run_as_owner "$PG_PRIVATE_BIN/pg_ctl" -D "$PG_PRIVATE_DIR/data" -l "$PG_PRIVATE_DIR/server.log" \
    -w -t 60 \
    -o "-p $port -k $PG_PRIVATE_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || {
    cat "$PG_PRIVATE_DIR/server.log" >&2
    return 1
  }
  TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  pg_usable "$TEST_DATABASE_URL" 127.0.0.1 "$port" || {
    warn "private PostgreSQL cluster started but does not answer"
    cat "$PG_PRIVATE_DIR/server.log" >&2
    return 1
  }
}

setup_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    say "PostgreSQL: using TEST_DATABASE_URL from the environment"
    return 0
  fi
  local host="${S136_PG_PROBE_HOST:-127.0.0.1}" port="${S136_PG_PROBE_PORT:-5432}"
  local url="postgres://postgres@$host:$port/postgres"

  if pg_usable "$url" "$host" "$port"; then
    say "PostgreSQL: using the server on $host:$port"
    TEST_DATABASE_URL=$url
    return 0
  fi

  # A Debian cluster configured on that port but not running: start it.
  if command -v pg_ctlcluster >/dev/null 2>&1 && command -v pg_lsclusters >/dev/null 2>&1; then
    local ver name cport status
    while read -r ver name cport status _; do
      if [ "$cport" = "$port" ] && [ "$status" != "online" ]; then
        say "PostgreSQL: starting Debian cluster $ver/$name (port $cport)"
        as_root pg_ctlcluster "$ver" "$name" start || warn "pg_ctlcluster $ver $name start failed"
      fi
    done < <(pg_lsclusters -h 2>/dev/null || true)
    if pg_usable "$url" "$host" "$port"; then
      say "PostgreSQL: using the server on $host:$port"
      TEST_DATABASE_URL=$url
      return 0
    fi
  fi

  start_private_cluster
}

# ---------------------------------------------------------------- steps
declare -a SUMMARY=()
FAILED=0
CARGO_PASSED=0
CARGO_FAILED=0
E2E_PASSED=0
E2E_FAILED=0
PAIR_PASSED=0
PAIR_FAILED=0
LOGDIR="$(mktemp -d "${TMPDIR:-/tmp}/s136-test-logs.XXXXXX")"

record() { # record NAME STATUS SECONDS
  SUMMARY+=("$(printf '%-34s %-8s %5ss' "$1" "$2" "$3")")
  if [ "$2" = FAILED ]; then FAILED=1; fi
}

# run_step NAME LOGFILE CMD...: run, tee output to LOGFILE, record the result.
run_step() {
  local name=$1 logfile=$2 start rc
  shift 2
  say "$name: $*"
  start=$SECONDS
  set +e
  "$@" 2>&1 | tee "$logfile"
  rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" -eq 0 ]; then record "$name" ok $((SECONDS - start)); else record "$name" FAILED $((SECONDS - start)); fi
  return "$rc"
}

count_cargo_tests() { # sum "test result: ... N passed; M failed" lines of a cargo test log
  local p f
  p=$(sed -n 's/^test result: .* \([0-9][0-9]*\) passed; \([0-9][0-9]*\) failed;.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
  f=$(sed -n 's/^test result: .* \([0-9][0-9]*\) passed; \([0-9][0-9]*\) failed;.*/\2/p' "$1" | awk '{s+=$1} END {print s+0}')
  CARGO_PASSED=$((CARGO_PASSED + p))
  CARGO_FAILED=$((CARGO_FAILED + f))
}

# CI must run everything: no step may be skipped there.
if [ "${CI:-}" = true ]; then
  for knob in S136_SKIP_CARGO S136_SKIP_E2E S136_SKIP_FUZZ; do
    if [ "${!knob:-0}" = 1 ]; then warn "$knob=1 is not allowed in CI"; exit 1; fi
  done
fi

# 1. PostgreSQL
start=$SECONDS
if setup_postgres; then
  export TEST_DATABASE_URL
  record "PostgreSQL for tests" ok $((SECONDS - start))
  echo "TEST_DATABASE_URL=$TEST_DATABASE_URL"
else
  record "PostgreSQL for tests" FAILED $((SECONDS - start))
  warn "could not provide a PostgreSQL server; PostgreSQL tests will fail"
fi

# 2. PostgreSQL tests must not be skipped.
export S136_REQUIRE_PG=1

# 2b. Generated SQL is what the generator writes now, and the migrations
# install the triggers it generates (an edit needs a new migration).
check_generated() {
  local tmp rc=0 f
  tmp=$(mktemp -d)
  python3 scripts/gen-report-rollups.py --out "$tmp" || rc=1
  for f in "$tmp"/*; do
    diff -u "src/db/$(basename "$f")" "$f" || { warn "src/db/$(basename "$f") differs from what scripts/gen-report-rollups.py writes now"; rc=1; }
  done
  rm -rf "$tmp"
  python3 scripts/gen-report-rollups.py --check || rc=1
  return "$rc"
}
run_step "generated SQL up to date" "$LOGDIR/generated.log" check_generated || true

# 2c. The single sign-on tests (tests/app/sso.rs) run a real OpenID provider
# with Node: install it (and Node, from Debian, if missing) from its lockfile.
oidc_provider() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    as_root apt-get update && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y nodejs npm
  fi
  npm ci --prefix tests/oidc-provider --no-audit --no-fund
}
run_step "OpenID provider for the SSO tests (npm ci)" "$LOGDIR/oidc-provider.log" oidc_provider || true

# 2d. The email tests (tests/app/notify.rs) run a real SMTP server, aiosmtpd
# from PyPI, in a virtual environment from its pinned requirements.
smtp_server() {
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    as_root apt-get update && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y python3-venv
  fi
  if ! tests/smtp-server/.venv/bin/python -c 'import aiosmtpd' >/dev/null 2>&1; then
    python3 -m venv tests/smtp-server/.venv
    tests/smtp-server/.venv/bin/pip install -q -r tests/smtp-server/requirements.txt
  fi
}
run_step "SMTP server for the email tests (aiosmtpd)" "$LOGDIR/smtp-server.log" smtp_server || true

# 2e. The Web Push tests (tests/app/push.rs, e2e/tests/push.spec.js) post to a
# real receiving push service (tests/push-endpoint/server.py) that checks the
# VAPID signature and decrypts each payload: install its venv from PyPI
# (http_ece, cryptography; python3-venv from Debian if missing).
push_endpoint() {
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    as_root apt-get update && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y python3-venv
  fi
  bash tests/push-endpoint/install.sh
}
run_step "push service for the Web Push tests (pip)" "$LOGDIR/push-endpoint.log" push_endpoint || true

# 3. cargo test
if [ "${S136_SKIP_CARGO:-0}" = 1 ]; then
  record "cargo test" "skipped" 0
else
  run_step "cargo test (all targets)" "$LOGDIR/cargo-test.log" \
    cargo test --locked --all-targets || true
  count_cargo_tests "$LOGDIR/cargo-test.log"
  run_step "cargo test (doc tests)" "$LOGDIR/cargo-doctest.log" \
    cargo test --locked --doc || true
  count_cargo_tests "$LOGDIR/cargo-doctest.log"
fi

# 4. release build + browser journeys
BIN="${S136_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/s136}"
BUILD_OK=1
if [ "${S136_SKIP_CARGO:-0}" = 1 ]; then
  record "cargo build --release" "skipped" 0
else
  run_step "cargo build --release" "$LOGDIR/cargo-build.log" \
    cargo build --release --locked || BUILD_OK=0
fi

if [ "${S136_SKIP_E2E:-0}" = 1 ]; then
  record "browser journeys (e2e)" "skipped" 0
elif [ "$BUILD_OK" = 0 ]; then
  record "browser journeys (e2e)" FAILED 0
  warn "release build failed: browser journeys not run"
else
  run_step "browser journeys (e2e)" "$LOGDIR/e2e.log" \
    env S136_BIN="$BIN" bash e2e/run.sh || true
  read -r E2E_PASSED E2E_FAILED < <(
    sed -n 's/^e2e: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1 \2/p' "$LOGDIR/e2e.log" | tail -n 1
    echo "0 0"
  ) || true
fi

# 4a. kill -9 during arrival load, a few rounds (bench/crash.sh runs 20 + 5)
if [ "$BUILD_OK" = 0 ]; then
  record "crash (kill -9 under load)" FAILED 0
else
  run_step "crash (kill -9 under load)" "$LOGDIR/crash.log" \
    env S136_BIN="$BIN" PSQL="$(pg_tool psql)" CRASH_SQLITE_ROUNDS=3 CRASH_PG_ROUNDS=2 bash bench/crash.sh || true
fi

# 4b. the malformed-input corpus (scripts/fuzz-corpus.py) on a fresh database of each backend
corpus() {
  local tmp rc=0 db psql
  psql="$(pg_tool psql)"
  tmp=$(mktemp -d)
  export PSQL="$psql"
  python3 scripts/fuzz-corpus.py --bin "$BIN" --db "sqlite://$tmp/corpus.db" || rc=1
  db="s136_corpus_$$"
  "$psql" -q "$TEST_DATABASE_URL" -c "CREATE DATABASE $db" >/dev/null || return 1
  python3 scripts/fuzz-corpus.py --bin "$BIN" --db "${TEST_DATABASE_URL%/*}/$db" || rc=1
  "$psql" -q "$TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || true
  rm -rf "$tmp"
  return "$rc"
}
if [ "$BUILD_OK" = 0 ]; then
  record "malformed-input corpus" FAILED 0
else
  run_step "malformed-input corpus" "$LOGDIR/corpus.log" corpus || true
fi

# 4c. OpenAPI document validation and schemathesis fuzzing of the API (release build)
if [ "${S136_SKIP_FUZZ:-0}" = 1 ]; then
  record "API fuzz (schemathesis)" "skipped" 0
elif [ "$BUILD_OK" = 0 ]; then
  record "API fuzz (schemathesis)" FAILED 0
else
  run_step "API fuzz (schemathesis)" "$LOGDIR/fuzz.log" \
    env S136_BIN="$BIN" bash scripts/fuzz-api.sh "${S136_FUZZ_EXAMPLES:-100}" || true
fi

# 4c. A client generated from the document (openapi-python-client) drives a
# whole case: the document is proven by code nobody here wrote.
if [ "$BUILD_OK" = 0 ]; then
  record "API client (openapi-python-client)" FAILED 0
else
  run_step "API client (openapi-python-client)" "$LOGDIR/openapi-client.log" \
    env S136_BIN="$BIN" bash scripts/openapi-client.sh || true
fi

# 4d. Two release instances on one PostgreSQL database behind Debian's nginx
# (deploy/nginx.conf): sessions across them, a raced handover, /metrics, logs.
if [ "$BUILD_OK" = 0 ]; then
  record "two instances behind nginx" FAILED 0
else
  run_step "two instances behind nginx" "$LOGDIR/nginx-pair.log" \
    env S136_BIN="$BIN" bash scripts/nginx-pair.sh || true
  read -r PAIR_PASSED PAIR_FAILED < <(
    sed -n 's/^nginx-pair: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1 \2/p' "$LOGDIR/nginx-pair.log" | tail -n 1
    echo "0 0"
  ) || true
fi

# 5. summary (the private PostgreSQL cluster, if any, is no longer needed)
stop_private_pg
printf '\n==================== s136 test summary ====================\n'
for line in "${SUMMARY[@]}"; do echo "$line"; done
echo "cargo tests: $CARGO_PASSED passed, $CARGO_FAILED failed"
echo "browser journeys: $E2E_PASSED passed, $E2E_FAILED failed"
echo "two instances behind nginx: $PAIR_PASSED passed, $PAIR_FAILED failed"
echo "logs: $LOGDIR"
if [ "$FAILED" -ne 0 ]; then
  echo "RESULT: FAILED"
else
  echo "RESULT: ok"
fi
echo "tests: $((CARGO_PASSED + E2E_PASSED + PAIR_PASSED)) passed, $((CARGO_FAILED + E2E_FAILED + PAIR_FAILED)) failed"
exit "$FAILED"
