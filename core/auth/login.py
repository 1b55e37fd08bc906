"""Starting and ending a session, the same way for the password form, the JSON sign-in
and the till's PIN pad. Sessions are recorded server-side (:mod:`.sessions`): the cookie
carries a key the server can revoke."""

from __future__ import annotations

from flask import session
from flask_login import login_user, logout_user

from ..audit.services import record as audit
from ..db import write_transaction
from .models import User
from .sessions import open_session_record, revoke_current_session


def start_session(user: User) -> None:
    """Sign ``user`` in on a fresh session: whatever the session held before (an attacker
    may have planted it, or another cashier signed in on this till) is revoked and
    dropped, and a new CSRF token will be issued. The caller commits (the API endpoint
    does, a page commits at its end)."""
    # A writer from the start: on SQLite a transaction that read (the PIN check) cannot
    # become a writer once another connection wrote meanwhile (a hardware agent's
    # heartbeat, another till), and the sign-in would fail with "database is locked".
    write_transaction()
    revoke_current_session()
    session.clear()
    login_user(user, fresh=True)
    session["_user_id"] = open_session_record(user)
    audit("auth.sign_in", f"user:{user.id}", user=user)


def end_session() -> None:
    """Sign out this browser only: the user's other sessions (other tills) stay."""
    revoke_current_session()
    logout_user()
    session.clear()
