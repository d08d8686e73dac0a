# Sourced by bench scripts: a release server on a fresh demo SQLite database.
# Sets: bin, tmp, base, server_log, officer_user, officer_pw; cleans up on exit.
bin=${S136_BIN:-$PWD/target/release/s136}
[ -x "$bin" ] || cargo build --release --locked
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" --database-url "sqlite://$tmp/bench.db" demo --episodes 60 > "$tmp/demo.txt"
server_log="$tmp/server.log"
RUST_LOG=info "$bin" --database-url "sqlite://$tmp/bench.db" serve --bind "127.0.0.1:$port" > "$server_log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
officer_user=officer.wmp
officer_pw=$(awk -v u="$officer_user" '$1==u {print $3}' "$tmp/demo.txt")
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
