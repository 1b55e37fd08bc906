"""``/api/v1/timeclock``: clocking in and out with the PIN, breaks, who is in, hours,
the labour report, corrections, shifts and the payroll CSV."""

from __future__ import annotations

import datetime as dt

from flask import Response
from flask_babel import gettext as _

from core.plugins import (
    ApiBlueprint,
    Forbidden,
    Invalid,
    current_user,
    get_user,
    list_users,
    verify_pin,
)

from . import corrections, services, shifts
from .hours import period_bounds
from .labour import labour_by_hour, sales_per_employee
from .payroll import payroll_csv
from .schemas import (
    MAX_DAYS,
    PeriodSchema,
    TimeclockAddEntrySchema,
    TimeclockBreakCorrectionSchema,
    TimeclockBreakSchema,
    TimeclockCorrectionBodySchema,
    TimeclockCorrectionSchema,
    TimeclockEntrySchema,
    TimeclockHoursSchema,
    TimeclockLabourSchema,
    TimeclockPunchResultSchema,
    TimeclockPunchSchema,
    TimeclockShiftSchema,
    TimeclockStatusSchema,
)
from .timesheet import hours, store_zone

api = ApiBlueprint("timeclock_api", __name__, tag="time clock")


def _employee(body):
    """The employee a punch is for, once their PIN is checked (the lockout counts
    wrong PINs as at sign-in)."""
    user_id = body["user_id"]
    if user_id is None:
        me = current_user()
        if me is None:
            raise Invalid(_("say who clocks"), field="user_id")
        user_id = me.id
    employee = verify_pin(user_id, body["pin"])
    if not employee.can("timeclock.clock"):
        raise Forbidden(
            _("%(name)s may not use the time clock", name=employee.full_name),
            code="not_on_the_clock",
        )
    return employee


def _result(employee, entry):
    return {
        "user_id": employee.id,
        "full_name": employee.full_name,
        "status": services.status(employee.id),
        "entry": entry,
    }


@api.endpoint(
    "/timeclock/clock-in",
    methods=["POST"],
    permission="timeclock.clock",
    body=TimeclockPunchSchema,
    response=TimeclockPunchResultSchema,
    status=201,
    statuses=[409, 429],
)
def clock_in(body):
    """Clock an employee in with their PIN; 409 when they are clocked in already."""
    employee = _employee(body)
    return _result(employee, services.clock_in(employee.id))


@api.endpoint(
    "/timeclock/clock-out",
    methods=["POST"],
    permission="timeclock.clock",
    body=TimeclockPunchSchema,
    response=TimeclockPunchResultSchema,
    statuses=[409, 429],
)
def clock_out(body):
    """Clock an employee out with their PIN (a running break ends too); 409 when they
    are not clocked in."""
    employee = _employee(body)
    return _result(employee, services.clock_out(employee.id))


@api.endpoint(
    "/timeclock/break-start",
    methods=["POST"],
    permission="timeclock.clock",
    body=TimeclockPunchSchema,
    response=TimeclockPunchResultSchema,
    status=201,
    statuses=[409, 429],
)
def break_start(body):
    """Start a break (the employee must be clocked in and not on a break)."""
    employee = _employee(body)
    services.start_break(employee.id)
    return _result(employee, services.open_entry(employee.id))


@api.endpoint(
    "/timeclock/break-end",
    methods=["POST"],
    permission="timeclock.clock",
    body=TimeclockPunchSchema,
    response=TimeclockPunchResultSchema,
    statuses=[409, 429],
)
def break_end(body):
    """End the employee's break."""
    employee = _employee(body)
    services.end_break(employee.id)
    return _result(employee, services.open_entry(employee.id))


@api.endpoint(
    "/timeclock/status", permission="timeclock.clock", response=TimeclockStatusSchema, many=True
)
def status():
    """Everyone who may clock (active, with a PIN), by name: clocked in, on a break or
    out, and since when."""
    now = {entry.user_id: (entry, pause) for entry, pause in services.clocked_in()}
    rows = []
    for user in list_users(with_pin=True):
        if not user.can("timeclock.clock"):
            continue
        entry, pause = now.get(user.id, (None, None))
        rows.append(
            {
                "user_id": user.id,
                "username": user.username,
                "full_name": user.full_name,
                "status": "out" if entry is None else "break" if pause is not None else "in",
                "since": pause.started_at if pause is not None else entry and entry.started_at,
            }
        )
    return rows


def _days(query):
    """The local days of the query (``from`` to ``to``, both included; today alone by
    default)."""
    today = dt.datetime.now(store_zone()).date()
    first = query["from"] or query["to"] or today
    last = query["to"] or max(first, today)
    if first > last:
        raise Invalid(_("'from' is after 'to'"), field="from")
    if (last - first).days >= MAX_DAYS:
        raise Invalid(_("at most %(days)s days at once", days=MAX_DAYS), field="to")
    return first, last


def _bounds(query):
    """The query's days as UTC instants: the first day's local midnight to the one after
    the last day."""
    first, last = _days(query)
    return period_bounds(first, last, store_zone())


def _check_employee(user_id: int) -> None:
    if get_user(user_id) is None:
        raise Invalid(_("no such employee"), field="user_id")


