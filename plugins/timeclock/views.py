"""Back-office pages of the time clock: hours over a period (with the payroll CSV), the
entries of an employee with a manager's corrections, and the week's planning.

Times are typed and shown in the store's time zone; the services get UTC instants.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.plugins import DomainError, db, get_user, has_permission, list_users, require

from . import corrections, services, shifts
from .hours import hours_text, period_bounds
from .models import Entry
from .payroll import payroll_csv
from .schemas import MAX_DAYS
from .timesheet import hours, store_zone

bp = Blueprint("timeclock", __name__, url_prefix="/timeclock")


def _day(name: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat((request.args.get(name) or "").strip()[:10])
    except ValueError:
        return default


def _period() -> tuple[dt.date, dt.date]:
    """The days of the query string; this week (Monday to Sunday) by default."""
    today = dt.datetime.now(store_zone()).date()
    monday = shifts.monday_of(today)
    first = _day("from", monday)
    last = _day("to", monday + dt.timedelta(days=6))
    if last < first:
        last = first
    if (last - first).days >= MAX_DAYS:
        last = first + dt.timedelta(days=MAX_DAYS - 1)
    return first, last


def _staff():
    """Who may clock: the active users with a PIN holding ``timeclock.clock``."""
    return [user for user in list_users(with_pin=True) if user.can("timeclock.clock")]


def _user_id() -> int | None:
    text = (request.args.get("user_id") or request.form.get("user_id") or "").strip()
    return int(text[:9]) if text.isdigit() else None


def _local_input(text: str) -> dt.datetime:
    """A ``datetime-local`` field (store time) as a UTC instant."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(_("Not a date and time: %(text)s", text=text[:40])) from None
    return moment.replace(tzinfo=store_zone()).astimezone(dt.UTC)


@bp.app_template_filter("clock_hours")
def _clock_hours(seconds: int) -> str:
    return hours_text(seconds)


@bp.route("/")
@require("admin.access")
@require("timeclock.view")
def index():
    first, last = _period()
    clocked = services.clocked_in()
    names = {user.id: user.full_name for user in list_users(active=False)}
    return render_template(
        "timeclock/index.html",
        first=first,
        last=last,
        employees=hours(first, last),
        clocked=clocked,
        names=names,
        zone=store_zone(),
    )


@bp.route("/payroll.csv")
@require("admin.access")
@require("timeclock.view")
def payroll():
    first, last = _period()
    name = f"payroll-{first.isoformat()}-{last.isoformat()}.csv"
    return Response(
        payroll_csv(first, last),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/entries")
@require("admin.access")
@require("timeclock.view")
def entries():
    first, last = _period()
    user_id = _user_id()
    employee = get_user(user_id) if user_id else None
    start, end = period_bounds(first, last, store_zone())
    rows = services.entries_between(start, end, user_id) if employee else []
    return render_template(
        "timeclock/entries.html",
        first=first,
        last=last,
        employee=employee,
        staff=_staff(),
        entries=rows,
        breaks={e.id: services.breaks_of(e) for e in rows},
        history={e.id: corrections.history(e) for e in rows},
        zone=store_zone(),
        can_manage=has_permission("timeclock.manage"),
    )


def _back_to_entries(user_id):
    return redirect(
        url_for(
            "timeclock.entries",
            user_id=user_id,
            **{k: request.args[k] for k in ("from", "to") if request.args.get(k)},
        )
    )


def _entry(entry_id: int):
    entry = db.session.get(Entry, entry_id)
    if entry is None:
        abort(404)
    return entry


@bp.route("/entries/<int:entry_id>/correct", methods=["POST"])
@require("admin.access")
@require("timeclock.manage")
def correct(entry_id: int):
    entry = _entry(entry_id)
    user_id = entry.user_id
    form = request.form
    try:
        if form.get("void"):
            corrections.void_entry(entry, form.get("reason", ""))
        else:
            end = _local_input(form["ended_at"]) if form.get("ended_at") else None
            corrections.edit_entry(
                entry, _local_input(form.get("started_at", "")), end, form.get("reason", "")
            )
    except (DomainError, ValueError) as error:
        db.session.rollback()
        flash(getattr(error, "message", str(error)), "error")
    else:
        db.session.commit()
        flash(_("The entry was corrected."), "success")
    return _back_to_entries(user_id)


@bp.route("/entries/add", methods=["POST"])
@require("admin.access")
@require("timeclock.manage")
def add_entry():
    form = request.form
    user_id = _user_id()
    if user_id is None or get_user(user_id) is None:
        abort(404)
    try:
        corrections.add_entry(
            user_id,
            _local_input(form.get("started_at", "")),
            _local_input(form.get("ended_at", "")),
            form.get("reason", ""),
        )
    except (DomainError, ValueError) as error:
        db.session.rollback()
        flash(getattr(error, "message", str(error)), "error")
    else:
        db.session.commit()
        flash(_("The entry was added."), "success")
    return _back_to_entries(user_id)


@bp.route("/week")
@require("admin.access")
@require("timeclock.view")
def week():
    zone = store_zone()
    today = dt.datetime.now(zone).date()
    monday = shifts.monday_of(_day("week", today))
    week_days = [monday + dt.timedelta(days=n) for n in range(7)]
    start, end = period_bounds(week_days[0], week_days[-1], zone)
    user_id = _user_id()
    staff = _staff()
    shown = [u for u in staff if user_id is None or u.id == user_id]
    cells: dict[tuple[int, dt.date], list] = {}
    for shift in shifts.between(start, end, user_id):
        day = shift.starts_at.astimezone(zone).date()
        cells.setdefault((shift.user_id, day), []).append(shift)
    planned = {
        row["user_id"]: row["planned"] for row in hours(week_days[0], week_days[-1], user_id)
    }
    adding = request.args.get("add_day")
    return render_template(
        "timeclock/week.html",
        monday=monday,
        prev_week=(monday - dt.timedelta(days=7)).isoformat(),
        next_week=(monday + dt.timedelta(days=7)).isoformat(),
        days=week_days,
        today=today,
        staff=staff,
        shown=shown,
        user_id=user_id,
        cells=cells,
        planned=planned,
        zone=zone,
        adding=adding,
        can_manage=has_permission("timeclock.manage"),
    )


def _back_to_week(day: dt.date):
    args = {"week": day.isoformat()}
    if request.form.get("filter_user_id"):
        args["user_id"] = request.form["filter_user_id"]
    return redirect(url_for("timeclock.week", **args))


@bp.route("/shifts/add", methods=["POST"])
@require("admin.access")
@require("timeclock.manage")
def add_shift():
    form = request.form
    user_id = _user_id()
    try:
        day = dt.date.fromisoformat(form.get("day", ""))
    except ValueError:
        abort(400)
    if user_id is None or get_user(user_id) is None:
        abort(404)
    try:
        start = dt.time.fromisoformat(form.get("start", ""))
        end = dt.time.fromisoformat(form.get("end", ""))
        shifts.plan(user_id, day, start, end, store_zone(), form.get("note", ""))
    except ValueError:
        db.session.rollback()
        flash(_("Give the start and end as hours and minutes."), "error")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The shift was planned."), "success")
    return _back_to_week(day)


@bp.route("/shifts/<int:shift_id>/remove", methods=["POST"])
@require("admin.access")
@require("timeclock.manage")
def remove_shift(shift_id: int):
    try:
        shift = shifts.get(shift_id)
    except DomainError:
        abort(404)
    day = shift.starts_at.astimezone(store_zone()).date()
    shifts.remove(shift)
    db.session.commit()
    flash(_("The shift was removed."), "success")
    return _back_to_week(day)
