#!/usr/bin/env bash
# Runs the s136 browser journeys (Playwright + axe) in Debian's Chromium.
#   S136_BIN=/path/to/s136 bash e2e/run.sh [extra playwright args]
# S136_BIN defaults to ../target/release/s136 (relative to e2e/).
# Exits non-zero if any journey failed, or if no journey ran at all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

CHROMIUM="${S136_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "e2e: $CHROMIUM missing; installing Debian's chromium" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
fi
"$CHROMIUM" --version

# The journeys read the database afterwards with the sqlite3 shell.
if ! command -v sqlite3 >/dev/null; then
  echo "e2e: sqlite3 missing; installing Debian's sqlite3" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y sqlite3
fi

# The print journeys read the PDFs Chromium writes with poppler's pdfinfo and
# pdftotext (Debian's poppler-utils).
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
  echo "e2e: pdftotext missing; installing Debian's poppler-utils" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y poppler-utils
fi

# Never let Playwright fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

set +e
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/results.json" \
  npx --no-install playwright test --reporter=list,json "$@"
rc=$?
set -e

counts="$(node -e '
  let s = {};
  try { s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).stats || {}; } catch (e) {}
  const n = (k) => Number(s[k] || 0);
  console.log(n("expected") + n("flaky"), n("unexpected"), n("skipped"));
' "$results/results.json")"
read -r passed failed skipped <<<"$counts"

if [ "$rc" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "e2e: no journey ran; treating as a failure" >&2
  rc=1
fi
echo "e2e: $passed passed, $failed failed, $skipped skipped"
exit "$rc"
