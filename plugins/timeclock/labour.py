"""Labour against sales: hours worked in each local hour beside the sales of that hour,
and each employee's sales per hour worked. Sales come from the core's report
(``sales_report``, aggregated by the database); hours from :mod:`.timesheet`.
"""

from __future__ import annotations

import datetime as dt
import typing as t
import zoneinfo
from collections import defaultdict

from core.plugins import current_store, get_users, sales_report

from .hours import Interval, hours_text, overlap
from .timesheet import load


def _per_hour(total: int, seconds: int) -> int | None:
    """Money per hour worked, in minor units (rounded half up), or ``None`` without work."""
    if seconds <= 0:
        return None
    return (total * 3600 * 2 + seconds) // (seconds * 2)


#: The longest period shown hour by hour (as the core's hourly sales report).
MAX_HOURLY_DAYS = 31


def _seconds_by_hour(work: t.Iterable[Interval], start: dt.datetime, end: dt.datetime):
    """Seconds worked in each UTC hour (keyed by its start), each stretch spread over
    the hours it covers: linear in the hours worked, not in the hours of the period."""
    out: dict[dt.datetime, int] = defaultdict(int)
    for w_start, w_end in work:
        w_start, w_end = max(w_start, start), min(w_end, end)
        hour = w_start.replace(minute=0, second=0, microsecond=0)
        while hour < w_end:
            out[hour] += overlap((w_start, w_end), (hour, hour + dt.timedelta(hours=1)))
            hour += dt.timedelta(hours=1)
    return out


def labour_by_hour(start: dt.datetime, end: dt.datetime) -> list[dict[str, t.Any]]:
    """Each local hour of ``[start, end)`` that had sales or work: its sales total, the
    seconds worked by everyone clocked in, and the sales per hour worked. Empty beyond
    :data:`MAX_HOURLY_DAYS`."""
    if end - start > dt.timedelta(days=MAX_HOURLY_DAYS):
        return []
    store = current_store()
    zone = zoneinfo.ZoneInfo(store.timezone)
    report = sales_report(start, end, "hour", timezone=store.timezone)
    sales = {row["key"]: row for row in report["rows"]}
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    worked = _seconds_by_hour((w for e in load(start, end).values() for w in e.work()), start, end)
    rows = []
    moment = start.replace(minute=0, second=0, microsecond=0)
    while moment < end:
        local = moment.astimezone(zone)
        row = sales.get(local.strftime("%Y-%m-%dT%H:00%z"))
        seconds = worked.get(moment, 0)
        total = row["total"] if row else 0
        if seconds or row:
            rows.append(
                {
                    "hour": local.isoformat(timespec="minutes"),
                    "label": local.strftime("%Y-%m-%d %H:00"),
                    "sales_count": row["sales_count"] if row else 0,
                    "sales_total": total,
                    "worked_seconds": seconds,
                    "worked_hours": hours_text(seconds),
                    "sales_per_hour_worked": _per_hour(total, seconds),
                }
            )
        moment += dt.timedelta(hours=1)
    return rows


def sales_per_employee(start: dt.datetime, end: dt.datetime) -> list[dict[str, t.Any]]:
    """Each employee who sold or worked in ``[start, end)``: sales, seconds worked and
    sales per hour worked; best first."""
    store = current_store()
    report = sales_report(start, end, "user", timezone=store.timezone)
    sales = {int(row["key"]): row for row in report["rows"] if row["key"].isdigit()}
    bounds = (start.astimezone(dt.UTC), end.astimezone(dt.UTC))
    worked = {uid: e.worked_within(bounds) for uid, e in load(start, end).items()}
    users = get_users([*sales, *worked])
    rows = []
    for uid in set(sales) | set(worked):
        seconds = worked.get(uid, 0)
        total = sales[uid]["total"] if uid in sales else 0
        user = users.get(uid)
        rows.append(
            {
                "user_id": uid,
                "full_name": user.full_name if user else f"#{uid}",
                "sales_count": sales[uid]["sales_count"] if uid in sales else 0,
                "sales_total": total,
                "worked_seconds": seconds,
                "worked_hours": hours_text(seconds),
                "sales_per_hour_worked": _per_hour(total, seconds),
            }
        )
    rows.sort(key=lambda r: (-(r["sales_per_hour_worked"] or -1), r["full_name"].casefold()))
    return rows
