"""Back-office page: a course's tee sheet for a day, with who tees off next."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from flask import Blueprint, render_template, request

from core.plugins import current_store, require, utcnow

from . import bookings, courses
from .bookings import store_today
from .teesheet import sheet

pages = Blueprint("golf", __name__, url_prefix="/golf")


def _day() -> dt.date:
    try:
        return dt.date.fromisoformat(request.args.get("day", "")[:10])
    except ValueError:
        return store_today()


@pages.route("/")
@require("admin.access")
@require("golf.view")
def index():
    all_courses = courses.list_courses()
    wanted = request.args.get("course", "")
    course = next((c for c in all_courses if str(c.id) == wanted), None)
    course = course or (all_courses[0] if all_courses else None)
    day = _day()
    lines, by_time, upcoming = [], {}, []
    if course is not None:
        lines = sheet(course, day)
        for booking in bookings.day_bookings(course.id, day, ("booked", "checked_in", "no_show")):
            by_time.setdefault(booking.slot.tee_time, []).append(booking)
        upcoming = bookings.day_bookings(course.id, day, ("booked", "checked_in"))
        if day == store_today():
            now = utcnow().astimezone(zoneinfo.ZoneInfo(current_store().timezone)).time()
            upcoming = [b for b in upcoming if b.slot.tee_time >= now]
    return render_template(
        "golf/index.html",
        courses=all_courses,
        course=course,
        day=day,
        lines=lines,
        by_time=by_time,
        upcoming=upcoming[:3],
    )
