"""Users and roles: creation, password and PIN sign-in with lockout, default grants.

Creating a user refuses with the errors of :mod:`core.errors`. Signing in refuses with
:class:`AuthError` (or :class:`LockedOut`), which the sign-in endpoints and pages answer
deliberately (401 or 429, the sign-in form again): a refused sign-in is not a broken rule
of the shop. Wrong PINs are counted in a transaction of their own, kept whatever becomes
of the request.
"""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from ..audit.services import record as audit
from ..db import db, separate_transaction, utcnow
from ..errors import Conflict, Invalid
from .models import ALL_PERMISSIONS, Role, User
from .passwords import check_secret, hash_secret

BUILTIN_ROLES = {
    "admin": "Administrator",
    "manager": "Manager",
    "cashier": "Cashier",
}


class AuthError(Exception):
    """A refused sign-in, with a message for the person and a ``code``."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


class LockedOut(AuthError):
    def __init__(self, until: dt.datetime):
        super().__init__("too many wrong PINs; try again later", "locked_out")
        self.until = until


def ensure_builtin_roles(permissions: t.Iterable[t.Any]) -> None:
    """Create the built-in roles if missing and grant them the default permissions of
    ``permissions`` (the core's on init, a plugin's when it is enabled)."""
    roles = {r.name: r for r in db.session.scalars(sa.select(Role).where(Role.builtin))}
    for name, title in BUILTIN_ROLES.items():
        if name not in roles:
            roles[name] = Role(name=name, title=title, builtin=True, permissions=[])
            db.session.add(roles[name])
    roles["admin"].permissions = [ALL_PERMISSIONS]
    for permission in permissions:
        for role_name in permission.default_roles:
            role = roles.get(role_name)
            if role is not None and permission.code not in role.permissions:
                role.permissions = [*role.permissions, permission.code]


def validate_pin(pin: str) -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise Invalid("a PIN is 4 to 8 digits", code="bad_pin")


def create_user(
    username: str,
    roles: t.Iterable[str],
    *,
    password: str | None = None,
    pin: str | None = None,
    full_name: str = "",
) -> User:
    username = username.strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise Invalid("a user name is 1 to 64 characters without spaces", code="bad_username")
    if db.session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"a user named {username!r} already exists", code="duplicate")
    role_rows = []
    for name in roles:
        role = db.session.scalar(sa.select(Role).where(Role.name == name))
        if role is None:
            known = ", ".join(db.session.scalars(sa.select(Role.name).order_by(Role.name)))
            raise Invalid(f"no role {name!r}; roles: {known}", code="unknown_role")
        role_rows.append(role)
    if password is not None and len(password) < 8:
        raise Invalid("a password has at least 8 characters", code="weak_password")
    if pin is not None:
        validate_pin(pin)
    user = User(
        username=username,
        full_name=full_name or username,
        password_hash=hash_secret(password) if password else None,
        pin_hash=hash_secret(pin) if pin else None,
        roles=role_rows,
    )
    db.session.add(user)
    db.session.flush()
    audit("users.create", f"user:{user.id}", {"username": username, "roles": user.role_names})
    return user


def authenticate_password(username: str, password: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if not check_secret(user.password_hash if user else None, password) or not user.active:
        _audit_refused(user, username, "password")
        raise AuthError("wrong user name or password", "bad_credentials")
    return user


def authenticate_pin(user_id: int, pin: str, *, max_attempts: int, lockout: dt.timedelta) -> User:
    """Check a till PIN. After ``max_attempts`` wrong PINs in a row the user is locked out
    for ``lockout``; the counter is updated atomically in SQL so that two tills typing at
    once cannot skip the lock, in a transaction of its own (:func:`separate_transaction`):
    the count stands although the request that typed the PIN fails."""
    user = db.session.get(User, user_id)
    if user is None or not user.active or not user.pin_hash:
        check_secret(None, pin)
        _audit_refused(user, f"#{user_id}", "PIN")
        raise AuthError("wrong PIN", "bad_credentials")
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
        _audit_refused(user, user.username, "PIN (locked out)")
        raise LockedOut(user.locked_until)
    if check_secret(user.pin_hash, pin):
        if user.failed_pin_attempts or user.locked_until:
            _set_pin_counter(user, sa.update(User).values(failed_pin_attempts=0, locked_until=None))
        return user
    attempts = User.failed_pin_attempts + 1
    _set_pin_counter(
        user,
        sa.update(User).values(
            failed_pin_attempts=sa.case((attempts >= max_attempts, 0), else_=attempts),
            locked_until=sa.case(
                (attempts >= max_attempts, now + lockout), else_=User.locked_until
            ),
        ),
    )
    _audit_refused(user, user.username, "PIN")
    if user.locked_until is not None and user.locked_until > now:
        raise LockedOut(user.locked_until)
    left = max_attempts - user.failed_pin_attempts
    raise AuthError(f"wrong PIN ({left} tries left)", "bad_credentials")


def _audit_refused(user: User | None, username: str, method: str) -> None:
    """A refused sign-in goes to the audit log although the request fails."""
    target = f"user:{user.id}" if user is not None else ""
    audit(
        "auth.sign_in_failed", target, {"with": method}, user=user, username=username, separate=True
    )


def _set_pin_counter(user: User, update: sa.Update) -> None:
    """Run ``update`` on the user's row in a transaction of its own and put the new
    counter and lock on ``user`` as they are in the database."""
    with separate_transaction() as connection:
        row = connection.execute(
            update.where(User.id == user.id).returning(User.failed_pin_attempts, User.locked_until)
        ).one()
    set_committed_value(user, "failed_pin_attempts", row.failed_pin_attempts)
    set_committed_value(user, "locked_until", row.locked_until)
