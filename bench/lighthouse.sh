#!/usr/bin/env bash
# Lighthouse (mobile preset: Moto G power emulation, slow 4G throttling) on
# the officer's pages of a release build, in Debian's Chromium. Prints the
# Performance score, layout shift and Chromium's installability check.
# Lighthouse 11 is the last with the installability (PWA) audits.
# Usage: bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib-serve.sh
lh=bench/offline
[ -x "$lh/node_modules/.bin/lighthouse" ] || (cd "$lh" && npm ci --no-audit --no-fund --silent)

jar="$tmp/jar"
csrf=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n1)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "username=$officer_user" \
  --data-urlencode "password=$officer_pw" --data-urlencode "csrf_token=$csrf" "$base/login"
cookie=$(awk '$6=="s136_session"{print "s136_session="$7}' "$jar")

printf '%-16s %11s %8s %8s %8s  %s\n' page performance CLS LCP_ms TBT_ms installable
for page in /officer /episodes/new; do
  out="$tmp/lh.json"
  "$lh/node_modules/.bin/lighthouse" "$base$page" --quiet --output=json --output-path="$out" \
    --only-categories=performance,pwa --extra-headers="{\"Cookie\":\"$cookie\"}" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1 || true
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const a = r.audits, inst = a["installable-manifest"];
    const why = inst && inst.details && inst.details.items ? inst.details.items.map((i) => i.reason).join("; ") : "";
    console.log([process.argv[2].padEnd(16), String(Math.round(r.categories.performance.score * 100)).padStart(11),
      a["cumulative-layout-shift"].numericValue.toFixed(3).padStart(8),
      String(Math.round(a["largest-contentful-paint"].numericValue)).padStart(8),
      String(Math.round(a["total-blocking-time"].numericValue)).padStart(8),
      " " + (inst ? (inst.score === 1 ? "pass" : "FAIL " + why) : "n/a")].join(" "));
  ' "$out" "$page"
done
