"""The tables of the customer file (every name starts with ``crm_``).

A sale keeps its ``customer_id`` without a foreign key (the core does not know these
tables), so a customer is never deleted: erasure anonymises the row and keeps its id.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.plugins import Model, UTCDateTime, utcnow

#: The largest id an ``INTEGER`` column holds: anything above names no row (and would
#: be an error on PostgreSQL if sent in a query).
MAX_ID = 2**31 - 1
#: The languages a customer may read what the shop sends them in (Comptoir's catalogs).
LANGUAGES = ("en", "fr", "nl", "ru")


class CustomerGroup(Model):
    """A group of customers sharing a discount (staff, wholesale, members...).

    ``discount_percent`` is taken off every catalog line sold to a member.
    """

    __tablename__ = "crm_customer_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    discount_percent: Mapped[Decimal] = mapped_column(
        sa.Numeric(6, 3, asdecimal=True), default=Decimal("0")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Customer(Model):
    """A customer of the shop.

    ``phone_digits`` is the phone number reduced to its digits, for searching however it
    was typed. ``erased_at`` is set when the customer's personal data was erased (GDPR):
    the row stays so that their sales keep pointing at something.
    """

    __tablename__ = "crm_customer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    phone_digits: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    address: Mapped[str] = mapped_column(sa.String(500), default="")
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    marketing_consent: Mapped[bool] = mapped_column(default=False)
    #: The language the customer reads (``en``, ``fr``, ``nl``, ``ru``), for what is sent
    #: to them (an e-mailed receipt); ``None``: the store's.
    language: Mapped[str | None] = mapped_column(sa.String(8))
    #: When consent was last given or withdrawn (``None``: never asked).
    consent_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The barcode printed on the customer's card, scanned at the till.
    card_barcode: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    group_id: Mapped[int | None] = mapped_column(sa.ForeignKey("crm_customer_group.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    erased_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    group: Mapped[CustomerGroup | None] = relationship(lazy="joined")

    @property
    def erased(self) -> bool:
        return self.erased_at is not None

    def describe(self) -> dict[str, t.Any]:
        """A short identification for other plugins (no contact details)."""
        return {"id": self.id, "name": self.name, "erased": self.erased}


class ConsentEvent(Model):
    """Marketing consent given or withdrawn, with when and how: the proof a regulator
    asks for."""

    __tablename__ = "crm_consent_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("crm_customer.id"), index=True)
    given: Mapped[bool]
    #: ``api``, ``till``, ``admin`` or ``erasure``.
    source: Mapped[str] = mapped_column(sa.String(32), default="api")
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
