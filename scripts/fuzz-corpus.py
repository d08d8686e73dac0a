#!/usr/bin/env python3
"""A malformed-input corpus against a release server: wrong types, NUL and
other control characters, invalid UTF-8, impossible and far-off dates, year 0
and 99999, huge numbers, unknown fields, empty codes, long references and path
traversal, through the API and the pages, on a fresh database of each backend.

Every request must be refused with a 4xx (never a 5xx), nothing may be written
(row counts of every case table compared before and after) and the server log
must hold no panic and no internal error.

Usage: scripts/fuzz-corpus.py --bin target/release/s136 --db sqlite:///tmp/c.db
       scripts/fuzz-corpus.py --bin ... --db postgres://postgres@127.0.0.1:5432/corpus_x
"""

import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

TABLES = ["episodes", "stays", "audit_events", "extensions", "stay_requests",
          "health_checks", "episode_monitoring", "api_tokens", "users", "sites", "forces"]
PASSWORD = "corpus-password-0001"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cli(bin_, db, *args, stdin=None):
    return subprocess.run([bin_, "--database-url", db, *args], input=stdin,
                          capture_output=True, text=True, check=True).stdout


def counts(db):
    out = {}
    if db.startswith("sqlite:"):
        import sqlite3
        path = db.split("sqlite://", 1)[-1] if db.startswith("sqlite://") else db.split(":", 1)[1]
        con = sqlite3.connect(path)
        for t in TABLES:
            try:
                out[t] = con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            except sqlite3.OperationalError:
                pass
        con.close()
    else:
        for t in TABLES:
            r = subprocess.run([os.environ.get("PSQL", "psql"), "-tAq", db, "-c", f"SELECT count(*) FROM {t}"],
                               capture_output=True, text=True)
            if r.returncode == 0:
                out[t] = int(r.stdout.strip())
    return out


class Client:
    def __init__(self, port):
        self.port = port
        self.results = []  # (label, status)

    def raw(self, method, path, body=b"", headers=None, label=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        h = {"Host": f"127.0.0.1:{self.port}"}
        h.update(headers or {})
        if body and "Content-Length" not in h:
            h["Content-Length"] = str(len(body))
        c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for k, v in h.items():
            c.putheader(k, v)
        c.endheaders()
        if body:
            c.send(body)
        r = c.getresponse()
        data = r.read()
        c.close()
        location = r.getheader("Location") or ""
        writes = method not in ("GET", "HEAD")
        self.results.append((label or f"{method} {path[:80]}", r.status, writes, location))
        return r.status, data, r.getheaders()


def login(cl, username):
    status, body, headers = cl.raw("GET", "/login")
    cookie = "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")
    csrf = re.search(rb'name="csrf_token" value="([^"]*)"', body).group(1).decode()
    form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": csrf}).encode()
    status, _, headers = cl.raw("POST", "/login", form, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    assert status == 303, f"login {username}: {status}"
    cookie = "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")
    status, body, _ = cl.raw("GET", "/episodes/new" if username.startswith("officer") else "/board",
                             headers={"Cookie": cookie})
    csrf = re.search(rb'name="csrf_token" value="([^"]*)"', body).group(1).decode()
    cl.results.clear()
    return cookie, csrf


# Each is refused wherever text goes (control characters; over any limit).
BAD_STRINGS = ["\u0000", "a\u0000b", "\u0007", "\u001b[31mred", "\u0008", "\u007f", "\u0001",
               "x" * 70000, "y" * 1001]
# Each is refused as a recorded time (None only where a time is required).
BAD_TIMES = ["", "x", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "99999-01-01T00:00:00Z",
             "2026-13-45T99:99:99Z", "2026-02-30T10:00:00Z", "2026-11-20T12:00:00 Z",
             "2026-11-20 12:00", "1900-01-01T00:00:00Z", "2126-01-01T00:00:00Z",
             "2026-11-20T12:00:00+25:00", 12, [], {}]
