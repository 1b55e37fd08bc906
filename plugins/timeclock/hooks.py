"""The time clock plugin's hook implementations."""

from __future__ import annotations

from pathlib import Path

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.plugins import (
    AssetFolders,
    MenuItem,
    Permission,
    ReportSection,
    SettingsSchema,
    TillAction,
    current_store,
    format_money,
    hookimpl,
)

HERE = Path(__file__).resolve().parent


@hookimpl
def pos_register_permissions():
    return [
        Permission("timeclock.clock", _l("Clock in and out at the till"), ("cashier", "manager")),
        Permission("timeclock.view", _l("See hours worked and the payroll export"), ("manager",)),
        Permission("timeclock.manage", _l("Correct clocked times and plan shifts"), ("manager",)),
    ]


@hookimpl
def pos_register_settings():
    from .settings import TimeclockSettingsSchema

    return [SettingsSchema("timeclock", TimeclockSettingsSchema, "Time clock")]


@hookimpl
def pos_register_api():
    from .api import api

    return [api]


@hookimpl
def pos_register_blueprints():
    from .views import bp

    return [bp]


@hookimpl
def pos_register_assets():
    return [
        AssetFolders(
            "timeclock",
            templates=str(HERE / "templates"),
            static=str(HERE / "static"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(_l("Time clock"), "timeclock.index", "timeclock.view", order=710, section="staff")
    ]


@hookimpl
def pos_register_till_actions():
    return [
        TillAction(
            code="timeclock.clock",
            title=_l("Time clock"),
            permission="timeclock.clock",
            script="/static/plugins/timeclock/clock.js",
            order=70,
        )
    ]


@hookimpl
def pos_register_till_strings():
    """The words of the till's Time clock action (static/clock.js)."""
    return {
        "title": _l("Time clock"),
        "who": _l("Who are you?"),
        "pin": _l("PIN"),
        "what": _l("What do you do?"),
        "clock_in": _l("Clock in"),
        "clock_out": _l("Clock out"),
        "break_start": _l("Start a break"),
        "break_end": _l("End the break"),
        "status_in": _l("clocked in"),
        "status_break": _l("on a break"),
        "status_out": _l("not clocked in"),
        "done_in": _l("%(name)s clocked in"),
        "done_out": _l("%(name)s clocked out"),
        "done_break_start": _l("%(name)s is on a break"),
        "done_break_end": _l("%(name)s is back from the break"),
        "nobody": _l("Nobody may use the time clock"),
    }


@hookimpl
def pos_report_sections(report, params):
    """Labour against sales on the sales report: each hour's sales beside the hours
    worked, and each employee's sales per hour worked."""
    from .labour import labour_by_hour, sales_per_employee

    store = current_store()
    locale = str(get_locale() or store.locale)

    def money(amount):
        return "" if amount is None else format_money(amount, store.currency, locale)

    start, end = params["from"], params["to"]
    by_hour = labour_by_hour(start, end)
    employees = sales_per_employee(start, end)
    sections = []
    if by_hour:
        sections.append(
            ReportSection(
                "timeclock_labour",
                _("Labour hours against sales"),
                (_("Hour"), _("Sales"), _("Hours worked"), _("Sales per hour worked")),
                tuple(
                    (
                        row["label"],
                        money(row["sales_total"]),
                        row["worked_hours"],
                        money(row["sales_per_hour_worked"]),
                    )
                    for row in by_hour
                ),
                order=60,
            )
        )
    if employees:
        sections.append(
            ReportSection(
                "timeclock_employees",
                _("Sales per employee per hour worked"),
                (_("Employee"), _("Sales"), _("Hours worked"), _("Sales per hour worked")),
                tuple(
                    (
                        row["full_name"],
                        money(row["sales_total"]),
                        row["worked_hours"],
                        money(row["sales_per_hour_worked"]),
                    )
                    for row in employees
                ),
                order=61,
            )
        )
    return sections
