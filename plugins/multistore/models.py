"""The tables of the multistore plugin (every name starts with ``multistore_``).

A store owns stock locations (``multistore_store_location``); a register belongs to the
store that owns the location it sells from, so a store's registers, sales and stock all
follow from its locations. Users are assigned to stores (``multistore_store_user``); a
user assigned to none is not limited by this plugin. Money is in integer minor units,
quantities are decimals with three places.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.plugins import Model, UTCDateTime, utcnow

#: A transfer is drafted, then sent (the goods leave), then received (they arrive).
TRANSFER_STATUSES = ("draft", "sent", "received")


class Store(Model):
    """A shop: what its receipts say, and the location its stock is counted at."""

    __tablename__ = "multistore_store"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    address: Mapped[str] = mapped_column(sa.String(500), default="")
    #: The VAT number printed on the store's receipts.
    tax_id: Mapped[str] = mapped_column(sa.String(64), default="")
    company_number: Mapped[str] = mapped_column(sa.String(64), default="")
    receipt_header: Mapped[str] = mapped_column(sa.String(2000), default="")
    #: Empty: the shop-wide footer.
    receipt_footer: Mapped[str] = mapped_column(sa.String(2000), default="")
    #: Where the store's goods are (transfers leave from and arrive at it).
    location_id: Mapped[int] = mapped_column(sa.ForeignKey("location.id"), unique=True)
    # How the store's sales are priced; None (blank): the shop-wide setting, so a store
    # follows the shop until someone decides otherwise (see pricing.py).
    #: Shelf prices include tax (EU) or not (US).
    prices_include_tax: Mapped[bool | None] = mapped_column(sa.Boolean)
    #: "line" or "total".
    tax_rounding: Mapped[str | None] = mapped_column(sa.String(8))
    #: The smallest coin of a cash total, in minor units (1: no rounding, 5: 0.05).
    cash_rounding: Mapped[int | None] = mapped_column(sa.Integer)
    #: Days a reservation made at this store holds; NULL: the plugin's setting.
    reservation_days: Mapped[int | None] = mapped_column(sa.Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoreLocation(Model):
    """A stock location and the store that owns it (a location has one store)."""

    __tablename__ = "multistore_store_location"

    location_id: Mapped[int] = mapped_column(sa.ForeignKey("location.id"), primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("multistore_store.id"), index=True)


class StoreUser(Model):
    """A user assigned to a store: they see and sell only in their stores."""

    __tablename__ = "multistore_store_user"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("multistore_store.id"), primary_key=True)


class StorePrice(Model):
    """A product's shelf price in one store, instead of the catalog's (higher or lower):
    the store's registers sell at it, online and offline."""

    __tablename__ = "multistore_price"
    __table_args__ = (sa.CheckConstraint("price >= 0", name="price_not_negative"),)

    store_id: Mapped[int] = mapped_column(sa.ForeignKey("multistore_store.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("product.id"), primary_key=True)
    price: Mapped[int] = mapped_column(sa.BigInteger)


class Transfer(Model):
    """Goods moved from one store to another: ``draft``, ``sent`` (stock left the
    sending store), ``received`` (stock arrived, what was counted on arrival)."""

    __tablename__ = "multistore_transfer"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_store_id: Mapped[int] = mapped_column(sa.ForeignKey("multistore_store.id"), index=True)
    to_store_id: Mapped[int] = mapped_column(sa.ForeignKey("multistore_store.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="draft", index=True)
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_by: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    received_by: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class TransferLine(Model):
    """One product of a transfer: how much was sent, and how much arrived (``None``
    until received; a difference is what went missing or was miscounted on the way)."""

    __tablename__ = "multistore_transfer_line"
    __table_args__ = (sa.UniqueConstraint("transfer_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_id: Mapped[int] = mapped_column(sa.ForeignKey("multistore_transfer.id"), index=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("product.id"))
    quantity: Mapped[Decimal] = mapped_column(sa.Numeric(14, 3))
    received: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 3))
