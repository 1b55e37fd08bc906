"""The tables of the time clock (every name starts with ``timeclock_``).

Times are stored in UTC; the store's time zone only decides how they are shown and
which day they count for (:mod:`.hours`).

An :class:`Entry` is one stretch of work from a clock-in to a clock-out. While it is open,
``open_user_id`` holds its employee's id: a unique column, so that two tills clocking the
same employee in at once cannot both succeed, on SQLite as on PostgreSQL (NULLs, the
closed entries, never collide). Breaks are kept the same way with ``open_entry_id``.

A manager's correction never overwrites what the till recorded: ``recorded_start_at`` and
``recorded_end_at`` keep the punches, ``started_at`` and ``ended_at`` are the times that
count, and every change is a :class:`Correction` row (before, after, reason, who).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.plugins import Model, UTCDateTime, utcnow


class Entry(Model):
    __tablename__ = "timeclock_entry"
    __table_args__ = (sa.Index("ix_timeclock_entry_user_started", "user_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The employee's id while the entry is open, else NULL: one open entry per employee.
    open_user_id: Mapped[int | None] = mapped_column(unique=True)
    #: What the till recorded (NULL for an entry a manager added).
    recorded_start_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    recorded_end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: ``till`` (clocked with the PIN) or ``manager`` (added by a correction).
    source: Mapped[str] = mapped_column(sa.String(16), default="till")
    #: A voided entry counts for nothing but stays, with the correction that voided it.
    voided: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Break(Model):
    __tablename__ = "timeclock_break"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("timeclock_entry.id"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The entry's id while the break runs, else NULL: one running break per entry.
    open_entry_id: Mapped[int | None] = mapped_column(unique=True)
    recorded_start_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    recorded_end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    voided: Mapped[bool] = mapped_column(default=False)


class Correction(Model):
    """A manager's change to an entry or one of its breaks. ``before`` and ``after`` are
    ``{"started_at", "ended_at", "voided"}`` as ISO 8601 text (``before`` is empty for an
    entry the manager added)."""

    __tablename__ = "timeclock_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("timeclock_entry.id"), index=True)
    break_id: Mapped[int | None] = mapped_column(sa.ForeignKey("timeclock_break.id"))
    #: ``add``, ``edit`` or ``void``.
    action: Mapped[str] = mapped_column(sa.String(8))
    before: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    after: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    reason: Mapped[str] = mapped_column(sa.String(500))
    user_id: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Shift(Model):
    """A planned shift: who is expected to work when (planning, not a record of work)."""

    __tablename__ = "timeclock_shift"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.Index("ix_timeclock_shift_user_starts", "user_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(sa.String(200), default="")
    created_by: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
