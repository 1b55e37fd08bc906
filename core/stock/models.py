"""Stock locations, levels and the movement ledger.

Every change of a level is one ``StockMovement`` with a reason and a user, written in
the same transaction as an atomic ``UPDATE ... SET quantity = quantity + :delta``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Model, UTCDateTime, utcnow

Quantity = sa.Numeric(14, 3, asdecimal=True)


class Location(Model):
    """A place that holds stock. The core has one default location; ``multistore`` adds
    more."""

    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    is_default: Mapped[bool] = mapped_column(default=False)


class StockLevel(Model):
    __tablename__ = "stock_level"

    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("product.id", ondelete="CASCADE"), primary_key=True
    )
    location_id: Mapped[int] = mapped_column(sa.ForeignKey("location.id"), primary_key=True)
    quantity: Mapped[Decimal] = mapped_column(Quantity, default=Decimal("0"))


class StockMovement(Model):
    """One change of stock. ``reason``: sale, refund, void, adjustment, receipt (goods
    received), initial. ``reference`` names the business record (a sale id...)."""

    __tablename__ = "stock_movement"
    __table_args__ = (sa.Index("ix_stock_movement_product", "product_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("product.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(sa.ForeignKey("location.id"))
    delta: Mapped[Decimal] = mapped_column(Quantity)
    reason: Mapped[str] = mapped_column(sa.String(16))
    reference: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
