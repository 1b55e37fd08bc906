"""The API's error shape, ``{"error": {"code", "message", "fields"}}``, for every 4xx and
5xx under ``/api/``; HTML error pages elsewhere.

The one place where errors become HTTP statuses: the domain errors services raise
(:mod:`core.errors`) by their kind, and the few errors that only exist in HTTP
(:class:`ApiError`: a malformed body, a wrong content type).
"""

from __future__ import annotations

import logging
import typing as t

import sqlalchemy as sa
from flask import Flask, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from ..auth.permissions import NotAuthenticated, PermissionDenied
from ..errors import Conflict, DomainError, Forbidden, Invalid, NotFound, TooManyAttempts
from ..plugins.errors import HookFailed
from ..validation_messages import translate_messages

log = logging.getLogger("comptoir")

#: The status of each kind of domain error; the first match wins.
DOMAIN_STATUSES: tuple[tuple[type[DomainError], int], ...] = (
    (Invalid, 422),
    (NotFound, 404),
    (Conflict, 409),
    (Forbidden, 403),
    (TooManyAttempts, 429),
)


def domain_status(error: DomainError) -> int:
    """The HTTP status of a domain error; 422 for a bare :class:`DomainError`."""
    for kind, status in DOMAIN_STATUSES:
        if isinstance(error, kind):
            return status
    return 422


class ApiError(Exception):
    """An error that only exists in HTTP (a malformed JSON body, a wrong content type),
    raised by the HTTP layer itself. Services raise :mod:`core.errors` instead."""

    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        fields: dict[str, t.Any] | None = None,
        status: int | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.fields = fields or {}
        self.status = status or self.status


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    if wants_json():
        body = {"error": {"code": code, "message": message, "fields": fields or {}}}
        return jsonify(body), status
    if status == 401:
        return redirect(url_for("auth.login", next=request.full_path))
    return render_template("error.html", status=status, message=message), status


def wants_json() -> bool:
    # A request with an Authorization header comes from a program, not a browser: it gets
    # JSON errors (never a redirect to the sign-in page), whatever the path.
    return (
        request.path.startswith("/api/")
        or "Authorization" in request.headers
        or request.accept_mimetypes.best == "application/json"
    )


def init_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(error: ApiError):
        return error_response(error.status, error.code, error.message, error.fields)

    @app.errorhandler(ValidationError)
    def _validation_error(error: ValidationError):
        fields = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
        # marshmallow's own messages are English: in the reader's language here.
        fields = translate_messages(fields)
        return error_response(422, "invalid", _("some fields are not valid"), fields)

    @app.errorhandler(NotAuthenticated)
    def _not_authenticated(_error):
        response = error_response(401, "unauthenticated", _("sign in or give a valid token"))
        if wants_json():
            body, status = response
            body.headers["WWW-Authenticate"] = 'Bearer realm="comptoir"'
            return body, status
        return response

    @app.errorhandler(PermissionDenied)
    def _denied(error: PermissionDenied):
        return error_response(403, "forbidden", str(error))

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        # A plugin's refusal (core.plugins.Rejected) names the plugin.
        plugin = getattr(error, "plugin", None)
        message = f"{plugin}: {error.message}" if plugin else error.message
        response = make_response(
            error_response(
                domain_status(error), error.code, message, translate_messages(error.fields)
            )
        )
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError):
        return error_response(400, "csrf_failed", error.description)

    @app.errorhandler(HookFailed)
    def _hook_failed(error: HookFailed):
        log.error("%s", error, exc_info=error.error)
        return error_response(
            500, "plugin_failed", _("the plugin %(plugin)s failed", plugin=repr(error.plugin))
        )

    @app.errorhandler(sa.exc.IntegrityError)
    def _integrity_error(error: sa.exc.IntegrityError):
        # A race lost to another writer between a service's checks and its write (a name
        # taken meanwhile, a record deleted): the constraint caught it, nothing was kept.
        from ..db import db

        db.session.rollback()
        log.info("constraint refused %s %s: %s", request.method, request.path, error.orig)
        return error_response(
            409,
            "conflict",
            _(
                "this conflicts with a change saved at the same time "
                "(a value already taken, or a record changed): reload and try again"
            ),
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        codes = {
            400: "bad_request",
            404: "not_found",
            405: "method_not_allowed",
            413: "too_large",
            415: "unsupported_media_type",
        }
        return error_response(
            error.code or 500, codes.get(error.code or 0, "http_error"), error.description or ""
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", _("an unexpected error occurred"))
