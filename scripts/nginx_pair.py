"""The checks of scripts/nginx-pair.sh: two s136 instances on one PostgreSQL
database behind nginx (the shipped deploy/nginx.conf, TLS included).

  - a session made through one instance works on the other, and ends on
    the other within a second when signed out;
  - a handover raced through both gives one winner (303) and one 409 that
    names the winner, for several rounds;
  - /metrics answers on each (token through nginx; the separate address
    without one) and each counts its own requests;
  - the JSON log lines carry nginx's request id and no query string or name.

Standard library only. Prints "nginx-pair: N passed, M failed".
"""

import argparse
import json
import re
import ssl
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

CTX = ssl.create_default_context()
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE  # the script's own self-signed certificate

PASSED = 0
FAILED = 0


def check(ok, what):
    global PASSED, FAILED
    if ok:
        PASSED += 1
        print(f"ok   {what}")
    else:
        FAILED += 1
        print(f"FAIL {what}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


OPENER = urllib.request.build_opener(
    NoRedirect, urllib.request.HTTPSHandler(context=CTX)
)


def call(base, path, method="GET", form=None, body=None, headers=None, cookies=None):
    """(status, headers, text); cookies (a dict) is updated from Set-Cookie."""
    data = None
    h = dict(headers or {})
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        h["content-type"] = "application/x-www-form-urlencoded"
    if body is not None:
        data = json.dumps(body).encode()
        h["content-type"] = "application/json"
    if cookies:
        h["cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    req = urllib.request.Request(base + path, data=data, method=method, headers=h)
    try:
        r = OPENER.open(req, timeout=30)
    except urllib.error.HTTPError as e:
        r = e
    text = r.read().decode("utf-8", "replace")
    if cookies is not None:
        for c in r.headers.get_all("set-cookie") or []:
            kv = c.split(";", 1)[0]
            k, _, v = kv.partition("=")
            if v:
                cookies[k] = v
            else:
                cookies.pop(k, None)
    return r.status, r.headers, text


def csrf(text):
    m = re.search(r'name="csrf_token" value="([^"]*)"', text)
    return m.group(1) if m else ""


def login(base, username, password):
    jar = {}
    _, _, page = call(base, "/login", cookies=jar)
    status, h, _ = call(
        base,
        "/login",
        "POST",
        form={"username": username, "password": password, "csrf_token": csrf(page)},
        cookies=jar,
    )
    return status, jar


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--a", required=True, help="nginx, to instance A only")
    p.add_argument("--b", required=True, help="nginx, to instance B only")
    p.add_argument("--balanced", required=True, help="nginx, both instances")
    p.add_argument("--metrics-bind", required=True, help="instance B's metrics address")
    p.add_argument("--metrics-token", required=True)
    p.add_argument("--api-token", required=True, help="the officer's API token")
    p.add_argument("--password", required=True)
    p.add_argument("--logs", nargs=2, required=True)
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()

    # 1. A session made through A works on B.
    status, nurse = login(a.a, "nurse", a.password)
    check(status == 303, f"nurse signs in through instance A (303, got {status})")
    status, h, _ = call(a.b, "/", cookies=nurse)
    landing = h.get("location", "")
    check(status == 303 and landing == "/board", f"instance B knows the session ({status} to {landing!r})")
    status, _, board = call(a.b, "/board?name=Jonathan+Smithers", cookies=nurse)
    check(status == 200 and "Waiting at" in board, f"instance B shows the board ({status})")
    status, _, board_a = call(a.a, "/board", cookies=nurse)
    check(status == 200, f"and instance A still does ({status})")

    # 1b. Signing out through A ends the session on B at once, though B
    # has just served it (B keeps looked-up sessions for a few seconds; the
    # sign-out's NOTIFY tells it).
    status, leaver = login(a.a, "nurse", a.password)
    _, _, page = call(a.b, "/board", cookies=leaver)
    status, _, _ = call(a.a, "/logout", "POST", form={"csrf_token": csrf(page)}, cookies=dict(leaver))
    check(status == 303, f"signs out through instance A (303, got {status})")
    started = time.monotonic()
    while True:
        status, h, _ = call(a.b, "/board", cookies=leaver)
        waited = time.monotonic() - started
        if status != 200 or waited > 5:
            break
        time.sleep(0.02)
    check(
        status == 303 and h.get("location", "").startswith("/login") and waited < 1,
        f"instance B refuses the ended session within 1 s ({status} after {waited * 1000:.0f} ms)",
    )

    status, nurse2 = login(a.b, "nurse2", a.password)
    check(status == 303, f"nurse2 signs in through instance B (303, got {status})")
    _, _, board2 = call(a.b, "/board", cookies=nurse2)
    sessions = [(a.a, nurse, csrf(board_a), "Alex Morgan"), (a.b, nurse2, csrf(board2), "Sam Okafor")]

    # 2. Handovers raced through both instances: one winner a round.
    auth = {"authorization": f"Bearer {a.api_token}"}
    for rnd in range(a.rounds):
        status, _, text = call(a.balanced, "/api/v1/episodes", "POST", body={"site": "OAK"}, headers=auth)
        if status != 201:
            check(False, f"round {rnd}: arrival through nginx ({status}: {text[:200]})")
            continue
        ref = json.loads(text)["reference"]
        barrier = threading.Barrier(2)
        results = [None, None]

        def attempt(i):
            base, jar, token, _ = sessions[i]
            barrier.wait()
            results[i] = call(
                base,
                f"/episodes/{ref}/handover",
                "POST",
                form={"when": "now", "csrf_token": token},
                cookies=dict(jar),
            )

        threads = [threading.Thread(target=attempt, args=(i,)) for i in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(r[0] for r in results)
        winner = next((i for i in (0, 1) if results[i][0] == 303), None)
        loser = 1 - winner if winner is not None else None
        named = (
            winner is not None
            and f"Handover was already confirmed by {sessions[winner][3]}" in results[loser][2]
        )
        check(
            statuses == [303, 409] and named,
            f"round {rnd}: one winner through two instances ({statuses}; the 409 names {sessions[winner][3] if winner is not None else '?'}: {named})",
        )

    # 3. /metrics on each.
    bearer = {"authorization": f"Bearer {a.metrics_token}"}
    for name, base in (("A", a.a), ("B", a.b)):
        status, h, text = call(base, "/metrics", headers=bearer)
        check(
            status == 200
            and h.get("content-type", "").startswith("text/plain; version=0.0.4")
            and 's136_waiting_for_handover{site="OAK"}' in text
            and "s136_http_requests_total" in text
            and "s136_db_pool_connections" in text,
            f"/metrics through nginx on instance {name} ({status})",
        )
        if name == "A":
            check('route="/login"' in text and 'status="303"' in text, "instance A counted the sign-in it served")
        status, _, _ = call(base, "/metrics")
        check(status == 401, f"/metrics without the token on {name}: 401 ({status})")
    status, _, text = call(a.metrics_bind, "/metrics")
    check(status == 200 and "s136_breaches_today" in text, f"instance B's metrics address answers without a token ({status})")

    # 4. Logs: JSON lines, nginx's request id, no query string or name.
    status, h, _ = call(a.b, "/healthz?who=Jonathan")
    rid = h.get("x-request-id", "")
    logs = ""
    for path in a.logs:
        with open(path, encoding="utf-8", errors="replace") as f:
            logs += f.read()
    lines = [l for l in logs.splitlines() if l.strip()]
    parsed = []
    for l in lines:
        try:
            parsed.append(json.loads(l))
        except ValueError:
            pass
    check(len(parsed) == len(lines) and parsed, f"every log line is JSON ({len(parsed)} of {len(lines)})")
    check(
        re.fullmatch(r"[0-9a-f]{32}", rid) is not None
        and any(p.get("request_id") == rid and p.get("route") == "/healthz" for p in parsed),
        f"nginx's request id {rid!r} is in instance B's log line",
    )
    check(
        any(p.get("route") == "/board" for p in parsed)
        and "Jonathan" not in logs
        and "Smithers" not in logs
        and "name=" not in logs,
        "no query string or name in the logs",
    )

    print(f"nginx-pair: {PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
