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

Wrong answers are rows of ``sign_in_failure`` in the database (written in a transaction
of their own, kept whatever becomes of the request), so every worker and every server
counts the same: a lockout is exact with any number of workers. The attempts per address
are counted by ``limits`` in ``RATELIMIT_STORAGE_URI``: ``memory://`` (the default) in
each worker process (with ``-w 4`` an address gets up to four times the rate), or a
shared ``redis://host:6379`` (needs the ``redis`` package).
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, has_request_context, request
from limits import RateLimitItem, parse, parse_many, storage, strategies
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Model, UTCDateTime, db, separate_transaction, utcnow

NAMESPACE = "comptoir-signin"
#: How long an address a user signed in from stays "theirs" for the per-user bound.
KNOWN_ADDRESS_DAYS = 30


class SignInFailure(Model):
    """A wrong password or PIN (or an unknown user), by whom and from where."""

    __tablename__ = "sign_in_failure"
    __table_args__ = (sa.Index("ix_sign_in_failure_user_key_at", "user_key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_key: Mapped[str] = mapped_column(sa.String(160))
    address: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


def pin_key(user_id: int | str) -> str:
    """Whose wrong PINs a ``pin`` gate counts."""
    return f"id:{user_id}"


def password_key(username: str) -> str:
    """Whose wrong passwords a ``password`` gate counts: by name, the way they are typed
    (an unknown name is counted too)."""
    return f"name:{username.casefold()}"


def forget_failures(kind: str, user_key: str) -> None:
    """Forget every wrong answer counted for ``user_key``, from every address: a
    manager who resets a PIN (or a password) lifts its lockout at once. In the caller's
    transaction, so a reset that fails lifts nothing."""
    db.session.execute(
        sa.delete(SignInFailure).where(SignInFailure.user_key == f"{kind}:{user_key}"[:160])
    )


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
class _Window:
    amount: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> _Window:
        item = parse(text)
        return cls(item.amount, int(item.get_expiry()))


@dataclass
class SignInGate:
    """The counters of one sign-in attempt.

    Example::

        gate = SignInGate("pin", pin_key(user_id), "5 per 15 minutes")
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
        self.address = (self.address or client_address())[:64]
        self.key = f"{self.kind}:{self.user_key}"[:160]
        self.pair_window = _Window.parse(self.failures)
        self.user_windows = [
            _Window(item.amount, int(item.get_expiry()))
            for item in parse_many(current_app.config["SIGNIN_FAILURES_PER_USER"])
        ]

    def before(self, address_is_known: t.Callable[[], bool]) -> None:
        limiter = _limiter()
        for item in parse_many(current_app.config["SIGNIN_ATTEMPTS_PER_ADDRESS"]):
            if not limiter.hit(item, NAMESPACE, "address", self.address):
                raise ThrottleRefusal(
                    "too many sign-in attempts from this address; wait a little",
                    "too_many_attempts",
                    _until(limiter, item, "address", self.address),
                )
        locked = self._pair_lock()
        if locked is not None:
            raise self._locked(locked)
        for window in self.user_windows:
            count, first = self._count(window, pair=False)
            if count >= window.amount and not address_is_known():
                raise ThrottleRefusal(
                    "too many wrong attempts for this user; sign in from a till or "
                    "computer they used before, or wait",
                    "locked_out",
                    first + dt.timedelta(seconds=window.seconds),
                )

    def succeeded(self) -> None:
        """A right answer forgets this address's wrong ones for the user: written apart,
        as they were, and only when there are some. A manager's approval is checked
        inside a request that has read (a quote, a refund): on SQLite its read
        transaction cannot turn into a write once another connection wrote, and the
        right PIN after a wrong one answered a 500 "database is locked"."""
        mine = (SignInFailure.user_key == self.key, SignInFailure.address == self.address)
        if db.session.scalar(sa.select(SignInFailure.id).where(*mine).limit(1)) is None:
            return
        with separate_transaction() as connection:
            connection.execute(sa.delete(SignInFailure).where(*mine))

    def failed(self) -> int:
        """Count a wrong answer; the tries left from this address, or the lockout."""
        with separate_transaction() as connection:
            connection.execute(
                sa.insert(SignInFailure).values(
                    user_key=self.key, address=self.address, at=utcnow()
                )
            )
        locked = self._pair_lock()
        if locked is not None:
            raise self._locked(locked)
        count, _first = self._count(self.pair_window, pair=True)
        return self.pair_window.amount - count

    def _count(self, window: _Window, *, pair: bool) -> tuple[int, dt.datetime]:
        since = utcnow() - dt.timedelta(seconds=window.seconds)
        where = [SignInFailure.user_key == self.key, SignInFailure.at > since]
        if pair:
            where.append(SignInFailure.address == self.address)
        count, first = db.session.execute(
            sa.select(sa.func.count(), sa.func.min(SignInFailure.at)).where(*where)
        ).one()
        return count, first or utcnow()

    def _pair_lock(self) -> dt.datetime | None:
        """When this address may try again for this user, if it is locked out: the
        window's wrong answers are spent until the oldest of them leaves it."""
        window = self.pair_window
        since = utcnow() - dt.timedelta(seconds=window.seconds)
        times = db.session.scalars(
            sa.select(SignInFailure.at)
            .where(
                SignInFailure.user_key == self.key,
                SignInFailure.address == self.address,
                SignInFailure.at > since,
            )
            .order_by(SignInFailure.at.desc())
            .limit(window.amount)
        ).all()
        if len(times) < window.amount:
            return None
        return min(times) + dt.timedelta(seconds=window.seconds)

    def _locked(self, until: dt.datetime) -> ThrottleRefusal:
        secret = "PINs" if self.kind == "pin" else "passwords"
        return ThrottleRefusal(
            f"too many wrong {secret}; try again later",
            "locked_out",
            until.replace(microsecond=0),
        )
