"""The tables of the purchasing plugin (every name starts with ``purchasing_``).

Money (``cost``, ``unit_cost``) is in integer minor units, per unit of the product;
quantities are decimals with three places, in the product's own unit (pack sizes say
how many units a supplier's pack holds). Locations and products are the core's, by id.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.plugins import Model, UTCDateTime, utcnow

Quantity = sa.Numeric(14, 3, asdecimal=True)

#: ``draft``: being prepared; ``sent``: ordered from the supplier; ``partly_received``,
#: ``received``: goods came in; ``cancelled``: given up (nothing more will be received).
STATUSES = ("draft", "sent", "partly_received", "received", "cancelled")


class Supplier(Model):
    __tablename__ = "purchasing_supplier"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    contact: Mapped[str] = mapped_column(sa.String(200), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    address: Mapped[str] = mapped_column(sa.String(500), default="")
    vat_number: Mapped[str] = mapped_column(sa.String(40), default="")
    #: Days between sending an order and the goods arriving.
    lead_time_days: Mapped[int] = mapped_column(default=7)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SupplierProduct(Model):
    """What one supplier sells of one product: its reference, pack size and cost per unit.
    A product may have several suppliers; at most one is ``preferred``."""

    __tablename__ = "purchasing_supplier_product"
    __table_args__ = (sa.UniqueConstraint("supplier_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(sa.ForeignKey("purchasing_supplier.id"))
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str] = mapped_column(sa.String(64), default="")
    pack_size: Mapped[Decimal] = mapped_column(Quantity, default=Decimal("1"))
    cost: Mapped[int | None] = mapped_column(sa.BigInteger)
    preferred: Mapped[bool] = mapped_column(default=False)

    supplier: Mapped[Supplier] = relationship(lazy="joined")


class ReorderPoint(Model):
    """When to reorder a product at one stock location: at or below ``reorder_point``
    units, order ``reorder_quantity`` (at least)."""

    __tablename__ = "purchasing_reorder_point"
    __table_args__ = (sa.UniqueConstraint("product_id", "location_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("product.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(sa.ForeignKey("location.id"), index=True)
    reorder_point: Mapped[Decimal] = mapped_column(Quantity)
    reorder_quantity: Mapped[Decimal] = mapped_column(Quantity)


class PurchaseOrder(Model):
    """An order to one supplier, for goods delivered to one stock location. Its
    reference, on the documents and in the stock ledger, is ``PO-<id>``."""

    __tablename__ = "purchasing_order"

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(sa.ForeignKey("purchasing_supplier.id"), index=True)
    location_id: Mapped[int] = mapped_column(sa.ForeignKey("location.id"))
    status: Mapped[str] = mapped_column(sa.String(16), default="draft", index=True)
    note: Mapped[str] = mapped_column(sa.String(1000), default="")
    user_id: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    supplier: Mapped[Supplier] = relationship(lazy="joined")
    lines: Mapped[list[PurchaseOrderLine]] = relationship(
        back_populates="order", order_by="PurchaseOrderLine.id", lazy="selectin"
    )

    @property
    def reference(self) -> str:
        return f"PO-{self.id}"

    @property
    def total(self) -> int:
        """What the order costs, in minor units (each line's quantity times its cost,
        rounded half-up to the cent)."""
        return sum(line.total for line in self.lines)


class PurchaseOrderLine(Model):
    __tablename__ = "purchasing_order_line"
    __table_args__ = (
        sa.CheckConstraint("received_quantity <= quantity", name="not_above_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("purchasing_order.id"), index=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("product.id"))
    #: Copied when the line is made, so that the documents stay as sent.
    sku: Mapped[str] = mapped_column(sa.String(64), default="")
    name: Mapped[str] = mapped_column(sa.String(200))
    supplier_reference: Mapped[str] = mapped_column(sa.String(64), default="")
    quantity: Mapped[Decimal] = mapped_column(Quantity)
    received_quantity: Mapped[Decimal] = mapped_column(Quantity, default=Decimal("0"))
    unit_cost: Mapped[int] = mapped_column(sa.BigInteger)

    order: Mapped[PurchaseOrder] = relationship(back_populates="lines")

    @property
    def total(self) -> int:
        return int((self.quantity * self.unit_cost).quantize(Decimal("1"), "ROUND_HALF_UP"))

    @property
    def outstanding(self) -> Decimal:
        return self.quantity - self.received_quantity


class PurchaseReceipt(Model):
    """A delivery booked against an order, under the id its client chose: a retried
    request with the same id is recognised and books nothing twice."""

    __tablename__ = "purchasing_receipt"

    #: The client's UUID for the request (``id`` of ``POST .../receive``).
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("purchasing_order.id"), index=True)
    user_id: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
