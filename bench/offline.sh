#!/usr/bin/env bash
# The officer's tap to "saved" on a throttled phone connection (400 kbit/s,
# 400 ms round trip), first visit and repeat visit with the service worker,
# and the bytes the server sent for each. Release build, Debian's Chromium.
# Usage: bench/offline.sh   (ROUNDS=5 for more rounds; default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d e2e/node_modules/playwright-core ] || (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
source bench/lib-serve.sh
node bench/offline/tap.js "$base" "$officer_user" "$officer_pw" "$server_log"
