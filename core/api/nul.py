"""Refusing NUL characters in what clients send.

PostgreSQL cannot store a NUL (``\\x00``) in a text column and fails the whole statement;
SQLite would store it and cut the text short in some tools. No till, form or integration
has a reason to send one, so every way text comes in refuses it with a 4xx before any
service sees it: JSON bodies (:mod:`core.api.body_limits`, used by the API's body loader), query
strings, form fields and URL segments (:func:`refuse_nul_characters`).
"""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import NotFound

from .errors import ApiError

MESSAGE = "text may not contain NUL characters"
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def refuse_nul_characters() -> None:
    """``before_request``: a NUL in a URL segment is a 404 (no such thing); in a query
    string or a form field, a 422 naming the field."""
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and "\x00" in value:
            raise NotFound()
    sources = [request.args]
    if request.mimetype in FORM_TYPES:
        sources.append(request.form)
    for source in sources:
        for key, values in source.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                name = key.replace("\x00", "\\0")
                raise ApiError(MESSAGE, code="invalid", status=422, fields={name: [MESSAGE]})
