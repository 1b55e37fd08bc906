"""Registers (tills), their cash sessions and cash movements.

A register owns its receipt sequence and its journal chain, so registers never wait on
each other. The counters live on the register row and are advanced with atomic
``UPDATE ... RETURNING`` inside the business transaction: a rollback gives the number
back, hence no gaps.
"""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Model, UTCDateTime, utcnow


class Register(Model):
    __tablename__ = "register"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    location_id: Mapped[int] = mapped_column(sa.ForeignKey("location.id"))
    active: Mapped[bool] = mapped_column(default=True)
    #: Last receipt number given (sales and refunds share the sequence).
    last_receipt_number: Mapped[int] = mapped_column(default=0)
    #: Last journal sequence and the hash of that entry (the chain head).
    journal_sequence: Mapped[int] = mapped_column(default=0)
    journal_head: Mapped[str] = mapped_column(sa.String(64), default="0" * 64)


class CashSession(Model):
    """From opening with a float to closing with counted cash (the Z report)."""

    __tablename__ = "cash_session"
    __table_args__ = (sa.Index("ix_cash_session_register_status", "register_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"))
    #: ``open`` or ``closed``.
    status: Mapped[str] = mapped_column(sa.String(8), default="open")
    opening_float: Mapped[int] = mapped_column(sa.BigInteger)
    opened_by: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_by: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    #: The manager whose PIN approved the closing on a cashier's till.
    close_approved_by: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    expected_cash: Mapped[int | None] = mapped_column(sa.BigInteger)
    counted_cash: Mapped[int | None] = mapped_column(sa.BigInteger)
    #: The Z report as produced at closing, kept as it was printed.
    z_report: Mapped[dict[str, t.Any] | None] = mapped_column(sa.JSON)

    movements: Mapped[list[CashMovement]] = relationship(order_by="CashMovement.id", lazy="select")


class CashMovement(Model):
    """Cash put in (``in``) or taken out (``out``) of the drawer, with a reason."""

    __tablename__ = "cash_movement"

    id: Mapped[int] = mapped_column(primary_key=True)
    cash_session_id: Mapped[int] = mapped_column(sa.ForeignKey("cash_session.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(8))
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    reason: Mapped[str] = mapped_column(sa.String(500))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
