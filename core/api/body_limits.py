"""Bounds on what a JSON body may be, checked before any service (or the database) sees it.

A body nested a thousand deep made the parser and then marshmallow recurse until Python
gave up (a 500 without signing in); a lone UTF-16 surrogate (``"\\ud800"``) is valid JSON
but no database can store it (SQLite's driver and PostgreSQL's both fail the statement);
a 16 MB quote of 466,000 lines held a worker for seconds before the schema counted its
lines. So the loaded value is walked once, without recursion, and refused with a 4xx
naming the place when it is nested deeper than :data:`MAX_DEPTH`, has a list longer than
:data:`MAX_ITEMS`, or holds text with a NUL or a lone surrogate. The body's size is
bounded before it is read (``MAX_BODY_BYTES``, see :func:`refuse_oversized_bodies`).
"""

from __future__ import annotations

import re
import typing as t

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..uploads import own_body_limit
from .errors import ApiError
from .nul import MESSAGE as NUL_MESSAGE

#: Deepest nesting of objects and lists a body may have; the deepest body Comptoir takes
#: (a sale's line, its added line and its plugin data) is under 8.
MAX_DEPTH = 32
#: Longest list a body may hold (a sale has at most 500 lines; the schemas say less).
MAX_ITEMS = 1000
#: The default of the ``MAX_BODY_BYTES`` setting: a sale of 500 lines is about 60 kB.
DEFAULT_MAX_BODY_BYTES = 1024 * 1024

SURROGATE_MESSAGE = "text must be valid Unicode (a lone surrogate such as \\ud800 is not)"
_SURROGATE = re.compile("[\ud800-\udfff]")


def _bad_text(text: str) -> str | None:
    if "\x00" in text:
        return NUL_MESSAGE
    if _SURROGATE.search(text):
        return SURROGATE_MESSAGE
    return None


def _printable(path: str) -> str:
    return path.replace("\x00", "\\0").encode("utf-8", "backslashreplace").decode()


def check_json_value(value: t.Any, *, texts: bool = True) -> None:
    """Raise an :class:`ApiError` (400 too deep, 422 a list too long or bad text) for the
    first problem in a loaded JSON value. ``texts=False`` skips the text checks (a body
    whose raw bytes cannot hold a NUL or a surrogate)."""
    stack: list[tuple[t.Any, str, int]] = [(value, "", 1)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            problem = _bad_text(item) if texts else None
            if problem:
                where = _printable(path or "_")
                raise ApiError(problem, code="invalid", status=422, fields={where: [problem]})
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth > MAX_DEPTH:
            raise ApiError(
                f"the body is nested deeper than {MAX_DEPTH} levels", code="bad_json", status=400
            )
        if isinstance(item, dict):
            children = []
            for key, child in item.items():
                where = f"{path}.{key}" if path else key
                problem = _bad_text(key) if texts else None
                if problem:
                    printable = _printable(where)
                    raise ApiError(
                        problem, code="invalid", status=422, fields={printable: [problem]}
                    )
                children.append((child, where, depth + 1))
        else:
            if len(item) > MAX_ITEMS:
                message = f"at most {MAX_ITEMS} items in a list"
                raise ApiError(message, code="invalid", status=422, fields={path or "_": [message]})
            children = [
                (child, f"{path}.{index}" if path else str(index), depth + 1)
                for index, child in enumerate(item)
            ]
        # Reversed, so that the first problem in reading order is the one reported.
        stack.extend(reversed(children))


def may_hold_bad_text(raw: bytes) -> bool:
    """Whether raw JSON can decode to a NUL or a surrogate: only through a ``\\u`` escape,
    or a surrogate's UTF-8 form (``0xED 0xA0..0xBF``), which the parser lets through."""
    return b"\\u" in raw or b"\xed" in raw


def max_body_bytes() -> int:
    own = own_body_limit(current_app.view_functions.get(request.endpoint or ""))
    if own is not None:
        return own
    return int(current_app.config.get("MAX_BODY_BYTES") or DEFAULT_MAX_BODY_BYTES)


def too_large() -> RequestEntityTooLarge:
    limit = max_body_bytes()
    return RequestEntityTooLarge(f"the body is larger than the {limit} bytes this server takes")


def refuse_oversized_bodies() -> None:
    """``before_request``, before anything else: a body whose declared length is over the
    limit is a 413 before credentials are looked up or a byte of it is read. A body sent
    without a length is cut at the limit by ``MAX_CONTENT_LENGTH`` when it is read."""
    limit = max_body_bytes()
    length = request.content_length
    if length is not None and length > limit:
        raise too_large()
    # A body sent without a length is cut at the same bound when it is read (Flask 3.1
    # lets a request carry its own bound, over the app's MAX_CONTENT_LENGTH).
    request.max_content_length = limit
