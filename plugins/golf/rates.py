"""Green fees: which rate rule applies to a player at a tee time."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from core.plugins import db

from .models import Rate


def applicable(rate: Rate, member: bool, day: dt.date, tee_time: dt.time) -> bool:
    kinds = ("any", "member") if member else ("any", "guest")
    return (
        rate.player_kind in kinds
        and str(day.isoweekday()) in rate.weekdays
        and rate.start <= tee_time < rate.end
    )


def rate_for(course_id: int, member: bool, day: dt.date, tee_time: dt.time) -> Rate | None:
    """The rule a member (or a guest) pays by at this tee time: the highest priority of
    those that match, then the cheapest; ``None`` when no rule matches."""
    rates = db.session.scalars(sa.select(Rate).where(Rate.course_id == course_id))
    matching = [r for r in rates if applicable(r, member, day, tee_time)]
    if not matching:
        return None
    return min(matching, key=lambda r: (-r.priority, r.price, r.id))
