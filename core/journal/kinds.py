"""What each kind of journal entry records, and how to rebuild it from business records.

Whoever appends entries of a kind declares it with ``pos_register_journal_kinds``, a
:class:`~core.plugins.info.JournalKind` whose ``rebuild(reference)`` returns the payload
the entry SHOULD hold according to the stored business records (a sale, a cash
movement...), or ``None`` when the record is gone. :func:`core.journal.services.verify`
compares it with the journaled payload, which catches a business record changed after the
fact even though its journal entry is intact.

The core declares ``session_open``, ``cash_in``, ``cash_out`` and ``session_close``
(``core.registers``), ``sale``, ``refund`` and ``void`` (``core.sales``) and ``duplicate``
(``core.receipts``) through the same hook as plugins.
"""

from __future__ import annotations

from ..plugins.context import current_runtime
from ..plugins.info import JournalKind


def get_kind(kind: str) -> JournalKind | None:
    """The kind declared by the core or an enabled plugin, or ``None``."""
    return current_runtime().journal_kinds.get(kind)


def registered_kinds() -> list[str]:
    return sorted(current_runtime().journal_kinds)
