#!/usr/bin/env bash
# Validates the API's OpenAPI document and fuzzes every endpoint with
# schemathesis (property-based, from the document) against a release build on
# loopback, as an officer, a health user and a manager. Fails on any 5xx, on a
# server-side internal error in the log, on an invalid document, and on any
# answer the document does not describe: a status it does not list, a body or
# header that breaks its schema, a content type it does not give, data it
# forbids being accepted, a call without the token not refused, a method it
# does not list not answered 405 with Allow.
# Usage: scripts/fuzz-api.sh [max-examples per operation, default 60]
# S136_FUZZ_CHECKS overrides the comma-separated list of checks.
# One worker: CPython 3.11's AST constructor is not thread-safe under
# hypothesis ("AST constructor recursion depth mismatch" with --workers 2).
set -euo pipefail
cd "$(dirname "$0")/.."

examples=${1:-60}
bin=${S136_BIN:-$PWD/target/release/s136}
[ -x "$bin" ] || cargo build --release --locked
venv=${S136_VENV:-$PWD/.venv}
if [ ! -x "$venv/bin/st" ] || [ ! -x "$venv/bin/openapi-spec-validator" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==4.32.5" "openapi-spec-validator==0.9.0"
fi

tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

db="sqlite://$tmp/fuzz.db"
"$bin" --database-url "$db" demo --episodes 40 > "$tmp/demo.txt"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUST_LOG=info "$bin" --database-url "$db" serve --bind "127.0.0.1:$port" > "$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break
  sleep 0.1
done

base="http://127.0.0.1:$port"
# Not positive_data_acceptance: conditional rules (a delay reason past the
# target, a note when the reason is "other") make schema-valid bodies 422.
checks=${S136_FUZZ_CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,missing_required_header,ignored_auth,unsupported_method}
curl -fs "$base/api/v1/openapi.json" > "$tmp/openapi.json"
"$venv/bin/openapi-spec-validator" "$tmp/openapi.json"

status=0
for user in officer.wmp nurse.oak manager.all; do
  token=$("$bin" --database-url "$db" token create --username "$user" --label fuzz)
  # A case this user may act on, so the {reference} operations reach the
  # rules instead of answering 404 for a random reference.
  case "$user" in
    nurse.oak) filter="status=awaiting_handover&site=OAK" ;;
    *) filter="status=awaiting_handover" ;;
  esac
  reference=$(curl -fs -H "Authorization: Bearer $token" "$base/api/v1/episodes?$filter" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["reference"])') || {
    echo "fuzz: no case waiting in $user's scope in the demo data" >&2
    exit 1
  }
  printf '[parameters]\n"path.reference" = "%s"\n' "$reference" > "$tmp/st-$user.toml"
  # The event stream never ends by design, so a fuzzer's request would only
  # time out: tests/app/live.rs drives it (scope, resume, limits, revocation).
  echo "== schemathesis as $user (cases: $reference)"
  "$venv/bin/st" --config-file "$tmp/st-$user.toml" run "$base/api/v1/openapi.json" \
    --checks "$checks" \
    --header "Authorization: Bearer $token" \
    --max-examples "$examples" \
    --workers 1 \
    --suppress-health-check all \
    --exclude-path /api/v1/events \
    --no-color > "$tmp/st-$user.log" 2>&1 || status=1
  grep -B2 -A12 -E "Runtime Error|Failures|FAILURES|ERRORS" "$tmp/st-$user.log" | head -60 || true
  tail -n 8 "$tmp/st-$user.log"

done

# One log line a request: "... route=/api/v1/... status=NNN ms=..." (the
# route template; paths nothing routes are route=unmatched).
requests=$(grep -c 'route=/api/v1' "$tmp/server.log" || true)
server_errors=$(grep -cE ' status=5[0-9][0-9]( |$)' "$tmp/server.log" || true)
internal=$(grep -c 'internal error' "$tmp/server.log" || true)
echo "fuzz: $requests API requests sent, $server_errors answered 5xx, $internal internal errors logged"
if [ "$server_errors" != "0" ] || [ "$internal" != "0" ]; then
  grep -E ' status=5[0-9][0-9]( |$)|internal error' "$tmp/server.log" | head -20
  status=1
fi
exit $status
