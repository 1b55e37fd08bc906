"""What each kind of journal entry records, and how to rebuild it from business records.

Whoever appends entries of a kind registers a *rebuild* function for it:
``rebuild(reference)`` returns the payload the entry SHOULD hold according to the stored
business records (a sale, a cash movement...), or ``None`` when the record is gone.
:func:`core.journal.services.verify` compares it with the journaled payload, which catches
a business record changed after the fact even though its journal entry is intact.

The core registers ``session_open``, ``cash_in``, ``cash_out`` and ``session_close``
(``core.registers.journal``) and the sales engine ``sale``, ``refund`` and ``void``.
Registration happens when the registering module is imported; plugins do it at import.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

Rebuild = t.Callable[[str], dict[str, t.Any] | None]


@dataclass(frozen=True)
class Kind:
    name: str
    rebuild: Rebuild


_KINDS: dict[str, Kind] = {}


def register_kind(kind: str, rebuild: Rebuild) -> None:
    """Declare how entries of ``kind`` are rebuilt from business records.

    Registering the same kind again replaces the function (module reloads in tests).
    """
    if not kind or len(kind) > 32:
        raise ValueError(f"a journal kind is 1 to 32 characters: {kind!r}")
    _KINDS[kind] = Kind(kind, rebuild)


def get_kind(kind: str) -> Kind | None:
    """The registered kind, or ``None`` when nobody registered it."""
    return _KINDS.get(kind)


def registered_kinds() -> list[str]:
    return sorted(_KINDS)
