"""Sign-in pages of the back office."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for

from ..db import db
from .login import end_session, start_session
from .permissions import SIGNED_IN, public, require
from .services import AuthError, LockedOut, authenticate_password

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect after sign-in is a phishing aid.
    if not target or urlsplit(target).netloc or not target.startswith("/") or "\\" in target:
        return url_for("admin.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    error, status = None, 200
    if request.method == "POST":
        try:
            user = authenticate_password(
                request.form.get("username", ""), request.form.get("password", "")
            )
        except AuthError as exc:
            error, status = exc.message, (429 if isinstance(exc, LockedOut) else 401)
        else:
            start_session(user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", error=error), status


@bp.route("/logout", methods=["POST"])
@require(SIGNED_IN)
def logout():
    end_session()
    db.session.commit()
    return redirect(url_for("auth.login"))
