#!/usr/bin/env python3
"""Crash test: kill -9 a release server during an 8-thread arrival load, again
and again, and prove that nothing acknowledged is lost and that a retry with
the same client_ref returns the same case.

Usage: bench/crash.py --bin target/release/s136 --db sqlite:///tmp/x.db --rounds 20
       bench/crash.py --bin ... --db postgres://postgres@127.0.0.1:5432/crash_x --rounds 5

Prints, per round and in total: acknowledged, found, lost (must be 0), and
retries that returned another case (must be 0). Exits 1 if anything was lost.
Traffic stays on 127.0.0.1; every loop is bounded in count and time.
"""

import argparse
import json
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cli(bin_, db, *args, stdin=None):
    r = subprocess.run(
        [bin_, "--database-url", db, *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return r.stdout


def post(base, token, body, timeout=5):
    req = urllib.request.Request(
        base + "/api/v1/episodes",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.status, json.loads(resp.read())


def get(base, token, reference, timeout=5):
    req = urllib.request.Request(
        f"{base}/api/v1/episodes/{reference}",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.status


class Server:
    def __init__(self, bin_, db):
        self.bin, self.db, self.proc = bin_, db, None
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self):
        self.proc = subprocess.Popen(
            [self.bin, "--database-url", self.db, "serve", "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("server did not start")

    def kill(self):
        self.proc.kill()  # SIGKILL: no shutdown, no flush
        self.proc.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--threads", type=int, default=8)
    args = ap.parse_args()

    cli(args.bin, args.db, "migrate")
    cli(args.bin, args.db, "force", "add", "--code", "CRSH", "--name", "Crash Test Police")
    cli(args.bin, args.db, "site", "add", "--code", "CRS", "--name", "Crash suite",
        "--kind", "mental_health_unit", "--trust", "Test Trust")
    cli(args.bin, args.db, "user", "add", "--username", "crash.officer", "--role", "officer",
        "--force", "CRSH", "--collar", "9001", "--password-stdin", stdin="crash-test-password-1\n")
    token = cli(args.bin, args.db, "token", "create", "--username", "crash.officer").strip().split()[-1]

    server = Server(args.bin, args.db)
    acked = {}  # client_ref -> reference
    lock = threading.Lock()
    totals = {"acked": 0, "lost": 0, "other_case": 0}
    seq = [0]

    for rnd in range(1, args.rounds + 1):
        server.start()
        stop = threading.Event()
        before = len(acked)

        def load(tid):
            pending = None
            for _ in range(100000):  # bounded; the kill ends it first
                if stop.is_set():
                    return
                if pending is None:
                    with lock:
                        seq[0] += 1
                        pending = f"crash-{rnd}-{tid}-{seq[0]}"
                try:
                    status, body = post(server.base, token, {"site": "CRS", "client_ref": pending})
                except (OSError, urllib.error.URLError):
                    return  # the server is gone: this one is not acknowledged
                if status in (200, 201):
                    with lock:
                        acked[pending] = body["reference"]
                    pending = None

        threads = [threading.Thread(target=load, args=(t,)) for t in range(args.threads)]
        started = time.time()
        for t in threads:
            t.start()
        time.sleep(random.uniform(0.3, 1.5))
        server.kill()
        loaded = time.time() - started
        stop.set()
        for t in threads:
            t.join(timeout=10)

        # Back up: every acknowledged arrival is there, and a retry with its
        # client_ref returns the same case (200, not a second 201).
        server.start()
        lost = other = 0
        for ref, reference in list(acked.items()):
            try:
                if get(server.base, token, reference) != 200:
                    lost += 1
            except urllib.error.HTTPError:
                lost += 1
        sample = random.sample(list(acked.items()), min(20, len(acked)))
        for ref, reference in sample:
            status, body = post(server.base, token, {"site": "CRS", "client_ref": ref})
            if status != 200 or body["reference"] != reference:
                other += 1
        server.kill()
        new = len(acked) - before
        totals["acked"] = len(acked)
        totals["lost"] += lost
        totals["other_case"] += other
        totals.setdefault("seconds", 0.0)
        totals["seconds"] += loaded
        print(f"round {rnd:2}: acknowledged {new:5} in {loaded:.2f} s ({new / loaded:6.0f}/s), total {len(acked):6}, found {len(acked) - lost:6}, "
              f"lost {lost}, retries giving another case {other}/{len(sample)}", flush=True)

    print(f"TOTAL: {args.rounds} kill -9 rounds, acknowledged {totals['acked']} "
          f"({totals['acked'] / totals['seconds']:.0f} arrivals/s under load, {args.threads} threads), "
          f"lost {totals['lost']}, retries giving another case {totals['other_case']}")
    sys.exit(1 if totals["lost"] or totals["other_case"] else 0)


if __name__ == "__main__":
    main()
