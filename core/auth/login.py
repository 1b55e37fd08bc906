"""Starting and ending a session, the same way for the password form, the JSON sign-in
and the till's PIN pad."""

from __future__ import annotations

from flask import session
from flask_login import login_user, logout_user

from ..audit.services import record as audit
from .models import User


def start_session(user: User) -> None:
    """Sign ``user`` in on a fresh session: whatever the session held before (an attacker
    may have planted it) is dropped, and a new CSRF token will be issued."""
    session.clear()
    login_user(user, fresh=True)
    audit("auth.sign_in", f"user:{user.id}", user=user, separate=True)


def end_session() -> None:
    logout_user()
    session.clear()
