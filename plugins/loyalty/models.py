"""The tables of loyalty (every name starts with ``loyalty_``).

A balance only ever changes by one atomic ``UPDATE`` (``points = points + :p``, or
``points = points - :p WHERE points >= :p``), never by reading and writing it back, and
every change has a row in the ledger. ``points`` can never go below zero (a CHECK says so
too).
"""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.plugins import Model, UTCDateTime, utcnow


class LoyaltyAccount(Model):
    """A customer's points: the balance, and everything earned (tiers are by that)."""

    __tablename__ = "loyalty_account"
    __table_args__ = (
        sa.CheckConstraint("points >= 0", name="points_not_negative"),
        sa.CheckConstraint("lifetime_points >= 0", name="lifetime_not_negative"),
    )

    customer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("crm_customer.id"), primary_key=True, autoincrement=False
    )
    points: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    lifetime_points: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoyaltyEntry(Model):
    """One change of a balance.

    ``kind``: ``earn`` (a sale), ``redeem`` (paid with points), ``unearn`` (earned points
    taken back by a refund), ``unredeem`` (points given back by a refund). ``points`` is
    the change applied (signed); ``requested`` what was asked, which differs when a
    refund found fewer points left than it should take back (clipped at zero).
    """

    __tablename__ = "loyalty_entry"
    __table_args__ = (sa.Index("ix_loyalty_entry_customer", "customer_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("crm_customer.id"))
    kind: Mapped[str] = mapped_column(sa.String(16))
    points: Mapped[int] = mapped_column(sa.BigInteger)
    requested: Mapped[int] = mapped_column(sa.BigInteger)
    #: The balance right after this change (read under the row's lock).
    balance_after: Mapped[int] = mapped_column(sa.BigInteger)
    sale_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)
    refund_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)
    #: What the points were computed from (eligible amounts by sale line, tier...).
    data: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
