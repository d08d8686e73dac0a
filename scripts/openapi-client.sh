#!/usr/bin/env bash
# Proves the OpenAPI document with a client nobody here wrote: generates a
# Python client with openapi-python-client from the live document of a server
# on loopback (fresh SQLite database with the demo data) and drives a whole
# case through its typed models (scripts/openapi_client_case.py). Fails on
# any generator warning (a part of the document it could not use), any call
# that raises or answers what the document does not say, and any 5xx or
# internal error in the server log.
# Usage: scripts/openapi-client.sh   (S136_BIN: the binary, default release)
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${S136_BIN:-$PWD/target/release/s136}
[ -x "$bin" ] || cargo build --release --locked
venv=${S136_CLIENT_VENV:-$PWD/.venv-openapi-client}
if [ ! -x "$venv/bin/openapi-python-client" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "openapi-python-client==0.29.1"
fi

tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

db="sqlite://$tmp/client.db"
"$bin" --database-url "$db" demo --episodes 10 > "$tmp/demo.txt"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUST_LOG=info "$bin" --database-url "$db" serve --bind "127.0.0.1:$port" > "$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break
  sleep 0.1
done
base="http://127.0.0.1:$port"

# No post hooks: the generated code is imported, not read, so no formatter.
printf 'post_hooks: []\n' > "$tmp/config.yml"
(cd "$tmp" && "$venv/bin/openapi-python-client" generate --url "$base/api/v1/openapi.json" \
  --config "$tmp/config.yml" --meta none --output-path s136_client) > "$tmp/generate.log" 2>&1 || {
  cat "$tmp/generate.log"
  echo "openapi-client: the generator failed" >&2
  exit 1
}
cat "$tmp/generate.log"
if grep -qi 'warning' "$tmp/generate.log"; then
  echo "openapi-client: the generator could not use all of the document" >&2
  exit 1
fi

tokens=()
for user in officer.wmp nurse.oak manager.all; do
  tokens+=("$("$bin" --database-url "$db" token create --username "$user" --label openapi-client)")
done

status=0
PYTHONPATH="$tmp" "$venv/bin/python" scripts/openapi_client_case.py "$base" "${tokens[@]}" || status=1

server_errors=$(grep -cE ' status=5[0-9][0-9]( |$)' "$tmp/server.log" || true)
internal=$(grep -c 'internal error' "$tmp/server.log" || true)
if [ "$server_errors" != "0" ] || [ "$internal" != "0" ]; then
  grep -E ' status=5[0-9][0-9]( |$)|internal error' "$tmp/server.log" | head -20
  status=1
fi
exit $status
