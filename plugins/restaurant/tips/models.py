"""The tips table: one row per tip sold and per tip refunded (a negative ``amount``).

Money in integer minor units. ``method`` is ``cash`` (kept from the change, in the
drawer until handed to the employee) or ``card`` (paid with the card: owed to the
employee, not in the drawer).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.plugins import Model, UTCDateTime, utcnow

#: How a tip was paid.
TIP_METHODS = ("cash", "card")


class RestaurantTip(Model):
    """A tip for ``employee_id`` taken by the sale ``sale_id`` (its line
    ``sale_line_id``), or given back by the refund ``refund_id`` (``amount`` negative)."""

    __tablename__ = "restaurant_tip"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    sale_line_id: Mapped[int]
    refund_id: Mapped[str | None] = mapped_column(sa.String(36))
    employee_id: Mapped[int] = mapped_column(index=True)
    method: Mapped[str] = mapped_column(sa.String(8))
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    register_id: Mapped[int]
    cash_session_id: Mapped[int | None] = mapped_column(index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
