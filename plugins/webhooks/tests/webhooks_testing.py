"""Helpers of the webhooks tests: a real HTTP receiver on localhost (http.server in a
thread) that checks each request's signature as the docs tell receivers to, and keeps
what it got (a module name of its own: test folders share sys.path)."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE = 300
#: The secret the tests' subscriptions sign with.
SECRET = "whsec_test_0123456789abcdef"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def verify(secret: str, body: bytes, header: str, now: float | None = None) -> bool:
    """The receiver's check, written from the docs: ``t=<unix>,v1=<hex>``, the HMAC-SHA256
    of ``"<t>." + body`` with the secret, and a timestamp at most five minutes old."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    if abs((now or time.time()) - timestamp) > TOLERANCE:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts["v1"])


class Receiver:
    """An HTTP server on 127.0.0.1:``port`` answering ``status`` (200 by default) to
    signed POSTs, 400 to badly signed ones; it can be stopped and started again."""

    def __init__(self, secret: str = "", port: int | None = None) -> None:
        self.port = port or free_port()
        self.secret = secret
        self.status = 200
        self.received: list[dict] = []  # {"headers", "body", "json", "signed"}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                signed = verify(receiver.secret, body, self.headers.get("Comptoir-Signature", ""))
                receiver.received.append(
                    {
                        "headers": dict(self.headers),
                        "body": body,
                        "json": json.loads(body),
                        "signed": signed,
                    }
                )
                self.send_response(receiver.status if signed else 400)
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = None


def subscribe(api, url: str, events: list[str], secret: str) -> dict:
    response = api.post("/api/v1/webhooks", json={"url": url, "events": events, "secret": secret})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def closed(response):
    """Close an answer as a WSGI server does once sent: the outbox's first attempt."""
    response.close()
    return response
