"""Tables of the plugin framework: the enabled set, its generation, settings, outbox."""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Model, UTCDateTime, utcnow


class PluginState(Model):
    """Whether an installed plugin is enabled. A plugin without a row is disabled."""

    __tablename__ = "plugin_state"

    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PluginGeneration(Model):
    """One row, bumped in the same transaction as every enable or disable.

    Each worker compares it with the generation its runtime was built from, at most a few
    times a second, and rebuilds when it moved.
    """

    __tablename__ = "plugin_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(default=0)


class PluginCacheGeneration(Model):
    """One row per shared cache (:class:`core.plugins.SharedCache`), bumped in the
    transaction that changes what the cache holds; read by every worker with the plugin
    generation, which empties its copy of the caches that moved."""

    __tablename__ = "plugin_cache_generation"

    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    generation: Mapped[int] = mapped_column(default=0)


class Setting(Model):
    """The values of one settings namespace (``store``, a plugin's name), as JSON, always
    valid against the namespace's schema."""

    __tablename__ = "setting"

    namespace: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    values: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxDelivery(Model):
    """One after-commit hook call owed to one plugin, written in the business transaction.

    ``status`` is ``pending`` until delivered (``done``); a delivery that keeps failing
    stays pending with a growing ``next_attempt_at`` and its ``last_error`` shown in the
    admin, until ``MAX_ATTEMPTS`` when it becomes ``failed``.
    """

    __tablename__ = "outbox_delivery"
    __table_args__ = (sa.Index("ix_outbox_delivery_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    hook: Mapped[str] = mapped_column(sa.String(64))
    plugin: Mapped[str] = mapped_column(sa.String(64))
    payload: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