BAD_NUMBERS = [-1, 0, 99999999999999999999, 1e309, "2", 2.5, True, [], 21]
BAD_REFS = ["S136-2026-999999", "..%2F..%2Fetc%2Fpasswd", "%00", "S" * 5000, "S136-0000-000000",
            "S136-99999-1", "%FF%FE", "S136-2026-000001%00", "'%20OR%201=1--"]


def api_corpus(cl, token, reference):
    auth = {"Authorization": f"Bearer {token}"}
    j = dict(auth, **{"Content-Type": "application/json"})

    def post(path, body, label):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        cl.raw("POST", path, data, j, label)

    # Arrivals: each body has at least one bad part.
    for s in BAD_STRINGS:
        post("/api/v1/episodes", {"site": "OAK", "notes": s if s else "\u0000"}, f"arrival notes {s[:5]!r}")
        post("/api/v1/episodes", {"site": s or "\u0000"}, f"arrival site {s[:5]!r}")
        post("/api/v1/episodes", {"site": "OAK", "client_ref": s or "\u0000", "kind": "s137"}, f"arrival client_ref {s[:5]!r}")
    for t in BAD_TIMES:
        post("/api/v1/episodes", {"site": "OAK", "arrived_at": t}, f"arrival arrived_at {t!r}"[:60])
        post("/api/v1/episodes", {"site": "OAK", "detained_at": t, "arrived_at": "bad"}, f"arrival detained_at {t!r}"[:60])
        post("/api/v1/episodes", {"site": "OAK", "kind": "s135", "warrant_at": t}, f"arrival warrant {t!r}"[:60])
    for n in BAD_NUMBERS:
        body = {"site": "OAK", "officers": n}
        data = json.dumps(body).replace("Infinity", "1e309").encode()
        post("/api/v1/episodes", data, f"arrival officers {n!r}"[:60])
    for field, value in [("kind", ""), ("kind", "S136"), ("kind", 136), ("age_band", ""),
                         ("age_band", "UNDER_18"), ("location_type", "private_dwelling"),
                         ("location_type", ""), ("bogus_field", 1), ("site ", "OAK"),
                         ("police_station", "yes"), ("sex", 3), ("ethnicity", "\u0000")]:
        post("/api/v1/episodes", {"site": "OAK", field: value}, f"arrival {field}={value!r}"[:60])
    for raw in [b"", b"{", b"[]", b"null", b'"site"', b'{"site":"\xff\xfe"}', b"\xff\xfe\xfd",
                b'{"site": "OAK", "site": 1}', b"[" * 5000 + b"]" * 5000,
                b'{"site":"OAK","notes":"' + b"\\u0000" + b'"}', b"\x00" * 10]:
        post("/api/v1/episodes", raw, f"arrival raw {raw[:12]!r}")
    cl.raw("POST", "/api/v1/episodes", b'{"site":"OAK","kind":"x"}', dict(auth, **{"Content-Type": "text/plain"}), "arrival text/plain")
    cl.raw("POST", "/api/v1/episodes", b'{"site":"OAK","kind":"x"}', auth, "arrival no content type")
    cl.raw("POST", "/api/v1/episodes", b'{"site":"OAK","kind":"x"}' + b" " * 70000, j, "arrival 70 KB")

    # Actions on a real case and on bad references.
    actions = {
        "handover": [{"handed_over_at": t} for t in BAD_TIMES] + [{"delay_reason": "nope"}, {"delay_reason": ""},
                     {"accepted_by_name": "\u0000"}, {"expected_version": "one"}, {"bogus": 1}],
        "handover-offered": [{"offered_at": t} for t in BAD_TIMES[:10]] + [{"bogus": True}],
        "police-left": [{"left_at": t, "reason": "\u0000"} for t in BAD_TIMES[:8]] + [{"reason": 5}],
        "transfer": [{"site": s or "\u0000"} for s in BAD_STRINGS[:6]] + [{"site": "CITYED", "left_at": t} for t in BAD_TIMES[:8]],
        "extensions": [{"authorised_by_name": "Dr A", "hours": n, "reason": "assessment_impracticable"} for n in BAD_NUMBERS]
                      + [{"authorised_by_name": "\u0000", "hours": 2, "reason": "assessment_impracticable"},
                         {"authorised_by_name": "Dr A", "hours": 2, "reason": ""}],
        "end": [{"outcome": o} for o in ["", "ADMITTED", None, 1, "\u0000"]] + [{"outcome": "other", "outcome_note": "\u0000"},
                {"outcome": "admitted_informally", "ended_at": "0001-01-01T00:00:00Z"}],
        "stay-request": [{"reason": r} for r in ["", "nope", None, "\u0000"]] + [{"reason": "other", "reason_note": "\u0007"}],
        "stay-request/answer": [{"agreed": v} for v in ["yes", 1, None, "", []]],
        "cancel": [{"reason": s} for s in BAD_STRINGS] + [{"reason": 5}, {}],
        "corrections": [{"field": "arrived_at", "stay": 1, "new_time": t, "reason": "typo", "version": 1} for t in BAD_TIMES]
                       + [{"field": f, "stay": 1, "new_time": "2026-11-20T11:00:00Z", "reason": "typo", "version": 1}
                          for f in ["", "ARRIVED_AT", "created_at", "\u0000"]]
                       + [{"field": "arrived_at", "stay": n, "new_time": "2026-11-20T11:00:00Z", "reason": "x", "version": 1} for n in BAD_NUMBERS[:6]],
        "health-checks": [{"checked_at": t, "checked_by_name": "Dr A"} for t in BAD_TIMES[:8]] + [{"checked_by_name": "\u0000"}],
        "location-type": [{"location_type": v} for v in ["", "private_dwelling", None, 3, "\u0000"]],
    }
    for action, bodies in actions.items():
        for b in bodies:
            post(f"/api/v1/episodes/{reference}/{action}", b, f"{action} {json.dumps(b)[:40]}")
        for r in BAD_REFS:
            post(f"/api/v1/episodes/{r}/{action}", bodies[0], f"{action} ref {r[:20]}")
    for b in [{"sex": "\u0000"}, {"sex": ""}, {"age_band": 5}, {"transport": "TAXI"}, {"bogus": 1},
              {"expected_version": "x"}, {"police_vehicle_reason": "risk_or_violence"}]:
        cl.raw("PUT", f"/api/v1/episodes/{reference}/monitoring", json.dumps(b).encode(), j, f"monitoring {b}"[:60])
    for r in BAD_REFS:
        cl.raw("GET", f"/api/v1/episodes/{r}", headers=auth, label=f"GET episode {r[:20]}")
    for q in ["limit=-1", "limit=abc", "limit=99999999999999999999", "limit=0", "status=bogus",
              "status=%00", "status=", "from=2026-02-30", "from=0000-01-01", "to=99999-01-01",
              "from=2026-11-20T00:00:00Z", "cursor=%FF", "cursor=abc", "cursor=%00", "breached=maybe",
              "breached=%00", "force=%00", "site=%00", "site=" + "A" * 5000, "force=%FF%FE",
              "limit=1&limit=2", "from=%00&to=%00"]:
        cl.raw("GET", f"/api/v1/episodes?{q}", headers=auth, label=f"list ?{q[:30]}")
        cl.raw("GET", f"/api/v1/reports/summary?{q}", headers=auth, label=f"summary ?{q[:30]}")
    for h in [{"Authorization": "Bearer \u0000".encode("latin-1").decode("latin-1")}, {"Authorization": "Bearer"},
              {"Authorization": "Basic abc"}, {"Authorization": "Bearer " + "a" * 10000}]:
        try:
            cl.raw("GET", "/api/v1/episodes", headers=h, label=f"auth {list(h.values())[0][:15]!r}")
        except (ValueError, http.client.HTTPException):
            pass


