"""Signing a delivery, and checking a signature as a receiver does.

The header ``Comptoir-Signature: t=<unix seconds>,v1=<hex>`` carries the time of sending
and the HMAC-SHA256, keyed with the subscription's secret, of ``"<t>." + body``. The
receiver recomputes it over the raw body, compares in constant time, and refuses a
timestamp older than its tolerance (five minutes by default): a captured request
replayed later fails.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "Comptoir-Signature"
TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    moment = int(time.time()) if timestamp is None else timestamp
    return f"t={moment},v1={signature(secret, moment, body)}"


def verify(
    secret: str,
    body: bytes,
    value: str,
    *,
    now: int | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """Whether ``value`` (the header) signs ``body`` with ``secret``, recently enough."""
    parts = dict(part.split("=", 1) for part in value.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    current = int(time.time()) if now is None else now
    if abs(current - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return hmac.compare_digest(expected, parts.get("v1", ""))
