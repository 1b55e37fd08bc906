"""Planned shifts: the week's planning the back office draws and edits.

A shift is typed as a local day and two local times; an end earlier than (or equal to)
the start means the shift ends the next day (a night shift). Both are turned into UTC
with the store's zone, so a shift planned over a DST change lasts what the clocks say.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import (
    Invalid,
    NotFound,
    audit,
    current_user,
    db,
    get_settings,
    write_transaction,
)

from .models import Shift


def max_hours() -> int:
    """A shift longer than this is a typing mistake (the ``max_shift_hours`` setting)."""
    return get_settings("timeclock")["max_shift_hours"]


def local_moment(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A local wall-clock time as a UTC instant. A time that does not exist (skipped
    when the clocks go forward) is read with the offset before the change, a time that
    happens twice as its first occurrence."""
    moment = dt.datetime.combine(day, time).replace(tzinfo=zone)
    return moment.astimezone(dt.UTC)


def plan(
    user_id: int,
    day: dt.date,
    start: dt.time,
    end: dt.time,
    zone: zoneinfo.ZoneInfo,
    note: str = "",
) -> Shift:
    starts_at = local_moment(day, start, zone)
    end_day = day + dt.timedelta(days=1) if end <= start else day
    ends_at = local_moment(end_day, end, zone)
    return add(user_id, starts_at, ends_at, note)


def add(user_id: int, starts_at: dt.datetime, ends_at: dt.datetime, note: str = "") -> Shift:
    if ends_at <= starts_at:
        raise Invalid(_("the end must come after the start"), field="ends_at")
    if ends_at - starts_at > dt.timedelta(hours=max_hours()):
        raise Invalid(
            _("a shift lasts at most %(hours)s hours", hours=max_hours()), field="ends_at"
        )
    write_transaction()
    user = current_user()
    shift = Shift(
        user_id=user_id,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note.strip(),
        created_by=user.id if user else None,
    )
    db.session.add(shift)
    db.session.flush()
    return shift


def get(shift_id: int) -> Shift:
    shift = db.session.get(Shift, shift_id)
    if shift is None:
        raise NotFound(_("no shift %(id)s", id=shift_id), code="unknown_shift")
    return shift


def remove(shift: Shift) -> None:
    write_transaction()
    audit(
        "timeclock.shift_removed",
        f"timeclock_shift:{shift.id}",
        {
            "employee": [shift.user_id, None],
            "starts_at": [shift.starts_at.isoformat(), None],
            "ends_at": [shift.ends_at.isoformat(), None],
        },
    )
    db.session.delete(shift)


def between(start: dt.datetime, end: dt.datetime, user_id: int | None = None) -> list[Shift]:
    stmt = sa.select(Shift).where(Shift.starts_at < end, Shift.ends_at > start)
    if user_id is not None:
        stmt = stmt.where(Shift.user_id == user_id)
    return db.session.scalars(stmt.order_by(Shift.starts_at, Shift.id)).all()


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
