"""Reprints in the journal: every duplicate receipt is recorded as a ``duplicate`` entry.

The payload holds only what the reprinted record says (so ``journal verify`` can rebuild
it and notice if that record changed); when it was reprinted is the entry's own time.
"""

from __future__ import annotations

import typing as t

from ..db import db
from ..journal.services import append
from ..plugins.info import JournalKind
from ..sales.models import Refund, Sale

KIND = "duplicate"


def duplicate_payload(record: Sale | Refund) -> dict[str, t.Any]:
    return {
        "of": "sale" if isinstance(record, Sale) else record.kind,
        "record": record.id,
        "register": record.register.code,
        "number": record.number,
        "total": record.total,
    }


def append_duplicate_entry(record: Sale | Refund) -> None:
    """Journal a reprint of ``record`` inside the caller's transaction."""
    append(record.register_id, KIND, record.id, duplicate_payload(record))


def _rebuild(reference: str) -> dict[str, t.Any] | None:
    record = db.session.get(Sale, reference) or db.session.get(Refund, reference)
    return duplicate_payload(record) if record is not None else None


#: Declared by :mod:`core.receipts.hooks`.
JOURNAL_KINDS = (JournalKind(KIND, _rebuild),)
