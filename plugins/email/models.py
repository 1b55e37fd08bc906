"""The email plugin's tables (every name starts with ``email_``)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.plugins import Model, UTCDateTime, utcnow

#: ``queued`` until the SMTP server took it (``sent``); ``retrying`` after a failure the
#: outbox retries (the server away, a timeout); ``bounced`` when the server refused the
#: address for good (a 5xx answer: not retried).
STATUSES = ("queued", "retrying", "sent", "bounced")


class EmailMessage(Model):
    """One e-mail to send or sent: a sale's receipt to ``recipient`` in ``language``.

    ``base_url`` is the shop's address as the asking request saw it, for the links in the
    mail (the outbox sends outside any request).
    """

    __tablename__ = "email_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16), default="receipt")
    sale_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)
    customer_id: Mapped[int | None] = mapped_column()
    recipient: Mapped[str] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(8))
    base_url: Mapped[str] = mapped_column(sa.String(500), default="")
    status: Mapped[str] = mapped_column(sa.String(16), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    user_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SmtpSecret(Model):
    """The SMTP password, encrypted with a key derived from the instance's secret key:
    kept out of the settings, which managers read through the API."""

    __tablename__ = "email_smtp_secret"

    id: Mapped[int] = mapped_column(primary_key=True)
    password_encrypted: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
