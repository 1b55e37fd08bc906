"""Back-office page: a course's tee sheet for a day, with who tees off next, and the
form that closes tee times (maintenance, a tournament, a shotgun start)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from flask import Blueprint, redirect, render_template, request, url_for
from marshmallow import ValidationError

from core.plugins import DomainError, current_store, db, has_permission, require, utcnow

from . import bookings, courses
from .bookings import store_today
from .models import BLOCK_KINDS
from .schemas import BlockSchema
from .teesheet import sheet

pages = Blueprint("golf", __name__, url_prefix="/golf")

BLOCK_FIELDS = ("day", "start", "end", "kind", "note")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return store_today()


def _sheet_page(wanted: str, day: dt.date, error: str | None = None, form=None, status=200):
    all_courses = courses.list_courses()
    course = next((c for c in all_courses if str(c.id) == wanted), None)
    course = course or (all_courses[0] if all_courses else None)
    lines, by_time, upcoming = [], {}, []
    if course is not None:
        lines = sheet(course, day)
        shown = ("booked", "checked_in", "no_show")
        for booking in bookings.day_bookings(course.id, day, shown):
            by_time.setdefault((booking.slot.tee_time, booking.slot.tee), []).append(booking)
        upcoming = bookings.day_bookings(course.id, day, ("booked", "checked_in"))
        if day == store_today():
            now = utcnow().astimezone(zoneinfo.ZoneInfo(current_store().timezone)).time()
            upcoming = [b for b in upcoming if b.slot.tee_time >= now]
    page = render_template(
        "golf/index.html",
        courses=all_courses,
        course=course,
        day=day,
        lines=lines,
        by_time=by_time,
        upcoming=upcoming[:3],
        can=has_permission,
        block_kinds=BLOCK_KINDS,
        error=error,
        form=form or {},
    )
    return page, status


@pages.route("/")
@require("admin.access")
@require("golf.view")
def index():
    return _sheet_page(request.args.get("course", ""), _day(request.args.get("day", "")))


@pages.route("/sheet")
@require("admin.access")
@require("golf.view")
def sheet_page():
    """The tee sheet at an address of its own, for the menu: ``/golf/`` is a prefix of
    every golf page, so the menu would mark the tee sheet current on the setup pages too."""
    return index()


@pages.route("/<int:course_id>/blocks", methods=["POST"])
@require("admin.access")
@require("golf.manage")
def add_block(course_id: int):
    """Close tee times of the day shown; a refusal is said above the form, nothing kept."""
    form = {name: request.form.get(name, "")[:200] for name in BLOCK_FIELDS}
    try:
        courses.add_block(course_id, BlockSchema().load(form))
    except ValidationError as error:
        db.session.rollback()
        said = "; ".join(f"{field}: {' '.join(map(str, m))}" for field, m in error.messages.items())
        return _sheet_page(str(course_id), _day(form["day"]), said, form, 400)
    except DomainError as error:
        db.session.rollback()
        return _sheet_page(str(course_id), _day(form["day"]), error.message, form, 400)
    db.session.commit()
    return redirect(url_for("golf.index", course=course_id, day=form["day"]))
