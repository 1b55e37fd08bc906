"""The tables of the restaurant plugin (every name starts with ``restaurant_``).

Money is in integer minor units. An order's ``version`` goes up by one with every
change; a change names the version it was made from, so that two devices editing one
table never overwrite each other (:mod:`.orders`). An order line's ``sale_id`` is its
paid marker: set once, by the sale that paid it, under a guarded ``UPDATE``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.plugins import Model, UTCDateTime, utcnow

#: The shapes a table may be drawn with.
SHAPES = ("square", "round", "rectangle")
#: ``open``: people sit there; ``paid``: every line paid, the table freed; ``merged``:
#: its lines were moved onto another table's order; ``closed``: freed with nothing to pay.
ORDER_STATUSES = ("open", "paid", "merged", "closed")
#: Where a line's ticket goes.
STATIONS = ("kitchen", "bar")
#: What one change of an order did (:class:`OrderChange`).
CHANGE_KINDS = (
    "line_added",
    "line_changed",
    "line_cancelled",
    "course_sent",
    "options",
    "bill_asked",
    "transferred",
    "merged",
    "merged_in",
    "closed",
)


class Room(Model):
    """A room of the restaurant (the terrace, the first floor)."""

    __tablename__ = "restaurant_room"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60), unique=True)
    position: Mapped[int] = mapped_column(default=0)


class Table(Model):
    """A table on a room's plan; ``x``, ``y``, ``width`` and ``height`` are in plan units
    (the editor draws a 1000 x 600 plan)."""

    __tablename__ = "restaurant_table"
    __table_args__ = (sa.UniqueConstraint("room_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(sa.ForeignKey("restaurant_room.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(20))
    seats: Mapped[int] = mapped_column(default=2)
    shape: Mapped[str] = mapped_column(sa.String(16), default="square")
    x: Mapped[int] = mapped_column(default=0)
    y: Mapped[int] = mapped_column(default=0)
    width: Mapped[int] = mapped_column(default=80)
    height: Mapped[int] = mapped_column(default=80)


class Modifier(Model):
    """A choice a line may carry (``no onions``: free; ``extra cheese``: priced)."""

    __tablename__ = "restaurant_modifier"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60), unique=True)
    price: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    active: Mapped[bool] = mapped_column(default=True)


class Order(Model):
    """What one table ordered, from seating to payment.

    ``open_table_id`` is the table while the order is open and ``None`` once paid: its
    unique constraint makes "one open order per table" the database's rule, so two
    waiters seating one table at once get one order.
    """

    __tablename__ = "restaurant_order"

    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(sa.ForeignKey("restaurant_table.id"), index=True)
    open_table_id: Mapped[int | None] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="open", index=True)
    version: Mapped[int] = mapped_column(default=1)
    covers: Mapped[int] = mapped_column(default=1)
    #: The bill adds the service charge (the ``service_percent`` setting) on its items.
    service_charge: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: Taken away, not eaten in: its items take their take-away tax rate.
    take_away: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    opened_by: Mapped[int | None]
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    bill_requested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class OrderLine(Model):
    """One item of an order, for a seat (0: the table) and a course (1: starters...).

    ``sent_quantity`` is what the kitchen was last told: sending a course prints the
    difference (new, changed, cancelled). ``modifiers`` is a snapshot
    ``[{"id", "name", "price"}]`` taken when the line was added.
    """

    __tablename__ = "restaurant_order_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("restaurant_order.id"), index=True)
    product_id: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))
    quantity: Mapped[Decimal] = mapped_column(sa.Numeric(12, 3))
    sent_quantity: Mapped[Decimal] = mapped_column(sa.Numeric(12, 3), default=Decimal(0))
    seat: Mapped[int] = mapped_column(default=0)
    course: Mapped[int] = mapped_column(default=1)
    modifiers: Mapped[list] = mapped_column(sa.JSON, default=list)
    note: Mapped[str] = mapped_column(sa.String(200), default="")
    station: Mapped[str] = mapped_column(sa.String(16), default="kitchen")
    added_by: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The sale that paid the line; set once (see :func:`.billing.mark_paid`).
    sale_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)


class Ticket(Model):
    """What one "send" told a station: its rows, when, and when the cooks were done."""

    __tablename__ = "restaurant_ticket"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("restaurant_order.id"), index=True)
    table_name: Mapped[str] = mapped_column(sa.String(20))
    station: Mapped[str] = mapped_column(sa.String(16))
    course: Mapped[int]
    #: ``[{"change": "new"|"changed"|"cancelled", "quantity", "was", "name",
    #: "seat", "modifiers", "note"}]``
    rows: Mapped[list] = mapped_column(sa.JSON)
    job_id: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class OrderSale(Model):
    """A sale that paid (part of) an order: the reports' spend per cover."""

    __tablename__ = "restaurant_order_sale"

    sale_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("restaurant_order.id"), index=True)
    total: Mapped[int] = mapped_column(sa.BigInteger)
    user_id: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class OrderChange(Model):
    """One thing a change of an order did, under the version the change moved it to:
    a device holding an older version learns from these rows what others did since (who,
    what, when) and the server decides from them whether that device's change still
    applies (:mod:`.history`). ``details`` is what the sentence needs (a line's name and
    quantities, a course, table names); ``request_id`` is the device's key for a change
    it may send twice (lines kept offline), so that a resend adds nothing."""

    __tablename__ = "restaurant_order_change"
    __table_args__ = (sa.Index("ix_restaurant_order_change_order_version", "order_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("restaurant_order.id"))
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(20))
    line_id: Mapped[int | None]
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    user_id: Mapped[int | None]
    request_id: Mapped[str | None] = mapped_column(sa.String(36))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
