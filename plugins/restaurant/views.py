"""Back-office pages: the floor plan editor and the kitchen display.

The floor plan is drawn from the same services as the API: a room's tables are placed
on a 1000 x 600 plan, by dragging them (``static/floor.js`` posts the new place) or by
typing their place in each table's form. The kitchen display (a page of its own,
signed in by PIN) lists the tickets not done yet, oldest first, with their age, and
refreshes itself.
"""

from __future__ import annotations

import datetime as dt
import typing as t
import zoneinfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from core.plugins import DomainError, current_store, db, money_from_text, public, require

from . import floor, orders, reports
from . import modifiers as modifier_services
from .kitchen_screen import kitchen_strings
from .models import SHAPES
from .schemas import (
    ModifierChangeSchema,
    ModifierSchema,
    RoomSchema,
    TableChangeSchema,
    TableSchema,
)
from .tips import report as tip_report

bp = Blueprint("restaurant", __name__, url_prefix="/restaurant")

NUMBERS = ("seats", "x", "y", "width", "height", "room_id")


def _form_values(keys: t.Iterable[str]) -> dict[str, t.Any]:
    """The form's fields, numbers as numbers (a field left empty is left out)."""
    values: dict[str, t.Any] = {}
    for key in keys:
        raw = (request.form.get(key) or "").strip()
        if not raw:
            continue
        values[key] = int(raw) if key in NUMBERS and raw.lstrip("-").isdigit() else raw
    return values


def _done(change: t.Callable[[], t.Any], success: str, page: str = "restaurant.floor"):
    try:
        change()
    except ValidationError as exc:
        db.session.rollback()
        messages = exc.messages if isinstance(exc.messages, dict) else {"": exc.messages}
        flash("; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in messages.items()), "error")
        return redirect(url_for(page)), 303
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(page)), 303
    db.session.commit()
    flash(success, "success")
    return redirect(url_for(page)), 303


@bp.route("/floor", endpoint="floor")
@require("admin.access")
@require("restaurant.manage")
def floor_page():
    seated = orders.open_orders()
    counts = orders.ordered_counts(order.id for order in seated.values())
    rooms = floor.rooms()
    return render_template(
        "restaurant/floor.html",
        rooms=rooms,
        tables={room.id: floor.tables(room.id) for room in rooms},
        states={
            table_id: orders.table_state(order, counts.get(order.id, 0))
            for table_id, order in seated.items()
        },
        shapes=SHAPES,
    )


@bp.route("/floor/rooms", methods=["POST"])
@require("admin.access")
@require("restaurant.manage")
def add_room():
    values = _form_values(("name",))
    return _done(lambda: floor.add_room(RoomSchema().load(values)), _("Room added."))


@bp.route("/floor/tables", methods=["POST"])
@require("admin.access")
@require("restaurant.manage")
def add_table():
    values = _form_values(("room_id", "name", "seats", "shape", "x", "y", "width", "height"))
    return _done(lambda: floor.add_table(TableSchema().load(values)), _("Table added."))


@bp.route("/floor/tables/<int:table_id>", methods=["POST"])
@require("admin.access")
@require("restaurant.manage")
def change_table(table_id: int):
    values = _form_values(("name", "seats", "shape", "x", "y", "width", "height"))
    return _done(
        lambda: floor.update_table(table_id, TableChangeSchema().load(values)), _("Table saved.")
    )


@bp.route("/floor/tables/<int:table_id>/delete", methods=["POST"])
@require("admin.access")
@require("restaurant.manage")
def delete_table(table_id: int):
    return _done(lambda: floor.delete_table(table_id), _("Table deleted."))


@bp.route("/kitchen", endpoint="kitchen")
@public
def kitchen_page():
    """The kitchen display: a screen of its own in the kitchen or at the bar, signed in by
    PIN like the till (``static/kitchen.js``). The page is open and carries no data:
    the tickets come from the API, which asks for ``restaurant.kitchen``."""
    station = request.args.get("station")
    return render_template(
        "restaurant/kitchen.html",
        station=station if station in ("kitchen", "bar") else "",
        strings=kitchen_strings(),
    )


def _period() -> tuple[dict[str, dt.date], dt.datetime, dt.datetime, str | None, str]:
    """The ``from`` and ``to`` days asked (today unless said otherwise), as whole days of
    the store's time zone: ``(days, start, end, error, timezone)``."""
    store = current_store()
    timezone = store.values.get("timezone") or "UTC"
    zone = zoneinfo.ZoneInfo(timezone)
    today = dt.datetime.now(zone).date()
    days, error = {}, None
    for name in ("from", "to"):
        text = (request.args.get(name) or "").strip()
        try:
            days[name] = dt.date.fromisoformat(text) if text else today
        except ValueError:
            days[name], error = today, _("Not a date: %(text)s", text=text[:40])
    start = dt.datetime.combine(days["from"], dt.time(), zone)
    end = dt.datetime.combine(days["to"] + dt.timedelta(days=1), dt.time(), zone)
    return days, start, end, error, timezone


@bp.route("/report", endpoint="report")
@require("admin.access")
@require("restaurant.reports")
def report_page():
    """The restaurant's figures over whole days of the store's time zone (today unless
    the ``from`` and ``to`` days say otherwise)."""
    days, start, end, error, _zone = _period()
    return render_template(
        "restaurant/report.html",
        summary=reports.summary(start, end),
        days=days,
        error=error,
        currency=current_store().currency,
    )


@bp.route("/tips", endpoint="tips")
@require("admin.access")
@require("restaurant.tips.view")
def tips_page():
    """Tips per employee and day over whole days of the store's time zone: what each
    is owed, in cash (from the drawer) and by card."""
    days, start, end, error, timezone = _period()
    return render_template(
        "restaurant/tips.html",
        tips=tip_report.per_employee_day(start, end, timezone),
        days=days,
        error=error,
        currency=current_store().currency,
    )


@bp.route("/modifiers", endpoint="modifiers")
@require("admin.access")
@require("restaurant.manage")
def modifiers_page():
    return render_template(
        "restaurant/modifiers.html",
        modifiers=modifier_services.all_modifiers(),
        currency=current_store().currency,
    )


@bp.route("/modifiers", methods=["POST"])
@require("admin.access")
@require("restaurant.manage")
def add_modifier():
    def add():
        values = {"name": (request.form.get("name") or "").strip()}
        values["price"] = money_from_text(
            request.form.get("price") or "0", current_store().currency, minimum=0
        )
        modifier_services.add_modifier(ModifierSchema().load(values))

    return _done(add, _("Modifier added."), "restaurant.modifiers")


@bp.route("/modifiers/<int:modifier_id>/active", methods=["POST"])
@require("admin.access")
@require("restaurant.manage")
def switch_modifier(modifier_id: int):
    active = request.form.get("active") == "1"
    return _done(
        lambda: modifier_services.update_modifier(
            modifier_id, ModifierChangeSchema().load({"active": active})
        ),
        _("Modifier saved."),
        "restaurant.modifiers",
    )
