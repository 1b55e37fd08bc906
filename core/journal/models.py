"""Journal entries: append-only, chained per register, signed with a key kept outside
the database (in the instance folder)."""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Model, UTCDateTime, utcnow


class JournalEntry(Model):
    """``payload`` is the canonical content (business identifiers and integer amounts,
    never database ids); ``hash`` = SHA-256 of the previous hash and the canonical
    content; ``signature`` = HMAC-SHA256 of ``hash`` with the instance's journal key."""

    __tablename__ = "journal_entry"
    __table_args__ = (sa.UniqueConstraint("register_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"))
    sequence: Mapped[int]
    #: sale, refund, void, duplicate, cash_in, cash_out, session_open, session_close
    kind: Mapped[str] = mapped_column(sa.String(32))
    #: The business record: a sale's UUID, a refund's, a cash session's...
    reference: Mapped[str] = mapped_column(sa.String(64), index=True)
    payload: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON)
    previous_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))
    signature: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class JournalClosing(Model):
    """A closed period (a day, a month, a year) with its totals and the perpetual grand
    totals since the first sale, chained from one closing to the next (all kinds in one
    chain) and signed with the instance's Ed25519 key (``journal-signing.pem``).

    ``payload`` also holds each register's journal head at the period's end, which ties
    the signed closing to the entries it closes."""

    __tablename__ = "journal_closing"
    __table_args__ = (sa.UniqueConstraint("kind", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sequence: Mapped[int] = mapped_column(unique=True)
    #: ``day``, ``month`` or ``year``.
    kind: Mapped[str] = mapped_column(sa.String(8))
    #: ``2026-11-29``, ``2026-11`` or ``2026`` (UTC).
    period: Mapped[str] = mapped_column(sa.String(10))
    payload: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON)
    previous_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))
    #: Ed25519 signature of ``hash`` (hex, 128 characters).
    signature: Mapped[str] = mapped_column(sa.String(128))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
