"""The payroll export: one CSV row per employee and local day with work, then each
employee's total, in decimal hours (``7.50``) that payroll software reads as typed."""

from __future__ import annotations

import csv
import datetime as dt
import io

from .hours import hours_text
from .timesheet import hours

COLUMNS = (
    "employee_id",
    "username",
    "full_name",
    "date",
    "worked_hours",
    "break_hours",
    "planned_hours",
    "difference_hours",
)


def payroll_csv(first: dt.date, last: dt.date) -> str:
    """The CSV text for the local days ``first`` to ``last`` (both included). Days with
    neither work nor a planned shift are left out; a ``total`` row closes each employee."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for employee in hours(first, last):
        who = (employee["user_id"], employee["username"], employee["full_name"])
        for day in employee["days"]:
            if not (day.worked or day.breaks or day.planned):
                continue
            writer.writerow(
                (
                    *who,
                    day.date.isoformat(),
                    hours_text(day.worked),
                    hours_text(day.breaks),
                    hours_text(day.planned),
                    hours_text(day.worked - day.planned),
                )
            )
        writer.writerow(
            (
                *who,
                "total",
                hours_text(employee["worked"]),
                hours_text(employee["breaks"]),
                hours_text(employee["planned"]),
                hours_text(employee["worked"] - employee["planned"]),
            )
        )
    return out.getvalue()
