"""The table of reservations: goods a shop keeps for a customer who will come for them.

A reservation is ``active`` until it is ``collected`` or ``cancelled``; an active one past
``expires_at`` is expired (read as such, nothing rewrites it), and no longer holds stock.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.plugins import Model, UTCDateTime, utcnow

#: What is stored; ``expired`` is an active reservation past its expiry, read so.
RESERVATION_STATUSES = ("active", "collected", "cancelled")


class StoreReservation(Model):
    """N of a product kept at one store for a customer (a name and a phone number)."""

    __tablename__ = "multistore_reservation"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.Index("ix_multistore_reservation_holding", "store_id", "product_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("multistore_store.id"))
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("product.id"))
    quantity: Mapped[Decimal] = mapped_column(sa.Numeric(14, 3))
    customer_name: Mapped[str] = mapped_column(sa.String(200))
    customer_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    status: Mapped[str] = mapped_column(sa.String(16), default="active")
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Who collected or cancelled it, and when.
    closed_by: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
