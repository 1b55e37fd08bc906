"""Users and roles: creation, password and PIN sign-in with lockout, default grants.

Creating a user refuses with the errors of :mod:`core.errors`. Signing in refuses with
:class:`AuthError` (or :class:`LockedOut`), which the sign-in endpoints and pages answer
deliberately (401 or 429, the sign-in form again): a refused sign-in is not a broken rule
of the shop. Attempts and wrong answers are counted by :mod:`.throttle`, outside the
database, whatever becomes of the request.
"""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa

from ..audit.services import record as audit
from ..db import db
from ..errors import Conflict, Invalid
from .models import ALL_PERMISSIONS, Role, User
from .passwords import check_secret, hash_secret
from .sessions import address_is_known
from .throttle import SignInGate, ThrottleRefusal, password_key, pin_key

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
    """Refused before the secret is checked (too many attempts or wrong answers): a 429
    until ``until``."""

    def __init__(self, until: dt.datetime, message: str = "", code: str = "locked_out"):
        super().__init__(message or "too many wrong PINs; try again later", code)
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
    """Check a password, throttled (:mod:`.throttle`): an unknown name is counted and
    answered exactly as a wrong password, in the same time."""
    user = db.session.scalar(sa.select(User).where(User.username == username))
    gate = SignInGate("password", password_key(username), _password_failures())
    _guard(gate, user)
    if check_secret(user.password_hash if user else None, password) and user and user.active:
        gate.succeeded()
        return user
    _audit_refused(user, username, "password")
    _count_failure(gate)
    raise AuthError("wrong user name or password", "bad_credentials")


def authenticate_pin(
    user_id: int, pin: str, *, max_attempts: int = 5, lockout: dt.timedelta | None = None
) -> User:
    """Check a till PIN. ``max_attempts`` wrong PINs from one address within ``lockout``
    lock that address out for this user (:mod:`.throttle`: a stranger typing wrong PINs
    for the manager locks out only their own address). An unknown or inactive user id is
    counted, answered and timed exactly as a wrong PIN."""
    user = db.session.get(User, user_id)
    minutes = max(1, int(lockout.total_seconds() // 60)) if lockout else 5
    gate = SignInGate("pin", pin_key(user_id), f"{max_attempts} per {minutes} minutes")
    _guard(gate, user)
    usable = user is not None and user.active and bool(user.pin_hash)
    if check_secret(user.pin_hash if usable else None, pin) and usable:
        gate.succeeded()
        return user
    _audit_refused(user, user.username if user else f"#{user_id}", "PIN")
    left = _count_failure(gate)
    raise AuthError(f"wrong PIN ({left} tries left)", "bad_credentials")


def _password_failures() -> str:
    from flask import current_app

    return current_app.config["PASSWORD_FAILURES"]


def _guard(gate: SignInGate, user: User | None) -> None:
    try:
        gate.before(lambda: user is not None and address_is_known(user.id, gate.address))
    except ThrottleRefusal as refusal:
        raise LockedOut(refusal.until, refusal.message, refusal.code) from None


def _count_failure(gate: SignInGate) -> int:
    try:
        return gate.failed()
    except ThrottleRefusal as refusal:
        raise LockedOut(refusal.until, refusal.message, refusal.code) from None


def _audit_refused(user: User | None, username: str, method: str) -> None:
    """A refused sign-in goes to the audit log although the request fails."""
    target = f"user:{user.id}" if user is not None else ""
    audit(
        "auth.sign_in_failed", target, {"with": method}, user=user, username=username, separate=True
    )
