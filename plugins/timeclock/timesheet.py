"""Reading the clock and the planning of a period into :class:`.hours.Employee` values."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import sqlalchemy as sa

from core.plugins import current_store, db, get_users, utcnow

from .hours import Employee, period_bounds
from .models import Break, Entry, Shift


def store_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(current_store().timezone)


def load(start: dt.datetime, end: dt.datetime, user_id: int | None = None) -> dict[int, Employee]:
    """Everyone's entries (not voided) and shifts touching ``[start, end)``, by user id.
    An entry still open counts until now."""
    now = utcnow()
    # Plain rows, not ORM objects: a month of a shop's entries is thousands of them.
    entries = sa.select(Entry.id, Entry.user_id, Entry.started_at, Entry.ended_at).where(
        ~Entry.voided,
        Entry.started_at < end,
        sa.or_(Entry.ended_at.is_(None), Entry.ended_at > start),
    )
    shifts = sa.select(Shift.user_id, Shift.starts_at, Shift.ends_at).where(
        Shift.starts_at < end, Shift.ends_at > start
    )
    if user_id is not None:
        entries = entries.where(Entry.user_id == user_id)
        shifts = shifts.where(Shift.user_id == user_id)
    rows = db.session.execute(entries.order_by(Entry.started_at)).all()
    breaks: dict[int, list] = {}
    if rows:
        # The breaks of the same entries: a subquery, not a list of thousands of ids.
        for entry_id, b_start, b_end in db.session.execute(
            sa.select(Break.entry_id, Break.started_at, Break.ended_at).where(
                ~Break.voided, Break.entry_id.in_(entries.with_only_columns(Entry.id))
            )
        ):
            breaks.setdefault(entry_id, []).append((b_start, b_end or now))
    employees: dict[int, Employee] = {}
    for entry_id, uid, e_start, e_end in rows:
        employee = employees.setdefault(uid, Employee(uid))
        employee.entries.append(((e_start, e_end or now), breaks.get(entry_id, [])))
    for uid, s_start, s_end in db.session.execute(shifts.order_by(Shift.starts_at)):
        employees.setdefault(uid, Employee(uid)).shifts.append((s_start, s_end))
    return employees


def hours(first: dt.date, last: dt.date, user_id: int | None = None) -> list[dict]:
    """Per employee, per local day from ``first`` to ``last``: seconds worked (breaks
    taken out), on break and planned, with the totals; by name."""
    zone = store_zone()
    start, end = period_bounds(first, last, zone)
    employees = load(start, end, user_id)
    users = get_users(employees)
    out = []
    for uid, employee in employees.items():
        user = users.get(uid)
        day_rows = employee.by_day(first, last, zone)
        out.append(
            {
                "user_id": uid,
                "username": user.username if user else f"#{uid}",
                "full_name": user.full_name if user else f"#{uid}",
                "days": day_rows,
                "worked": sum(d.worked for d in day_rows),
                "breaks": sum(d.breaks for d in day_rows),
                "planned": sum(d.planned for d in day_rows),
            }
        )
    out.sort(key=lambda row: (row["full_name"].casefold(), row["user_id"]))
    return out