@api.endpoint(
    "/timeclock/hours",
    permission="timeclock.view",
    query=PeriodSchema,
    response=TimeclockHoursSchema,
    many=True,
)
def get_hours(query):
    """Hours per employee and per day (store time) from ``from`` to ``to`` (dates, both
    included; today by default): worked with breaks taken out, breaks, planned."""
    first, last = _days(query)
    return hours(first, last, query["user_id"])


@api.endpoint(
    "/timeclock/entries",
    permission="timeclock.view",
    query=PeriodSchema,
    response=TimeclockEntrySchema,
    many=True,
)
def list_entries(query):
    """The entries (with their breaks) touching the days ``from`` to ``to``."""
    start, end = _bounds(query)
    return services.entries_between(start, end, query["user_id"])


@api.endpoint(
    "/timeclock/entries",
    methods=["POST"],
    permission="timeclock.manage",
    body=TimeclockAddEntrySchema,
    response=TimeclockEntrySchema,
    status=201,
)
def add_entry(body):
    """Add an entry an employee forgot to clock, with the reason (audited)."""
    _check_employee(body["user_id"])
    return corrections.add_entry(
        body["user_id"], body["started_at"], body["ended_at"], body["reason"]
    )


@api.endpoint(
    "/timeclock/entries/<int:entry_id>/corrections",
    methods=["POST"],
    permission="timeclock.manage",
    body=TimeclockCorrectionBodySchema,
    response=TimeclockCorrectionSchema,
    status=201,
)
def correct_entry(entry_id: int, body):
    """Correct an entry's times, or void it, with the reason. The clocked times stay in
    ``recorded_start_at`` and ``recorded_end_at``; the audit log records the change."""
    entry = corrections.get_entry(entry_id)
    if body["void"]:
        return corrections.void_entry(entry, body["reason"])
    return corrections.edit_entry(entry, body["started_at"], body["ended_at"], body["reason"])


@api.endpoint(
    "/timeclock/entries/<int:entry_id>/corrections",
    permission="timeclock.view",
    response=TimeclockCorrectionSchema,
    many=True,
)
def entry_history(entry_id: int):
    """Every correction of an entry and its breaks, oldest first."""
    return corrections.history(corrections.get_entry(entry_id))


@api.endpoint(
    "/timeclock/entries/<int:entry_id>/breaks",
    methods=["POST"],
    permission="timeclock.manage",
    body=TimeclockBreakCorrectionSchema,
    response=TimeclockBreakSchema,
    status=201,
)
def add_break(entry_id: int, body):
    """Add a break the employee did not clock, with the reason (audited)."""
    entry = corrections.get_entry(entry_id)
    return corrections.add_break(entry, body["started_at"], body["ended_at"], body["reason"])


@api.endpoint(
    "/timeclock/breaks/<int:break_id>/corrections",
    methods=["POST"],
    permission="timeclock.manage",
    body=TimeclockBreakCorrectionSchema,
    response=TimeclockCorrectionSchema,
    status=201,
)
def correct_break(break_id: int, body):
    """Correct a break's times, with the reason (audited)."""
    pause = corrections.get_break(break_id)
    return corrections.edit_break(pause, body["started_at"], body["ended_at"], body["reason"])


@api.endpoint(
    "/timeclock/shifts",
    permission="timeclock.view",
    query=PeriodSchema,
    response=TimeclockShiftSchema,
    many=True,
)
def list_shifts(query):
    """Shifts planned over the days ``from`` to ``to``."""
    start, end = _bounds(query)
    return shifts.between(start, end, query["user_id"])


@api.endpoint(
    "/timeclock/shifts",
    methods=["POST"],
    permission="timeclock.manage",
    body=TimeclockShiftSchema,
    response=TimeclockShiftSchema,
    status=201,
)
def plan_shift(body):
    """Plan a shift for an employee."""
    _check_employee(body["user_id"])
    return shifts.add(body["user_id"], body["starts_at"], body["ends_at"], body["note"])


@api.endpoint("/timeclock/shifts/<int:shift_id>", methods=["DELETE"], permission="timeclock.manage")
def remove_shift(shift_id: int):
    """Remove a planned shift."""
    shifts.remove(shifts.get(shift_id))
    return {"removed": shift_id}


@api.endpoint(
    "/timeclock/labour",
    permission="timeclock.view",
    query=PeriodSchema,
    response=TimeclockLabourSchema,
)
def labour(query):
    """Labour hours against sales for each local hour, and each employee's sales per
    hour worked, over the days ``from`` to ``to``. Money in minor units."""
    start, end = _bounds(query)
    return {"hours": labour_by_hour(start, end), "employees": sales_per_employee(start, end)}


@api.endpoint(
    "/timeclock/payroll",
    permission="timeclock.view",
    query=PeriodSchema,
    binary="text/csv",
)
def payroll(query):
    """The payroll export (CSV): per employee and day, hours worked, on break, planned
    and the difference, in decimal hours, with a total row per employee."""
    first, last = _days(query)
    name = f"payroll-{first.isoformat()}-{last.isoformat()}.csv"
    return Response(
        payroll_csv(first, last),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
