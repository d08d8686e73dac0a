#!/usr/bin/env python3
"""A push service for the tests: it holds browser-side subscriptions and
receives what the app sends to them, as a browser's push service and the
browser would together.

- POST /subscriptions makes a subscription as a browser would: a new P-256
  key pair and a 16-byte auth secret, kept here. The answer is what the
  page's PushSubscription.toJSON() gives: {"endpoint", "keys": {"p256dh",
  "auth"}} (and "id").
- POST /push/<id> is the endpoint the app posts to. It checks what a real
  push service checks (RFC 8292 VAPID: "Authorization: vapid t=<JWT>, k=<key>",
  the JWT's ES256 signature made with k, its aud (this origin) and exp (in
  the future, at most 24 hours away), a sub claim; a TTL header;
  Content-Encoding aes128gcm), then decrypts the body with the subscription's
  private key and auth secret (RFC 8291 / RFC 8188, with the http_ece
  package) and records the plaintext. 201 when accepted, as push services
  answer.
- POST /subscriptions/<id>/mode with {"mode": "ok" | "gone" | "fail"}: what
  later pushes to it get (201 / 410 Gone / 500).
- GET /received?id=<id> lists what was received (and refused, with why).

Prints "url=http://127.0.0.1:<port>" when it listens. Python 3 standard
library plus http_ece and cryptography (installed in a venv by
tests/push-endpoint/install.sh).
"""

import base64
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

LOCK = threading.Lock()
SUBS = {}  # id -> {"key", "auth", "mode"}
RECEIVED = []  # {"id", ...}
ORIGIN = ""


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64e(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


class Refused(Exception):
    pass


def check_vapid(header):
    """The claims of a valid VAPID Authorization header, or Refused."""
    m = re.fullmatch(r"vapid t=([A-Za-z0-9_\-.]+), ?k=([A-Za-z0-9_\-]+)", header or "")
    if not m:
        raise Refused("no 'vapid t=..., k=...' Authorization header")
    token, k = m.groups()
    parts = token.split(".")
    if len(parts) != 3:
        raise Refused("the JWT does not have three parts")
    head = json.loads(b64d(parts[0]))
    claims = json.loads(b64d(parts[1]))
    if head.get("alg") != "ES256":
        raise Refused(f"JWT alg is {head.get('alg')!r}, not ES256")
    sig = b64d(parts[2])
    if len(sig) != 64:
        raise Refused("the ES256 signature is not 64 bytes")
    try:
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64d(k))
        der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
        key.verify(der, f"{parts[0]}.{parts[1]}".encode(), ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError) as e:
        raise Refused(f"the JWT signature does not verify with k ({type(e).__name__})")
    if claims.get("aud") != ORIGIN:
        raise Refused(f"aud is {claims.get('aud')!r}, not {ORIGIN!r}")
    now = time.time()
    exp = claims.get("exp")
    if not isinstance(exp, (int, float)) or exp <= now or exp > now + 24 * 3600:
        raise Refused(f"exp {exp!r} is not within the next 24 hours")
    sub = claims.get("sub", "")
    if not (sub.startswith("mailto:") or sub.startswith("https:")):
        raise Refused(f"sub {sub!r} is not a mailto: or https: contact")
    return claims, k


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body=None):
        data = json.dumps(body if body is not None else {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        if self.path.startswith("/received"):
            m = re.search(r"[?&]id=([^&]+)", self.path)
            with LOCK:
                items = [r for r in RECEIVED if m is None or r["id"] == m.group(1)]
            return self.reply(200, items)
        self.reply(404, {"error": "not found"})

    def do_POST(self):
        if self.path == "/subscriptions":
            self.body()
            key = ec.generate_private_key(ec.SECP256R1())
            auth = os.urandom(16)
            sid = b64e(os.urandom(9))
            with LOCK:
                SUBS[sid] = {"key": key, "auth": auth, "mode": "ok"}
            public = key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
            return self.reply(
                201,
                {
                    "id": sid,
                    "endpoint": f"{ORIGIN}/push/{sid}",
                    "expirationTime": None,
                    "keys": {"p256dh": b64e(public), "auth": b64e(auth)},
                },
            )
        m = re.fullmatch(r"/subscriptions/([A-Za-z0-9_\-]+)/mode", self.path)
        if m:
            mode = json.loads(self.body() or b"{}").get("mode", "ok")
            with LOCK:
                if m.group(1) not in SUBS:
                    return self.reply(404, {"error": "no such subscription"})
                SUBS[m.group(1)]["mode"] = mode
            return self.reply(200, {"mode": mode})
        m = re.fullmatch(r"/push/([A-Za-z0-9_\-]+)", self.path)
        if m:
            return self.push(m.group(1))
        self.reply(404, {"error": "not found"})

    def push(self, sid):
        data = self.body()
        with LOCK:
            sub = SUBS.get(sid)
        if sub is None:
            return self.reply(404, {"error": "no such subscription"})
        if sub["mode"] == "gone":
            return self.reply(410, {"error": "subscription expired"})
        if sub["mode"] == "fail":
            return self.reply(500, {"error": "push service failure (test mode)"})
        record = {
            "id": sid,
            "ttl": self.headers.get("TTL"),
            "urgency": self.headers.get("Urgency"),
            "content_encoding": self.headers.get("Content-Encoding"),
        }
        try:
            if record["ttl"] is None or not record["ttl"].isdigit():
                raise Refused("no TTL header")
            if record["content_encoding"] != "aes128gcm":
                raise Refused(f"Content-Encoding is {record['content_encoding']!r}")
            claims, _k = check_vapid(self.headers.get("Authorization"))
            plain = http_ece.decrypt(
                data, private_key=sub["key"], auth_secret=sub["auth"], version="aes128gcm"
            )
            record["claims"] = claims
            record["payload"] = json.loads(plain)
        except Refused as e:
            record["refused"] = str(e)
            with LOCK:
                RECEIVED.append(record)
            return self.reply(401, {"error": str(e)})
        except Exception as e:  # a body that does not decrypt or parse
            record["refused"] = f"{type(e).__name__}: {e}"
            with LOCK:
                RECEIVED.append(record)
            return self.reply(400, {"error": record["refused"]})
        with LOCK:
            RECEIVED.append(record)
        self.send_response(201)
        self.send_header("Location", f"{ORIGIN}/messages/{len(RECEIVED)}")
        self.send_header("Content-Length", "0")
        self.end_headers()


def main():
    global ORIGIN
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ORIGIN = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"url={ORIGIN}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
