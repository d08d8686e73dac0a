#!/usr/bin/env bash
# Two release instances of s136 on one PostgreSQL database behind Debian's
# nginx, configured with the shipped deploy/nginx.conf (TLS with a throw-away
# self-signed certificate), on 127.0.0.1 ports. scripts/nginx_pair.py checks
# sessions across instances, a raced handover, /metrics on each and the JSON
# logs; then the README's pg_dump/pg_restore commands are run on the
# database and the copy compared.
#
#   S136_BIN=target/release/s136 bash scripts/nginx-pair.sh
#
# TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
# is the server the database is created on. nginx is installed with
# apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${S136_BIN:-$PWD/target/release/s136}
[ -x "$BIN" ] || cargo build --release --locked
PG_ADMIN=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
pg_tool() {
  if command -v "$1" >/dev/null 2>&1; then command -v "$1"; return; fi
  # shellcheck disable=SC2012
  ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "nginx-pair: installing nginx-light (Debian)" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
PSQL=$(pg_tool psql)
PG_DUMP=$(pg_tool pg_dump)
PG_RESTORE=$(pg_tool pg_restore)

tmp=$(mktemp -d)
db="s136_pair_$$"
pids=()
cleanup() {
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$PSQL" -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  "$PSQL" -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS ${db}_copy WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
"$PSQL" -q "$PG_ADMIN" -c "CREATE DATABASE $db" >/dev/null
URL="${PG_ADMIN%/*}/$db"
PASSWORD="pair-test-password-$$"
s136() { "$BIN" --database-url "$URL" "$@"; }
s136 migrate >/dev/null
s136 force add --code WMP --name "West Midlands Police" >/dev/null
s136 site add --code OAK --name "Oakwood 136 suite" --kind mental_health_unit --trust "Oak Trust" >/dev/null
add_user() { echo "$PASSWORD" | s136 user add --password-stdin "$@" >/dev/null; }
add_user --username officer --role officer --force WMP --display-name "PC Sam Patel" --collar 4521
add_user --username nurse --role health --site OAK --display-name "Alex Morgan"
add_user --username nurse2 --role health --site OAK --display-name "Sam Okafor"
API_TOKEN=$(s136 token create --username officer 2>/dev/null)
METRICS_TOKEN="metrics-$$-$RANDOM$RANDOM"

PA=$(free_port); PB=$(free_port); PM=$(free_port)
start() { # start PORT LOG [extra env...]
  local port=$1 log=$2
  shift 2
  env DATABASE_URL="$URL" S136_BIND="127.0.0.1:$port" S136_SECURE_COOKIES=1 \
    S136_TRUSTED_PROXIES=127.0.0.1 S136_METRICS_TOKEN="$METRICS_TOKEN" S136_LOG_FORMAT=json \
    "$@" "$BIN" serve >"$log.out" 2>"$log" &
  pids+=($!)
}
start "$PA" "$tmp/a.log"
start "$PB" "$tmp/b.log" S136_METRICS_BIND="127.0.0.1:$PM"

# The shipped config, on local ports with a self-signed certificate, and two
# servers pinned to one instance each (same certificate, same proxy settings).
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
NH=$(free_port); NS=$(free_port); NA=$(free_port); NB=$(free_port)
sed -e "s#/etc/ssl/certs/s136.example.nhs.uk.pem#$tmp/cert.pem#" \
  -e "s#/etc/ssl/private/s136.example.nhs.uk.key#$tmp/key.pem#" \
  -e "s#/var/log/nginx/s136.access.log#$tmp/access.log#" \
  -e "s/listen 80;/listen 127.0.0.1:$NH;/" \
  -e "s/listen 443 ssl http2;/listen 127.0.0.1:$NS ssl http2;/" \
  -e '/listen \[::\]/d' \
  -e "s/^    server 127.0.0.1:8080;/    server 127.0.0.1:$PA;\n    server 127.0.0.1:$PB;/" \
  -e "s/allow 10.0.0.0\/8;/allow 127.0.0.1;/" \
  deploy/nginx.conf >"$tmp/site.conf"
pinned() { # pinned LISTEN_PORT UPSTREAM_PORT
  cat <<EOF
server {
    listen 127.0.0.1:$1 ssl;
    ssl_certificate $tmp/cert.pem;
    ssl_certificate_key $tmp/key.pem;
    access_log $tmp/access.log s136;
    proxy_http_version 1.1;
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    proxy_set_header X-Request-Id \$request_id;
    location / { proxy_pass http://127.0.0.1:$2; }
}
EOF
}
{ pinned "$NA" "$PA"; pinned "$NB" "$PB"; } >"$tmp/pinned.conf"
cat >"$tmp/nginx.conf" <<EOF
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
worker_processes 1;
events { worker_connections 256; }
http {
    client_body_temp_path $tmp/body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/site.conf;
    include $tmp/pinned.conf;
}
EOF
"$NGINX" -t -q -c "$tmp/nginx.conf" -p "$tmp"
"$NGINX" -c "$tmp/nginx.conf" -p "$tmp"

for port in "$PA" "$PB"; do
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
done
rc=0
python3 scripts/nginx_pair.py --a "https://127.0.0.1:$NA" --b "https://127.0.0.1:$NB" \
  --balanced "https://127.0.0.1:$NS" --metrics-bind "http://127.0.0.1:$PM" \
  --metrics-token "$METRICS_TOKEN" --api-token "$API_TOKEN" --password "$PASSWORD" \
  --logs "$tmp/a.log" "$tmp/b.log" || rc=1

# The README's PostgreSQL backup: pg_dump -Fc, pg_restore into a new
# database, the same rows.
"$PG_DUMP" -Fc --no-owner -f "$tmp/s136.dump" "$URL"
"$PSQL" -q "$PG_ADMIN" -c "CREATE DATABASE ${db}_copy" >/dev/null
"$PG_RESTORE" --no-owner --exit-on-error -d "${PG_ADMIN%/*}/${db}_copy" "$tmp/s136.dump"
q='SELECT (SELECT count(*) FROM episodes) || '"'"' '"'"' || (SELECT count(*) FROM stays) || '"'"' '"'"' || (SELECT count(*) FROM audit_events) || '"'"' '"'"' || (SELECT count(*) FROM users)'
orig=$("$PSQL" -Atq "$URL" -c "$q")
copy=$("$PSQL" -Atq "${PG_ADMIN%/*}/${db}_copy" -c "$q")
if [ "$orig" = "$copy" ]; then
  echo "ok   pg_dump/pg_restore copy has the same rows (episodes stays audit users: $copy)"
else
  echo "FAIL pg_dump/pg_restore copy differs: $orig vs $copy"; rc=1
fi
exit "$rc"
