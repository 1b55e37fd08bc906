"""The books: entries, their lines, and the merchant's own account numbers (every table
name starts with ``accounting_``).

Money is in integer minor units (cents). An entry is written once, inside the
transaction of the operation it records (a sale, a refund, a void, a cash movement, an
opening or a closing), and never changed: ``(kind, reference)`` is unique, so an
operation can never be booked twice.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.plugins import Model, UTCDateTime, utcnow


class Entry(Model):
    """One balanced double-entry record of one operation of the till.

    ``kind``: ``sale``, ``refund``, ``void``, ``float``, ``cash_in``, ``cash_out`` or
    ``closing``; ``reference`` the operation's id (sale or refund UUID, movement or
    session id); ``piece`` the document number a bookkeeper looks up (the receipt
    number); ``day`` the store's local date the operation happened on.
    """

    __tablename__ = "accounting_entry"
    __table_args__ = (
        sa.UniqueConstraint("kind", "reference"),
        sa.Index("ix_accounting_entry_day", "day", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    reference: Mapped[str] = mapped_column(sa.String(64))
    journal: Mapped[str] = mapped_column(sa.String(8))
    piece: Mapped[str] = mapped_column(sa.String(64))
    label: Mapped[str] = mapped_column(sa.String(200))
    register_id: Mapped[int | None]
    day: Mapped[dt.date] = mapped_column(sa.Date)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    lines: Mapped[list[EntryLine]] = relationship(
        order_by="plugins.accounting.models.EntryLine.position",
        lazy="selectin",
        back_populates="entry",
    )


class EntryLine(Model):
    """One side of an entry: ``debit`` or ``credit`` (the other is 0), never negative."""

    __tablename__ = "accounting_entry_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("accounting_entry.id"), index=True)
    position: Mapped[int]
    account: Mapped[str] = mapped_column(sa.String(20))
    account_label: Mapped[str] = mapped_column(sa.String(120))
    label: Mapped[str] = mapped_column(sa.String(200))
    debit: Mapped[int] = mapped_column(sa.BigInteger)
    credit: Mapped[int] = mapped_column(sa.BigInteger)

    # Fully qualified: every plugin's models share one registry, and another plugin
    # (timeclock) has an ``Entry`` too.
    entry: Mapped[Entry] = relationship("plugins.accounting.models.Entry", back_populates="lines")


class AccountOverride(Model):
    """The merchant's own account for one mapping key (``sales:rate:20.0``,
    ``payment:card``...), replacing the chosen chart's default."""

    __tablename__ = "accounting_account_override"

    key: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    account: Mapped[str] = mapped_column(sa.String(20))
    label: Mapped[str] = mapped_column(sa.String(120))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
