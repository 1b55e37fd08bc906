"""What other plugins may use of accounting (``PluginInfo.public``): the read-only view
of the books, and what an export format is, for connectors (QuickBooks, Xero, Exact,
DATEV...) written as plugins that depend on ``accounting``.

A connector adds a format to ``GET /api/v1/accounting/export`` with the
``accounting_register_exports`` hook (:mod:`plugins.accounting.hookspecs`)::

    from plugins.accounting.public import ExportFormat

    @hookimpl
    def accounting_register_exports():
        return [ExportFormat("datev", "DATEV", "text/csv", "EXTF_{start}_{end}.csv", render)]
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EntryLineView:
    """One side of an entry: ``debit`` or ``credit`` in minor units (the other is 0)."""

    account: str
    account_label: str
    label: str
    debit: int
    credit: int


@dataclass(frozen=True, slots=True)
class EntryView:
    """A balanced entry of the books. ``kind``: ``sale``, ``refund``, ``void``,
    ``float``, ``cash_in``, ``cash_out`` or ``closing``; ``reference`` the operation's id;
    ``piece`` its document number (receipt number); ``day`` the store's local date."""

    id: int
    kind: str
    reference: str
    journal: str
    piece: str
    label: str
    register_id: int | None
    day: dt.date
    occurred_at: dt.datetime
    lines: tuple[EntryLineView, ...]


@dataclass(frozen=True)
class ExportFormat:
    """An export of the books. ``filename`` may use ``{start}`` and ``{end}``
    (``YYYYMMDD``) and ``{siren}``; ``render(entries, start, end, currency)`` returns the
    file's text from the period's :class:`EntryView` list (oldest first)."""

    code: str
    title: str
    media_type: str
    filename: str
    render: t.Callable[[list[EntryView], dt.date, dt.date, str], str]
