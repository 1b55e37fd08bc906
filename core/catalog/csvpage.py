"""The CSV import of the back office, in two steps: the uploaded file is kept in the
instance folder and checked (every bad row listed with its line number, nothing
written), then imported on request while the page shows the progress.

The import runs in a thread of its own, with its own database session, so that the page
can stream the progress while the rows are written; it commits once, at the end, or
writes nothing.
"""

from __future__ import annotations

import secrets
import threading
import time
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from ..db import db
from .csvio import COLUMNS, CsvError, ImportResult, import_products, read_products, read_text
from .prices import format_amount

#: Uploads kept this long (seconds) between the check and the import.
KEEP_UPLOADS = 24 * 3600
MAX_UPLOAD = 64 * 1024 * 1024
PREVIEW_ROWS = 20
MAX_ERRORS_SHOWN = 200
_TOKEN_LENGTH = 32


def upload_folder(instance_path: str) -> Path:
    folder = Path(instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(instance_path: str, data: bytes) -> str:
    """Store an uploaded file; its token names it in the next step. Old files go."""
    folder = upload_folder(instance_path)
    now = time.time()
    for old in folder.glob("*.csv"):
        if now - old.stat().st_mtime > KEEP_UPLOADS:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(_TOKEN_LENGTH // 2)
    (folder / f"{token}.csv").write_bytes(data)
    return token


def upload_path(instance_path: str, token: str) -> Path | None:
    """The stored file of ``token``, or ``None`` (unknown, expired, or not a token)."""
    if len(token) != _TOKEN_LENGTH or not all(c in "0123456789abcdef" for c in token):
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


def check_file(data: bytes, digits: int) -> Check:
    """Read the whole file against the catalog, writing nothing."""
    check = Check()
    try:
        rows = read_products(read_text(data), digits=digits, errors=check.errors)
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
                "price": format_amount(values["price"], digits),
                "cost": format_amount(values.get("cost"), digits),
                "category": values.get("category") or "",
                "barcodes": " ".join(values.get("barcodes", [])),
                "stock": str(values["stock"]) if "stock" in values else "",
            }
        )
    return check


@dataclass
class ImportJob:
    """An import running in its thread; the page reads ``done`` and ``total``."""

    total: int
    done: int = 0
    phase: str = "checking"
    result: ImportResult | None = None
    error: str | None = None
    skipped: int = 0
    finished: threading.Event = field(default_factory=threading.Event)

    def advance(self, count: int) -> None:
        self.done += count


def start_import(
    app: t.Any, path: Path, digits: int, user_id: int | None, *, skip_bad_rows: bool
) -> ImportJob:
    """Check then import the stored file in a thread; the file is removed once imported.

    Without ``skip_bad_rows`` one bad row imports nothing (``job.error``); with it, the
    good rows are imported and ``job.skipped`` says how many were left out.
    """
    data = path.read_bytes()
    lines = max(data.count(b"\n") - 1, 1)
    job = ImportJob(total=2 * lines)  # checking, then writing: one step per row each

    def run() -> None:
        with app.app_context():
            try:
                errors: list[CsvError] | None = [] if skip_bad_rows else None
                rows = read_products(read_text(data), job.advance, digits=digits, errors=errors)
                job.skipped = len(errors or [])
                job.phase = "importing"
                job.done = lines
                job.total = lines + len(rows)
                job.result = import_products(rows, user_id, job.advance)
                db.session.commit()
                path.unlink(missing_ok=True)
            except CsvError as exc:
                db.session.rollback()
                job.error = str(exc)
            except Exception as exc:  # shown on the page; the log has the traceback
                db.session.rollback()
                app.logger.exception("CSV import failed")
                job.error = f"the import failed: {exc}"
            finally:
                job.phase = "done"
                job.finished.set()

    threading.Thread(target=run, name="csv-import", daemon=True).start()
    return job
