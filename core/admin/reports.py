"""The reports' pages: one tab per report, filtered by dates and register, each with
its chart and its CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import typing as t

import sqlalchemy as sa
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth.permissions import require
from ..db import db
from ..fields import money_text
from ..plugins.scope import register_groups, register_list, scoped_registers
from ..receipts.render import format_money
from ..registers.models import Register
from ..reports.services import TIME_GROUPINGS, store_zone
from ..stores.settings import current_store
from .report_pages import REPORTS, Filters, Report, Table

bp = Blueprint("admin_reports", __name__, url_prefix="/admin/reports")

#: The longest period a report covers, and the longest one shown hour by hour.
MAX_DAYS = 3660
MAX_HOURLY_DAYS = 31
BUILDERS = {slug: builder for slug, _title, builder in REPORTS}


def read_filters(args: t.Mapping[str, str], zone: t.Any) -> tuple[Filters, dict[str, str]]:
    """The filters of the query string, and what was wrong with them (the defaults are
    used instead): the last 7 days, every register, by day."""
    errors: dict[str, str] = {}
    today = dt.datetime.now(zone).date()

    def day(name: str, default: dt.date) -> dt.date:
        text = (args.get(name) or "").strip()
        if not text:
            return default
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            errors[name] = _("Not a date: %(text)s (expected YYYY-MM-DD)", text=text[:40])
            return default

    first, last = day("from", today - dt.timedelta(days=6)), day("to", today)
    if first > last:
        errors["from"] = _("The first day comes after the last one.")
        first, last = last, last
    if (last - first).days >= MAX_DAYS:
        errors["to"] = _("A report covers at most %(days)s days.", days=MAX_DAYS)
        first = last - dt.timedelta(days=MAX_DAYS - 1)
    by = args.get("by") or "day"
    if by not in TIME_GROUPINGS:
        errors["by"] = _("Choose hour, day, week, month or year.")
        by = "day"
    if by == "hour" and (last - first).days >= MAX_HOURLY_DAYS:
        errors["by"] = _("Hour by hour covers at most %(days)s days.", days=MAX_HOURLY_DAYS)
        by = "day"
    register_text = (args.get("register") or "").strip()
    register_id: int | tuple[int, ...] | None = None
    if register_text:
        # One register ("3"), or a group a plugin offers (a store's: "3,4").
        chosen = register_list(register_text)
        known = (
            chosen
            and db.session.scalars(sa.select(Register.id).where(Register.id.in_(chosen))).all()
        )
        if chosen and len(known) == len(chosen):
            register_id = chosen[0] if len(chosen) == 1 else chosen
        else:
            errors["register"] = _("No such register.")
    start = dt.datetime.combine(first, dt.time(), zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), zone)
    # Without a register, the user's stores' registers (another store's one was refused
    # before the page ran, core.plugins.scope).
    registers = register_id if register_id is not None else scoped_registers()
    return Filters(start, end, first, last, registers, by, zone), errors


def _context() -> tuple[Filters, dict[str, str], t.Any]:
    store = current_store()
    zone = store_zone(store.values["timezone"])
    filters, errors = read_filters(request.args, zone)
    return filters, errors, store


def _build(slug: str) -> tuple[Report, Filters, dict[str, str], t.Any]:
    builder = BUILDERS.get(slug)
    if builder is None:
        abort(404)
    filters, errors, store = _context()

    def money(value: t.Any) -> str:
        return "" if value is None else format_money(round(value), store.currency, store.locale)

    report = builder(filters, store.values["timezone"], money)
    return report, filters, errors, store


@bp.route("/")
@require("admin.access")
@require("reports.view")
def index():
    return redirect(url_for(".report", slug="sales"))


@bp.route("/<slug>")
@require("admin.access")
@require("reports.view")
def report(slug: str):
    report, filters, errors, store = _build(slug)
    choices = sa.select(Register.id, Register.code, Register.name).order_by(Register.code)
    scope = scoped_registers()
    if scope is not None:  # the user's stores' registers only
        choices = choices.where(Register.id.in_(scope))
    registers = db.session.execute(choices).all()
    page = render_template(
        "admin/reports/report.html",
        slug=slug,
        reports=[(s, title()) for s, title, _builder in REPORTS],
        report=report,
        filters=filters,
        errors=errors,
        registers=registers,
        register_groups=[(",".join(map(str, ids)), title) for title, ids in register_groups()],
        register_value=request.args.get("register", ""),
        groupings=[
            ("hour", _("Hour")),
            ("day", _("Day")),
            ("week", _("Week")),
            ("month", _("Month")),
            ("year", _("Year")),
        ],
        args=request.args,
    )
    return page, 422 if errors else 200


@bp.route("/<slug>.csv")
@require("admin.access")
@require("reports.view")
def report_csv(slug: str):
    report, filters, errors, store = _build(slug)
    if errors:
        return Response("\n".join(errors.values()) + "\n", 422, mimetype="text/plain")
    name = f"{slug}-{filters.first_day.isoformat()}-{filters.last_day.isoformat()}.csv"
    body = table_csv(report.export, store.currency, filters.zone)
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def table_csv(table: Table, currency: str, zone: t.Any) -> str:
    """The table as CSV: a header row of the column titles, money as decimals in the
    store's currency (``12.50``), quantities and percentages as decimals, times local
    in ISO 8601. Cells that a spreadsheet would run as a formula are quoted as text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.label for column in table.columns])
    for row in table.rows:
        writer.writerow([_cell(row.get(c.key), c.kind, currency, zone) for c in table.columns])
    return out.getvalue()


def _cell(value: t.Any, kind: str, currency: str, zone: t.Any) -> str:
    if value is None:
        return ""
    if kind == "money":
        return money_text(int(value), currency)
    if kind == "datetime":
        return value.astimezone(zone).isoformat(timespec="seconds")
    text = str(value)
    # A cell starting with = + - @ is a formula to a spreadsheet (CSV injection).
    if kind == "text" and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text
