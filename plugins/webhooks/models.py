"""The webhooks plugin's tables (every name starts with ``webhooks_``)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.plugins import Model, UTCDateTime, utcnow

#: ``pending`` until the receiver answered 2xx (``delivered``); ``failed`` after an
#: attempt that did not (the outbox tries again, with backoff).
STATUSES = ("pending", "delivered", "failed")


class Subscription(Model):
    """A receiver URL and the events it is sent. The secret that signs them is kept
    encrypted (it must be read back to sign) and shown only once, at creation;
    ``secret_hint`` is its last four characters, to tell secrets apart."""

    __tablename__ = "webhooks_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2000))
    events: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    secret_encrypted: Mapped[str] = mapped_column(sa.Text)
    secret_hint: Mapped[str] = mapped_column(sa.String(4))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Delivery(Model):
    """One event sent (or to send) to one subscription: the log line behind "send again".

    ``body`` is the JSON sent, kept as sent (a retry sends the same bytes, with a new
    timestamp and signature). One row per subscription and event: the outbox delivers at
    least once, the receiver gets each event once.
    """

    __tablename__ = "webhooks_delivery"
    __table_args__ = (
        sa.UniqueConstraint("subscription_id", "event_id", name="uq_webhooks_delivery_event"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhooks_subscription.id"), index=True
    )
    event_id: Mapped[str] = mapped_column(sa.String(36))
    event: Mapped[str] = mapped_column(sa.String(64))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    response_status: Mapped[int | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    #: The outbox event of the last "send again", so that a retried one sends once.
    resent_event_id: Mapped[str | None] = mapped_column(sa.String(36))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
