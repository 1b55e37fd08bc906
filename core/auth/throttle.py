"""Throttling sign-in attempts (passwords, till PINs, a manager's approval PIN), with the
``limits`` library.

Three counters, each a moving window:

- **attempts per client address** (``SIGNIN_ATTEMPTS_PER_ADDRESS``): every attempt,
  right or wrong, before any hash is computed: one machine cannot try fast;
- **wrong answers per (user, address)** (the store's ``pin_max_attempts`` per
  ``pin_lockout_minutes`` for PINs, ``PASSWORD_FAILURES`` for passwords): the lockout.
  It is kept per pair so that a stranger who types five wrong PINs for the manager locks
  out *their own* address, not the manager at the till;
- **wrong answers per user from any address** (``SIGNIN_FAILURES_PER_USER``): bounds a
  guess spread over many addresses. Once over, the user is refused only from addresses
  they have not signed in from in the last 30 days, so the manager's own till still
  works while someone else's botnet is refused.

Unknown user ids and names are counted exactly like real ones, so the answers (message,
tries left, lockout) and their timing do not tell them apart.

Counters live in ``RATELIMIT_STORAGE_URI``: ``memory://`` (the default) keeps them in
each worker process; with several workers (gunicorn ``-w 4``) each counts on its own, so
give them a shared store, ``redis://host:6379`` (needs the ``redis`` package).
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass

from flask import current_app, has_request_context, request
from limits import RateLimitItem, parse, parse_many, storage, strategies

NAMESPACE = "comptoir-signin"
#: How long an address a user signed in from stays "theirs" for the per-user bound.
KNOWN_ADDRESS_DAYS = 30


class ThrottleRefusal(Exception):
    """Refused before checking the secret: ``until`` is when to try again (UTC)."""

    def __init__(self, message: str, code: str, until: dt.datetime):
        super().__init__(message)
        self.message = message
        self.code = code
        self.until = until


def _limiter() -> strategies.MovingWindowRateLimiter:
    """One limiter per Comptoir host (its runtimes are rebuilt, the counts must stay)."""
    host = getattr(current_app, "comptoir_host", current_app)
    limiter = host.extensions.get("comptoir.signin_limiter")
    if limiter is None:
        uri = host.config.get("RATELIMIT_STORAGE_URI") or "memory://"
        limiter = strategies.MovingWindowRateLimiter(storage.storage_from_string(uri))
        host.extensions["comptoir.signin_limiter"] = limiter
    return limiter


def client_address() -> str:
    """The client's address as the server sees it (behind a reverse proxy, configure it
    to pass the real one: see docs/operators)."""
    if has_request_context():
        return request.remote_addr or "unknown"
    return "local"


def _until(limiter, item: RateLimitItem, *keys: str) -> dt.datetime:
    reset = limiter.get_window_stats(item, NAMESPACE, *keys).reset_time
    return dt.datetime.fromtimestamp(reset, dt.UTC).replace(microsecond=0)


@dataclass
class SignInGate:
    """The counters of one sign-in attempt.

    Example::

        gate = SignInGate("pin", str(user_id), "5 per 15 minutes")
        gate.before(lambda: address_is_known(user_id))  # may raise ThrottleRefusal
        if right:
            gate.succeeded()
        else:
            left = gate.failed()  # may raise ThrottleRefusal (the lockout)
    """

    kind: str
    user_key: str
    failures: str
    address: str = ""

    def __post_init__(self) -> None:
        self.address = self.address or client_address()
        self.limiter = _limiter()
        self.pair_limit = parse(self.failures)
        self.pair = (f"{self.kind}-pair", self.user_key, self.address)
        self.user = (f"{self.kind}-user", self.user_key)

    def before(self, address_is_known: t.Callable[[], bool]) -> None:
        config = current_app.config
        for item in parse_many(config["SIGNIN_ATTEMPTS_PER_ADDRESS"]):
            if not self.limiter.hit(item, NAMESPACE, "address", self.address):
                raise ThrottleRefusal(
                    "too many sign-in attempts from this address; wait a little",
                    "too_many_attempts",
                    _until(self.limiter, item, "address", self.address),
                )
        if not self.limiter.test(self.pair_limit, NAMESPACE, *self.pair):
            raise self._locked()
        for item in parse_many(config["SIGNIN_FAILURES_PER_USER"]):
            if not self.limiter.test(item, NAMESPACE, *self.user) and not address_is_known():
                raise ThrottleRefusal(
                    "too many wrong attempts for this user; sign in from a till or "
                    "computer they used before, or wait",
                    "locked_out",
                    _until(self.limiter, item, *self.user),
                )

    def succeeded(self) -> None:
        self.limiter.clear(self.pair_limit, NAMESPACE, *self.pair)

    def failed(self) -> int:
        """Count a wrong answer; the tries left from this address, or the lockout."""
        self.limiter.hit(self.pair_limit, NAMESPACE, *self.pair)
        for item in parse_many(current_app.config["SIGNIN_FAILURES_PER_USER"]):
            self.limiter.hit(item, NAMESPACE, *self.user)
        stats = self.limiter.get_window_stats(self.pair_limit, NAMESPACE, *self.pair)
        if stats.remaining <= 0:
            raise self._locked()
        return stats.remaining

    def _locked(self) -> ThrottleRefusal:
        secret = "PINs" if self.kind == "pin" else "passwords"
        return ThrottleRefusal(
            f"too many wrong {secret}; try again later",
            "locked_out",
            _until(self.limiter, self.pair_limit, *self.pair),
        )
