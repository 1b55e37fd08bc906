"""Flask-Login wiring: cookie sessions for people, bearer tokens for programs, and the
CSRF check for cookie-authenticated writes (a refused check is answered by
``core.api.errors``, with the other errors)."""

from __future__ import annotations

import hashlib

from flask import Flask, current_app, g, request, session
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from .permissions import NotAuthenticated, guard_unprotected_views


class _LoginManager(LoginManager):
    def _session_protection_failed(self) -> bool:
        # A token request is judged by its token alone. Without this, a session cookie
        # that came along (an anonymous one holding only a CSRF token, say) fails the
        # "strong" check and Flask-Login then never asks the token loader: a 401.
        if "Authorization" in request.headers:
            return False
        # An anonymous session (a CSRF token for the PIN sign-in) has nobody to protect.
        # "Strong" protection cleared it on every request all the same, so every answer
        # set its cookie again: a till page or a service-worker fetch sent before a sign-in
        # and answered after it put the anonymous cookie back over the signed-in one, and
        # the cashier's next request was a 401 (seen as a failed sign-in under load).
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()


login_manager = _LoginManager()
login_manager.session_protection = "strong"
csrf = CSRFProtect()

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_digest(token: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough, and lets us look them up.
    return hashlib.sha256(token.encode()).hexdigest()


@login_manager.user_loader
def _load_user(session_value: str):
    if "Authorization" in request.headers:
        return None  # a token request is judged by its token alone
    from .sessions import user_for_session

    return user_for_session(session_value)


@login_manager.request_loader
def _load_user_from_token(req):
    header = req.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        g.bad_credentials = True
        return None
    from .tokens import user_for_token

    host = getattr(current_app, "comptoir_host", None)
    user = user_for_token(token.strip(), getattr(host, "token_cache", None))
    if user is None:
        g.bad_credentials = True
    return user


@login_manager.unauthorized_handler
def _unauthorized():
    raise NotAuthenticated()


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    csrf.init_app(app)
    guard_unprotected_views(app)

    @app.before_request
    def _bearer_only_when_given() -> None:
        if request.routing_exception is not None:
            return  # 404 / 405: answered as such, credentials or not
        # A request that carries a token is judged by the token alone: a bad token is a
        # 401 even if a session cookie also came along, and token requests need no CSRF.
        if "Authorization" in request.headers:
            from flask_login import current_user

            if not current_user.is_authenticated or g.get("bad_credentials"):
                if request.endpoint and _is_protected(app):
                    raise NotAuthenticated()
            return
        if request.method not in SAFE_METHODS:
            from flask_login import current_user

            if not current_user.is_authenticated and _is_protected(app):
                return  # no session to ride on: the permission check answers 401
            csrf.protect()


def _is_protected(app: Flask) -> bool:
    from .permissions import PUBLIC_ATTR

    view = app.view_functions.get(request.endpoint or "")
    return view is not None and not getattr(view, PUBLIC_ATTR, False)
