"""Server-side sign-in sessions: the cookie carries a random session key, the database
the record of it, so that a session ends when the server says so.

The cookie is signed but not encrypted, and used to hold only ``<user id>:<version>``:
signing out cleared the browser's copy, and anyone who had kept the cookie (a shared
till, a stolen laptop, a proxy's log) stayed signed in. Now:

- signing out revokes the current session only: the same cashier stays signed in on the
  other tills;
- a change of the user's password or PIN, or their deactivation, revokes every session
  of theirs, whoever makes it and from wherever (:func:`_revoke_on_credential_change`
  watches the flush, so no code path can forget it);
- signing in on a browser that held another session (the till's user switch) revokes
  that one.

API tokens were already revocable one by one (``DELETE /tokens/<id>``), and refused once
their user is deactivated; a password change leaves them standing (they are for programs,
revoked on their own).

Only the SHA-256 of a key is stored: whoever reads the database cannot sign in with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from flask import session
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from ..db import Model, UTCDateTime, db, separate_transaction, utcnow
from .models import User
from .throttle import KNOWN_ADDRESS_DAYS, client_address

#: The prefix of Flask-Login's ``_user_id`` for a server-side session (old cookies,
#: ``<id>:<version>``, are no longer accepted: they cannot be revoked).
KEY_PREFIX = "s:"
#: Noting each request's time would make every read a write.
LAST_SEEN_RESOLUTION = dt.timedelta(minutes=1)
#: What a user's change must touch to end all their sessions.
CREDENTIAL_COLUMNS = ("password_hash", "pin_hash", "active")


class UserSession(Model):
    """One signed-in browser (the back office or a till)."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The client's address at sign-in: where the user is known to sign in from.
    address: Mapped[str] = mapped_column(sa.String(64), default="")

    user: Mapped[User] = relationship(lazy="joined")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def open_session_record(user: User) -> str:
    """Record a new session of ``user`` (in the request's transaction); returns the value
    for Flask-Login's ``_user_id``, which the signed cookie carries."""
    key = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user_id=user.id, key_hash=_digest(key), address=client_address()[:64])
    )
    return KEY_PREFIX + key


def revoke_current_session() -> None:
    """Revoke the session the current cookie carries, if any (in the request's
    transaction)."""
    value = session.get("_user_id")
    if isinstance(value, str) and value.startswith(KEY_PREFIX):
        db.session.execute(
            sa.update(UserSession)
            .where(
                UserSession.key_hash == _digest(value[len(KEY_PREFIX) :]),
                UserSession.revoked_at.is_(None),
            )
            .values(revoked_at=utcnow())
        )


def revoke_user_sessions(user_id: int, connection: sa.Connection | None = None) -> None:
    """Revoke every session of a user (password changed, deactivated, signed out
    everywhere)."""
    statement = (
        sa.update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    (connection or db.session).execute(statement)


def address_is_known(user_id: int, address: str) -> bool:
    """Whether the user signed in from ``address`` lately (the per-user throttle lets
    them in from there although a stranger spent their budget elsewhere)."""
    since = utcnow() - dt.timedelta(days=KNOWN_ADDRESS_DAYS)
    found = db.session.scalar(
        sa.select(UserSession.id)
        .where(
            UserSession.user_id == user_id,
            UserSession.address == address,
            UserSession.created_at > since,
        )
        .limit(1)
    )
    return found is not None


_SESSION_WITH_USER = (
    sa.select(UserSession)
    .where(UserSession.key_hash == sa.bindparam("digest"))
    .options(joinedload(UserSession.user).joinedload(User.roles))
)


def user_for_session(value: str) -> User | None:
    """The user of a live session, from the cookie's ``_user_id``; ``None`` when the
    session is unknown, revoked, or its user deactivated."""
    if not value.startswith(KEY_PREFIX):
        return None
    record = (
        db.session.execute(_SESSION_WITH_USER, {"digest": _digest(value[len(KEY_PREFIX) :])})
        .unique()
        .scalar_one_or_none()
    )
    if record is None or record.revoked_at is not None or not record.user.active:
        return None
    now = utcnow()
    if now - record.last_seen_at > LAST_SEEN_RESOLUTION:
        with separate_transaction() as connection:
            connection.execute(
                sa.update(UserSession).where(UserSession.id == record.id).values(last_seen_at=now)
            )
        set_committed_value(record, "last_seen_at", now)
    return record.user


@sa.event.listens_for(Session, "before_flush")
def _revoke_on_credential_change(session: Session, _context, _instances) -> None:
    """A user whose password or PIN changed, or who was deactivated, is signed out of
    every browser: whoever knew the old secret, or used the account, is out."""
    for obj in session.dirty:
        if not isinstance(obj, User) or obj.id is None:
            continue
        state = sa.inspect(obj)
        if any(state.attrs[name].history.has_changes() for name in CREDENTIAL_COLUMNS):
            revoke_user_sessions(obj.id, session.connection())