def page_corpus(cl, officer, nurse, reference):
    (ocookie, ocsrf), (ncookie, ncsrf) = officer, nurse
    form_h = lambda cookie: {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}

    def form(path, fields, cookie, csrf, label, raw=None):
        body = raw if raw is not None else urllib.parse.urlencode(dict(fields, csrf_token=csrf)).encode()
        cl.raw("POST", path, body, form_h(cookie), label)

    for s in BAD_STRINGS:
        form("/episodes", {"site": "OAK", "arrival": "now", "form_token": "t-" + str(len(s)), "notes": s or "\u0000"},
             ocookie, ocsrf, f"page arrival notes {s[:5]!r}")
        form("/episodes", {"site": s or "\u0000", "arrival": "now", "form_token": "u-" + str(len(s))},
             ocookie, ocsrf, f"page arrival site {s[:5]!r}")
    for t in ["1900-01-01T00:00", "0000-01-01T00:00", "99999-01-01T00:00", "2026-13-01T10:00",
              "2026-11-20T24:00", "yesterday 3pm", "\u0000", "2026-03-29T01:30"]:
        form("/episodes", {"site": "OAK", "arrival": "earlier", "arrived_at": t, "form_token": "v-" + t},
             ocookie, ocsrf, f"page arrival at {t!r}")
        form(f"/episodes/{reference}/handover", {"when": "earlier", "handed_over_at": t}, ncookie, ncsrf,
             f"page handover at {t!r}")
        form(f"/episodes/{reference}/corrections", {"field": "arrived_at", "stay": "1", "new_time": t,
             "reason": "typo", "version": "1"}, ocookie, ocsrf, f"page correction {t!r}")
    for raw in [b"site=%FF%FE&arrival=now", b"%00=%00", b"site=OAK&arrival=now&csrf_token=%00",
                b"a" * 70000, b"site=OAK&&&&=&arrival", b"\xff\xfe\xfd"]:
        form("/episodes", {}, ocookie, ocsrf, f"page raw {raw[:12]!r}", raw=raw)
    for action, fields in [("cancel", {"reason": "\u0000"}), ("cancel", {"reason": ""}),
                           ("end", {"when": "now", "outcome": "\u0000"}), ("end", {"when": "now", "outcome": ""}),
                           ("transfer", {"site": "\u0000", "left": "now", "arrival": "now"}),
                           ("extend", {"authorised_by_name": "Dr A", "when": "now", "hours": "99999999999999999999", "reason": "assessment_impracticable"}),
                           ("extend", {"authorised_by_name": "\u0000", "when": "now", "hours": "2", "reason": "assessment_impracticable"}),
                           ("monitoring", {"sex": "\u0000", "version": "1"}), ("monitoring", {"version": "x", "sex": "nope"}),
                           ("location", {"location_type": "private_dwelling"}), ("police-left", {"when": "now", "police_left_reason": "\u0007"}),
                           ("ask-police-to-stay", {"reason": "\u0000"}), ("health-check", {"when": "now", "checked_by_name": "\u0000"})]:
        cookie, csrf = (ncookie, ncsrf) if action in ("extend", "ask-police-to-stay") else (ocookie, ocsrf)
        form(f"/episodes/{reference}/{action}", fields, cookie, csrf, f"page {action} {list(fields.values())[0][:8]!r}")
        form(f"/episodes/{reference}/{action}", dict(fields, csrf_token="forged"), cookie, csrf, f"page {action} forged csrf")
    for q in ["from=%00", "from=2026-02-30", "to=99999-12-31", "site=%00", "force=%FF", "breached=%00",
              "q=%00", "period=%00", "period=bogus", "from=0000-01-01"]:
        cl.raw("GET", f"/cases?{q}", headers={"Cookie": ocookie}, label=f"page cases ?{q}")
    for p in ["/static/../../etc/passwd", "/static/1/../../Cargo.toml", "/static/x/%2e%2e/%2e%2e/Cargo.toml",
              "/assets/..%2f..%2fCargo.toml", "/assets/%2e%2e/%2e%2e/etc/passwd", "/static/%00",
              "/assets/" + "a" * 5000, "/episodes/" + "S" * 5000, "/episodes/%00", "/episodes/..%2F..%2F",
              "/static/v/app.js%00.png", "//etc/passwd", "/%FF"]:
        status, body, _ = cl.raw("GET", p, headers={"Cookie": ocookie}, label=f"page GET {p[:30]}")
        assert b"[package]" not in body and b"root:" not in body, f"traversal served a file: {p}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--db", required=True)
    args = ap.parse_args()
    b, db = args.bin, args.db
    cli(b, db, "migrate")
    cli(b, db, "force", "add", "--code", "WMP", "--name", "West Midlands Police")
    for code, name, kind in [("OAK", "Oakwood 136 suite", "mental_health_unit"),
                             ("CITYED", "City emergency department", "emergency_department")]:
        cli(b, db, "site", "add", "--code", code, "--name", name, "--kind", kind, "--trust", "Test Trust")
    cli(b, db, "user", "add", "--username", "officer.c", "--role", "officer", "--force", "WMP",
        "--collar", "4521", "--password-stdin", stdin=PASSWORD + "\n")
    cli(b, db, "user", "add", "--username", "nurse.c", "--role", "health", "--site", "OAK",
        "--password-stdin", stdin=PASSWORD + "\n")
    officer_token = cli(b, db, "token", "create", "--username", "officer.c").strip().split()[-1]

    port = free_port()
    log = tempfile.NamedTemporaryFile("w+", suffix=".log")
    proc = subprocess.Popen([b, "--database-url", db, "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT, env={"RUST_LOG": "info", "PATH": "/usr/bin:/bin"})
    try:
        cl = Client(port)
        for _ in range(200):
            try:
                if cl.raw("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        status, body, _ = cl.raw("POST", "/api/v1/episodes", json.dumps({"site": "OAK"}).encode(),
                                 {"Authorization": f"Bearer {officer_token}", "Content-Type": "application/json"})
        assert status == 201, body
        reference = json.loads(body)["reference"]
        officer = login(cl, "officer.c")
        nurse = login(cl, "nurse.c")
        cl.results.clear()
        before = counts(db)
        api_corpus(cl, officer_token, reference)
        page_corpus(cl, officer, nurse, reference)
        after = counts(db)
    finally:
        proc.kill()
        proc.wait()
    log.seek(0)
    logged = log.read()
    errors = [(label, s) for label, s, _, _ in cl.results if s >= 500]
    # A write must be refused: 2xx, or a redirect anywhere but the sign-in page, is acceptance.
    accepted = [(label, s) for label, s, writes, loc in cl.results
                if writes and (s < 300 or (300 <= s < 400 and "/login" not in loc))]
    panics = [l for l in logged.splitlines() if "panicked" in l or "internal error" in l]
    print(f"fuzz-corpus ({db.split(':')[0]}): {len(cl.results)} requests, "
          f"{len(errors)} answered 5xx, {len(accepted)} accepted, "
          f"rows {'unchanged' if before == after else 'CHANGED'}, {len(panics)} panics or internal errors logged")
    for label, s in errors[:20]:
        print(f"  5xx {s}: {label}")
    for label, s in accepted[:20]:
        print(f"  accepted {s}: {label}")
    if before != after:
        print(f"  before {before}\n  after  {after}")
    for l in panics[:10]:
        print("  log:", l[:200])
    if len(cl.results) < 500:
        print(f"  the corpus must hold at least 500 requests, not {len(cl.results)}")
    ok = not errors and not accepted and before == after and not panics and len(cl.results) >= 500
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
