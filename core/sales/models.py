"""Sales, their lines, payments and taxes; refunds and voids; parked carts.

Money is in integer minor units (cents) everywhere: ``total``, ``amount``, ``tax``...
Quantities are ``Decimal`` with 3 decimals. A completed sale is immutable: corrections
are refunds (or a void, a refund of everything) that reference it.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Model, UTCDateTime, utcnow
from ..registers.models import Register

Quantity = sa.Numeric(14, 3, asdecimal=True)
Rate = sa.Numeric(7, 3, asdecimal=True)


class Sale(Model):
    """A completed sale. ``id`` is the client's UUID, which makes completion idempotent;
    ``number`` is the register's gapless receipt number."""

    __tablename__ = "sale"
    __table_args__ = (
        sa.UniqueConstraint("register_id", "number"),
        # On PostgreSQL the reports' sums of a period's sales are read from this index
        # alone (an index-only range scan); reading the rows was two thirds of a
        # month's sales by hour (docs/performance.md, "Reports over a million sales").
        sa.Index(
            "ix_sale_completed_at",
            "completed_at",
            postgresql_include=[
                "register_id",
                "total",
                "net_total",
                "tax_total",
                "discount_total",
                "rounding",
            ],
        ),
    )

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"))
    cash_session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cash_session.id"), index=True
    )
    location_id: Mapped[int] = mapped_column(sa.ForeignKey("location.id"))
    number: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(16), default="completed")
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    #: Set by the ``crm`` plugin; no foreign key, the core does not know its table.
    customer_id: Mapped[int | None] = mapped_column(index=True)
    currency: Mapped[str] = mapped_column(sa.String(3))
    prices_include_tax: Mapped[bool]
    subtotal: Mapped[int] = mapped_column(sa.BigInteger)
    discount_total: Mapped[int] = mapped_column(sa.BigInteger)
    net_total: Mapped[int] = mapped_column(sa.BigInteger)
    tax_total: Mapped[int] = mapped_column(sa.BigInteger)
    total: Mapped[int] = mapped_column(sa.BigInteger)
    #: Cash rounding applied to what the customer paid (negative: rounded down).
    rounding: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    paid_total: Mapped[int] = mapped_column(sa.BigInteger)
    change: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    #: Discounts approved by, offline flag, cart adjustments: what the lines do not say.
    data: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON, default=dict)
    #: The plugins' own parts of the cart (``plugin_data`` of the body), by plugin name.
    plugin_data: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    register: Mapped[Register] = relationship(lazy="joined")
    lines: Mapped[list[SaleLine]] = relationship(
        back_populates="sale", order_by="SaleLine.position", lazy="selectin"
    )
    payments: Mapped[list[Payment]] = relationship(
        back_populates="sale", order_by="Payment.id", lazy="selectin"
    )
    taxes: Mapped[list[SaleTax]] = relationship(order_by="SaleTax.rate", lazy="selectin")
    refunds: Mapped[list[Refund]] = relationship(
        back_populates="sale", order_by="Refund.created_at", lazy="selectin"
    )


