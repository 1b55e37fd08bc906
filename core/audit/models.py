"""The audit log's rows."""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Model, UTCDateTime, utcnow


class AuditEntry(Model):
    """One sensitive action: a sign-in, a refund, a price change, a role granted...

    ``action`` is a dotted code (``auth.sign_in``, ``catalog.price``, a plugin's
    ``tips.payout``); ``target`` names what it was done to (``user:12``, ``sale:<uuid>``);
    ``changes`` holds what changed, as ``{"field": [before, after]}`` or details. The user
    is kept by id and by name as it was, so the entry still reads after a rename.
    ``address`` is the client's address as the web server saw it.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    username: Mapped[str] = mapped_column(sa.String(64), default="")
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    target: Mapped[str] = mapped_column(sa.String(200), default="")
    changes: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON, default=dict)
    address: Mapped[str] = mapped_column(sa.String(64), default="")
