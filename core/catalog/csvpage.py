"""The CSV import of the back office, in two steps: the uploaded file is kept in the
instance folder and checked (every bad row listed with its line number, nothing
written), then imported on request while the page shows the progress.

The import runs in a thread of its own, with its own database session, which outlives
the request that started it (100,000 rows take longer than a server lets a request run);
it writes its progress to a file of the instance, which the progress page reads, and
commits once, at the end, or writes nothing.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import typing as t
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flask import has_request_context
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from ..db import db
from ..fields import money_text
from .csvio import COLUMNS, CsvError, import_products, read_products, read_text

#: Uploads kept this long (seconds) between the check and the import.
KEEP_UPLOADS = 24 * 3600
MAX_UPLOAD = 64 * 1024 * 1024
#: Room for the multipart form around the file (boundaries, headers, the CSRF field).
FORM_OVERHEAD = 64 * 1024
PREVIEW_ROWS = 20
MAX_ERRORS_SHOWN = 200
_TOKEN_LENGTH = 32


def upload_folder(instance_path: str) -> Path:
    folder = Path(instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(instance_path: str, data: bytes) -> str:
    """Store an uploaded file; its token names it in the next step. Old files (and old
    imports' status files) go."""
    folder = upload_folder(instance_path)
    now = time.time()
    for old in [*folder.glob("*.csv"), *folder.glob("*.json")]:
        if now - old.stat().st_mtime > KEEP_UPLOADS:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(_TOKEN_LENGTH // 2)
    (folder / f"{token}.csv").write_bytes(data)
    return token


def upload_path(instance_path: str, token: str) -> Path | None:
    """The stored file of ``token``, or ``None`` (unknown, expired, or not a token)."""
    if not _looks_like_token(token):
        return None
    path = upload_folder(instance_path) / f"{token}.csv"
    return path if path.is_file() else None


@dataclass
class Check:
    """What the check of a file found."""

    good: int = 0
    errors: list[CsvError] = field(default_factory=list)
    #: A bad header (or an unreadable file): nothing can be imported.
    fatal: str | None = None
    preview: list[dict[str, str]] = field(default_factory=list)
    columns: tuple[str, ...] = COLUMNS


def check_file(data: bytes, currency: str) -> Check:
    """Read the whole file against the catalog, writing nothing."""
    check = Check()
    try:
        rows = read_products(read_text(data), currency=currency, errors=check.errors)
    except CsvError as exc:
        check.fatal = str(exc)
        return check
    check.good = len(rows)
    for row in rows[:PREVIEW_ROWS]:
        values = row.values
        check.preview.append(
            {
                "line": str(row.number),
                "sku": row.sku,
                "name": values["name"],
                "price": money_text(values["price"], currency),
                "cost": money_text(values.get("cost"), currency),
                "category": values.get("category") or "",
                "barcodes": " ".join(values.get("barcodes", [])),
                "stock": str(values["stock"]) if "stock" in values else "",
            }
        )
    return check


def _status_path(instance_path: str, token: str) -> Path:
    return upload_folder(instance_path) / f"{token}.json"


def read_status(instance_path: str, token: str) -> dict[str, t.Any] | None:
    """The progress of the import of ``token`` as its thread last wrote it: ``phase``
    (checking, importing, done), ``done``, ``total``, and once done ``result`` or
    ``error`` and ``skipped``; ``None`` if no import of it was started."""
    if not _looks_like_token(token):
        return None
    path = _status_path(instance_path, token)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _looks_like_token(token: str) -> bool:
    return len(token) == _TOKEN_LENGTH and all(c in "0123456789abcdef" for c in token)


class _Status:
    """The import's progress, written to a file of the instance (every worker of the
    server reads it; the page that shows it may be served by another one), at most
    every half second."""

    def __init__(self, path: Path, total: int):
        self.path = path
        self.values: dict[str, t.Any] = {"phase": "checking", "done": 0, "total": total}
        self._written = 0.0

    def write(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._written >= 0.5:
            self._written = now
            partial = self.path.with_suffix(".part")
            partial.write_text(json.dumps(self.values), encoding="utf-8")
            partial.replace(self.path)  # a reader never sees half a file

    def advance(self, count: int) -> None:
        self.values["done"] += count
        self.write()


def start_import(
    app: t.Any,
    instance_path: str,
    token: str,
    currency: str,
    user_id: int | None,
    *,
    skip_bad_rows: bool,
) -> bool:
    """Check then import the stored file of ``token`` in a thread of its own, which
    outlives the request (a large file takes longer than a request may); its progress
    goes to a status file (:func:`read_status`). The file is removed once imported.

    Without ``skip_bad_rows`` one bad row imports nothing (``error``); with it, the good
    rows are imported and ``skipped`` says how many were left out.

    :return: false when this upload is unknown, or its import was started already (a
        second click): nothing is started twice.
    """
    path = upload_path(instance_path, token)
    if path is None:
        return False
    try:  # the status file is created once: whoever creates it runs the import
        with _status_path(instance_path, token).open("x", encoding="utf-8") as first:
            first.write("{}")
    except FileExistsError:
        return False
    data = path.read_bytes()
    lines = max(data.count(b"\n") - 1, 1)
    status = _Status(_status_path(instance_path, token), 2 * lines)  # checking, writing
    status.write(force=True)

    # The thread has no request to choose a language from: it speaks the requester's.
    language = str(get_locale() or "en") if has_request_context() else "en"

    def run() -> None:
        values = status.values
        with app.app_context(), force_locale(language):
            try:
                errors: list[CsvError] | None = [] if skip_bad_rows else None
                rows = read_products(
                    read_text(data), status.advance, currency=currency, errors=errors
                )
                values.update(phase="importing", done=lines, total=lines + len(rows))
                values["skipped"] = len(errors or [])
                result = import_products(rows, user_id, status.advance)
                db.session.commit()
                values["result"] = asdict(result)
                path.unlink(missing_ok=True)
            except CsvError as exc:
                db.session.rollback()
                values["error"] = str(exc)
            except Exception as exc:  # shown on the page; the log has the traceback
                db.session.rollback()
                app.logger.exception("CSV import failed")
                values["error"] = _("the import failed: %(error)s", error=exc)
            finally:
                values["phase"] = "done"
                status.write(force=True)

    threading.Thread(target=run, name=f"csv-import-{token[:8]}", daemon=True).start()
    return True
