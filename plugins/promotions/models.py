"""The tables of the promotions plugin (every name starts with ``promotions_``).

Money is in integer minor units (``amount``); ``percent`` is a percentage (``20.000``).
A promotion's ``value`` in the API is ``percent`` for the kinds ``percent`` and
``buy_x_get_y`` and ``amount`` for ``amount`` (per unit) and ``bundle`` (the set's price).
"""

from __future__ import annotations

import datetime as dt
import typing as t
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.plugins import Model, UTCDateTime, utcnow

KINDS = ("percent", "amount", "buy_x_get_y", "bundle")


class Promotion(Model):
    """A timed promotion, possibly behind a coupon code.

    It applies from ``starts_at`` (included) to ``ends_at`` (excluded), on the ISO week
    ``days`` (1 = Monday) and between ``hour_start`` and ``hour_end`` (``"HH:MM"``, the
    end excluded) in the store's timezone when they are set. ``uses`` is raised
    atomically by each completed sale it applied to, never beyond ``max_uses``.
    """

    __tablename__ = "promotions_promotion"
    __table_args__ = (sa.Index("ix_promotions_promotion_window", "active", "starts_at", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    kind: Mapped[str] = mapped_column(sa.String(16))
    percent: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 3, asdecimal=True))
    amount: Mapped[int | None] = mapped_column(sa.BigInteger)
    product_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    category_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    #: Upper-cased: codes are matched whatever their case.
    coupon_code: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    days: Mapped[list[int] | None] = mapped_column(sa.JSON)
    hour_start: Mapped[str | None] = mapped_column(sa.String(5))
    hour_end: Mapped[str | None] = mapped_column(sa.String(5))
    buy_quantity: Mapped[int | None]
    get_quantity: Mapped[int | None]
    max_uses: Mapped[int | None]
    max_uses_per_customer: Mapped[int | None]
    uses: Mapped[int] = mapped_column(default=0)
    stackable: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def value(self) -> t.Any:
        return self.percent if self.kind in ("percent", "buy_x_get_y") else self.amount

    @property
    def hours(self) -> dict[str, str] | None:
        if self.hour_start is None or self.hour_end is None:
            return None
        return {"start": self.hour_start, "end": self.hour_end}


class CustomerUse(Model):
    """How many completed sales of one customer a promotion applied to."""

    __tablename__ = "promotions_customer_use"

    promotion_id: Mapped[int] = mapped_column(
        sa.ForeignKey("promotions_promotion.id", ondelete="CASCADE"), primary_key=True
    )
    customer_id: Mapped[int] = mapped_column(primary_key=True)
    uses: Mapped[int] = mapped_column(default=0)