class SaleLine(Model):
    """One line of a sale, frozen as sold: name, price and tax copied from the product."""

    __tablename__ = "sale_line"
    __table_args__ = (
        sa.Index("ix_sale_line_product", "product_id"),
        # The reports read a period's lines from this index alone on PostgreSQL (an
        # index-only range scan): joined to their sales, the lines of a month were a
        # hash join over every line ever sold (docs/performance.md, "Reports over a
        # million sales").
        sa.Index(
            "ix_sale_line_completed_at",
            "completed_at",
            postgresql_include=[
                "register_id",
                "kind",
                "product_id",
                "sku",
                "name",
                "first_of_product",
                "quantity",
                "total",
                "net",
                "tax",
                "discount",
            ],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[str] = mapped_column(sa.ForeignKey("sale.id"), index=True)
    #: The sale's ``register_id`` and ``completed_at``, copied when the line is written
    #: (a completed sale never changes), so that a report of a period reads no sale.
    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"))
    completed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    #: The sale's first line of this product and SKU: the one that counts the sale in a
    #: report by product, summed where counting distinct sales sorted every line.
    first_of_product: Mapped[bool]
    position: Mapped[int]
    #: ``product`` for catalog items; plugins add kinds (``gift_card``, ``deposit``...).
    kind: Mapped[str] = mapped_column(sa.String(32), default="product")
    #: The plugin that added the line on the server (``pos_add_lines``, a surcharge);
    #: ``None`` for the lines the till or the client sent.
    source: Mapped[str | None] = mapped_column(sa.String(64))
    #: The position of the line this one was added for (a deposit for its bottles).
    for_line: Mapped[int | None]
    product_id: Mapped[int | None] = mapped_column(sa.ForeignKey("product.id"))
    sku: Mapped[str] = mapped_column(sa.String(64), default="")
    name: Mapped[str] = mapped_column(sa.String(200))
    barcode: Mapped[str | None] = mapped_column(sa.String(32))
    quantity: Mapped[Decimal] = mapped_column(Quantity)
    unit_price: Mapped[int] = mapped_column(sa.BigInteger)
    base: Mapped[int] = mapped_column(sa.BigInteger)
    #: Plugin adjustments as applied: ``[{"amount", "label", "source"}]``.
    adjustments: Mapped[list[dict[str, t.Any]]] = mapped_column(sa.JSON, default=list)
    line_discount: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    cart_discount: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    discount: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    total: Mapped[int] = mapped_column(sa.BigInteger)
    net: Mapped[int] = mapped_column(sa.BigInteger)
    tax: Mapped[int] = mapped_column(sa.BigInteger)
    tax_rate: Mapped[Decimal] = mapped_column(Rate)
    #: Raised atomically by refunds, never above ``quantity``.
    refunded_quantity: Mapped[Decimal] = mapped_column(Quantity, default=Decimal("0"))
    data: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON, default=dict)

    sale: Mapped[Sale] = relationship(back_populates="lines")


class Payment(Model):
    """A tender of a sale. ``amount`` is negative for money handed out (a cart below
    zero). ``fields`` holds what the method asked for and may keep (a terminal reference,
    a gift card's code masked as ``****WXYZ``), never a card number; ``data`` is the
    method's own record (the card debited, the points spent)."""

    __tablename__ = "payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[str] = mapped_column(sa.ForeignKey("sale.id"), index=True)
    method: Mapped[str] = mapped_column(sa.String(32), index=True)
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    fields: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON, default=dict)
    data: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON, default=dict)

    sale: Mapped[Sale] = relationship(back_populates="payments")


class SaleTax(Model):
    """One row per tax rate of a sale: net base, tax and gross total."""

    __tablename__ = "sale_tax"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[str] = mapped_column(sa.ForeignKey("sale.id"), index=True)
    rate: Mapped[Decimal] = mapped_column(Rate)
    base: Mapped[int] = mapped_column(sa.BigInteger)
    tax: Mapped[int] = mapped_column(sa.BigInteger)
    total: Mapped[int] = mapped_column(sa.BigInteger)


class Refund(Model):
    """Money and goods given back against a completed sale. ``kind`` is ``refund`` or
    ``void`` (everything, same session). Numbered in the register's receipt sequence."""

    __tablename__ = "refund"
    __table_args__ = (sa.UniqueConstraint("register_id", "number"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(sa.ForeignKey("sale.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16), default="refund")
    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"))
    cash_session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cash_session.id"), index=True
    )
    number: Mapped[int]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    #: The manager whose PIN approved it on a cashier's till (core.auth.approvals).
    approved_by: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    total: Mapped[int] = mapped_column(sa.BigInteger)
    net_total: Mapped[int] = mapped_column(sa.BigInteger)
    tax_total: Mapped[int] = mapped_column(sa.BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    register: Mapped[Register] = relationship(lazy="joined")
    sale: Mapped[Sale] = relationship(back_populates="refunds")
    lines: Mapped[list[RefundLine]] = relationship(order_by="RefundLine.id", lazy="selectin")
    payments: Mapped[list[RefundPayment]] = relationship(
        order_by="RefundPayment.id", lazy="selectin"
    )


class RefundLine(Model):
    __tablename__ = "refund_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    refund_id: Mapped[str] = mapped_column(sa.ForeignKey("refund.id"), index=True)
    sale_line_id: Mapped[int] = mapped_column(sa.ForeignKey("sale_line.id"), index=True)
    quantity: Mapped[Decimal] = mapped_column(Quantity)
    total: Mapped[int] = mapped_column(sa.BigInteger)
    net: Mapped[int] = mapped_column(sa.BigInteger)
    tax: Mapped[int] = mapped_column(sa.BigInteger)
    tax_rate: Mapped[Decimal] = mapped_column(Rate)


class RefundPayment(Model):
    """Money handed back, by method: positive, or negative when a void takes back money
    a sale had handed out. ``fields`` and ``data`` as on :class:`Payment`."""

    __tablename__ = "refund_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    refund_id: Mapped[str] = mapped_column(sa.ForeignKey("refund.id"), index=True)
    method: Mapped[str] = mapped_column(sa.String(32))
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    fields: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON, default=dict)
    data: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON, default=dict)


class ParkedSale(Model):
    """A cart put aside, resumable from any register of the store."""

    __tablename__ = "parked_sale"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    label: Mapped[str] = mapped_column(sa.String(120), default="")
    cart: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON)
    total: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
