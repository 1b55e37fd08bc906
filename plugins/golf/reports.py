"""The golf report of a course over a span of days: rounds played (players checked
in), members against guests, no-shows, tee-sheet utilisation and green-fee revenue per
round. Reads only."""

from __future__ import annotations

import datetime as dt
import typing as t
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import Invalid, db, percent_text

from .models import MAX_PLAYERS, Booking, Player, Slot
from .teesheet import blocks_of, get_course, tee_times, tees

#: A report covers at most a year of tee sheets (each day is walked for its blocks).
MAX_DAYS = 366


def rounds_report(course_id: int, first: dt.date, last: dt.date) -> dict[str, t.Any]:
    course = get_course(course_id)
    if last < first or (last - first).days >= MAX_DAYS:
        raise Invalid(_("a report covers 1 to %(days)s days", days=MAX_DAYS), field="to")
    in_span = sa.and_(Slot.course_id == course.id, Slot.day >= first, Slot.day <= last)
    rows = db.session.execute(
        sa.select(
            Booking.status,
            Player.customer_id.is_not(None),
            Player.sale_id.is_not(None),
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(Player.green_fee), 0),
        )
        .select_from(Player)
        .join(Booking)
        .join(Slot)
        .where(in_span)
        .group_by(Booking.status, Player.customer_id.is_not(None), Player.sale_id.is_not(None))
    ).all()
    played = {True: 0, False: 0}
    revenue = no_shows = booked = 0
    for status, member, paid, count, fees in rows:
        # A player whose green fee was refunded did not play, even in a group that did.
        if status == "checked_in" and paid:
            played[bool(member)] += count
            revenue += int(fees)
        elif status == "no_show":
            no_shows += count
        if status != "cancelled":
            booked += count
    days = (last - first).days + 1
    times = tee_times(course)
    open_places = 0
    for offset in range(days):
        blocks = blocks_of(course, first + dt.timedelta(days=offset))
        open_places += (
            MAX_PLAYERS
            * len(tees(course))
            * sum(1 for time in times if not any(b.start <= time < b.end for b in blocks))
        )
    rounds = played[True] + played[False]
    return {
        "course_id": course.id,
        "from": first,
        "to": last,
        "rounds_played": rounds,
        "member_rounds": played[True],
        "guest_rounds": played[False],
        "no_shows": no_shows,
        "places_booked": booked,
        "places_open": open_places,
        "utilisation_percent": percent_text(
            (Decimal(100 * booked) / open_places).quantize(Decimal("0.1")) if open_places else 0
        ),
        "green_fee_revenue": revenue,
        "revenue_per_round": revenue // rounds if rounds else 0,
    }
