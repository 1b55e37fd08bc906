"""Scripts and stylesheets served minified: the till is loaded on every counter's tablet,
often over a shop's slow Wi-Fi, and keeps its files under a size budget
(tests/test_till_budget.py). The sources stay readable, with their comments; what is sent
is minified once per file version and kept in memory."""

from __future__ import annotations

import functools
from pathlib import Path

import rcssmin
import rjsmin
from flask import Response, request

#: What is minified, by the file's ending.
MINIFIERS = (".js", ".css")
MIMETYPES = {".js": "text/javascript", ".css": "text/css"}


def _skip_string(text: str, at: int) -> int:
    """The index after the quoted string starting at ``at``."""
    quote, at = text[at], at + 1
    while text[at] != quote:
        at += 2 if text[at] == "\\" else 1
    return at + 1


def _template_end(text: str, at: int) -> int:
    """The index after the template literal whose body starts at ``at`` (past its
    backtick), nested templates in its ``${...}`` included."""
    while text[at] != "`":
        if text[at] == "\\":
            at += 2
        elif text.startswith("${", at):
            depth, at = 1, at + 2
            while depth:
                char = text[at]
                if char == "`":
                    at = _template_end(text, at + 1)
                    continue
                if char in "'\"":
                    at = _skip_string(text, at)
                    continue
                depth += {"{": 1, "}": -1}.get(char, 0)
                at += 1
        else:
            at += 1
    return at + 1


def template_literals(script: str) -> list[str]:
    """The template literals of a script, outermost ones, as written."""
    found, at = [], 0
    while at < len(script):
        char = script[at]
        if char in "'\"":
            at = _skip_string(script, at)
        elif script.startswith("//", at):
            at = script.find("\n", at) % (len(script) + 1)
        elif script.startswith("/*", at):
            at = script.index("*/", at) + 2
        elif char == "`":
            end = _template_end(script, at + 1)
            found.append(script[at:end])
            at = end
        else:
            at += 1
    return found


def _script(source: str) -> str:
    """The minified script, or the source itself when the minifier would change a
    template literal (rjsmin squeezes the spaces of one nested in another's ``${}``):
    a smaller file is never worth a different text on screen."""
    minified = rjsmin.jsmin(source)
    try:
        literals = template_literals(source)
    except (IndexError, ValueError):  # a shape the scan does not follow: sent as written
        return source
    return minified if all(literal in minified for literal in literals) else source


@functools.lru_cache(maxsize=512)
def _minified(path: str, _mtime_ns: int, _size: int) -> bytes:
    # The file's time and size are part of the key: an edited file is minified again.
    source = Path(path)
    text = source.read_text(encoding="utf-8")
    return (_script(text) if source.suffix == ".js" else rcssmin.cssmin(text)).encode("utf-8")


def minified_response(path: str, max_age: int) -> Response | None:
    """The minified file at ``path`` (a script or a stylesheet) as a response answering
    conditional requests, or None for any other kind of file."""
    suffix = Path(path).suffix
    if suffix not in MINIFIERS:
        return None
    stat = Path(path).stat()
    body = _minified(path, stat.st_mtime_ns, stat.st_size)
    response = Response(body, mimetype=MIMETYPES[suffix])
    response.set_etag(f"{stat.st_mtime_ns:x}-{stat.st_size:x}-min")
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response.make_conditional(request)
