"""Setting up courses: the tee sheet's shape, blocked times and green-fee rates.
Services: they never commit."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import Conflict, Invalid, NotFound, db, write_transaction

from .bookings import store_today
from .models import Block, Course, Player, Rate, Slot
from .teesheet import get_course, tee_times, tees


def list_courses() -> list[Course]:
    return list(db.session.scalars(sa.select(Course).order_by(Course.name)))


def create_course(values: dict[str, t.Any]) -> Course:
    if db.session.scalar(sa.select(Course.id).where(Course.name == values["name"])):
        raise Conflict(
            _("a course is already named %(name)s", name=values["name"]), code="course_exists"
        )
    write_transaction()
    course = Course(**values)
    db.session.add(course)
    db.session.flush()
    return course


def add_block(course_id: int, values: dict[str, t.Any]) -> Block:
    """Close tee times to bookings; refused over tee times already booked (the starter
    moves those players first)."""
    course = get_course(course_id)
    booked = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Slot)
        .where(
            Slot.course_id == course.id,
            Slot.day == values["day"],
            Slot.tee_time >= values["start"],
            Slot.tee_time < values["end"],
            Slot.players > 0,
        )
    )
    if booked:
        raise Invalid(
            _("tee times already booked lie in this block: %(count)s", count=booked), field="start"
        )
    write_transaction()
    block = Block(course_id=course.id, **values)
    db.session.add(block)
    db.session.flush()
    return block


def list_rates(course_id: int) -> list[Rate]:
    course = get_course(course_id)
    return list(
        db.session.scalars(
            sa.select(Rate).where(Rate.course_id == course.id).order_by(Rate.priority, Rate.start)
        )
    )


def add_rate(course_id: int, values: dict[str, t.Any]) -> Rate:
    course = get_course(course_id)
    if values["start"] >= values["end"]:
        raise Invalid(_("the rate ends after it starts"), field="end")
    write_transaction()
    rate = Rate(course_id=course.id, **values)
    db.session.add(rate)
    db.session.flush()
    return rate


def _booked_times_left_out(course: Course, values: dict[str, t.Any]) -> int:
    """How many booked tee times (today on) the course's new shape would no longer have:
    the starter would lose those groups."""
    changed = Course(
        first_tee=values["first_tee"],
        last_tee=values["last_tee"],
        interval_minutes=values["interval_minutes"],
        tenth_tee_starts=values["tenth_tee_starts"],
    )
    kept = set(tee_times(changed))
    slots = db.session.execute(
        sa.select(Slot.tee_time, Slot.tee).where(
            Slot.course_id == course.id, Slot.day >= store_today(), Slot.players > 0
        )
    ).all()
    return sum(1 for time, tee in slots if time not in kept or tee not in tees(changed))


def update_course(course: Course, values: dict[str, t.Any]) -> Course:
    """Change a course; refused (409) when another course has the name or when booked
    tee times would fall off the tee sheet."""
    taken = sa.select(Course.id).where(Course.name == values["name"], Course.id != course.id)
    if db.session.scalar(taken):
        raise Conflict(
            _("a course is already named %(name)s", name=values["name"]), code="course_exists"
        )
    lost = _booked_times_left_out(course, values)
    if lost:
        raise Conflict(
            _(
                "%(count)s booked tee times would no longer be on the tee sheet: move those"
                " bookings first",
                count=lost,
            ),
            code="course_times_booked",
        )
    write_transaction()
    for name, value in values.items():
        setattr(course, name, value)
    db.session.flush()
    return course


def delete_course(course: Course) -> None:
    """Delete a course with its rates and blocked times; refused (409) once a tee time of
    it was ever booked (bookings and the sales that charged them name it)."""
    if db.session.scalar(sa.select(Slot.id).where(Slot.course_id == course.id).limit(1)):
        raise Conflict(
            _("%(name)s has bookings: it cannot be deleted", name=course.name),
            code="course_in_use",
        )
    write_transaction()
    db.session.execute(sa.delete(Rate).where(Rate.course_id == course.id))
    db.session.execute(sa.delete(Block).where(Block.course_id == course.id))
    db.session.delete(course)
    db.session.flush()


def get_rate(rate_id: int) -> Rate:
    rate = db.session.get(Rate, rate_id) if 0 < rate_id < 2**31 else None
    if rate is None:
        raise NotFound(_("no green-fee rate %(id)s", id=rate_id), code="unknown_rate")
    return rate


def update_rate(rate: Rate, values: dict[str, t.Any]) -> Rate:
    """Change a rate: green fees already charged keep what they were charged."""
    if values["start"] >= values["end"]:
        raise Invalid(_("the rate ends after it starts"), field="end")
    write_transaction()
    for name, value in values.items():
        setattr(rate, name, value)
    db.session.flush()
    return rate


def delete_rate(rate: Rate) -> None:
    """Delete a rate; refused (409) once a green fee was charged by it."""
    if db.session.scalar(sa.select(Player.id).where(Player.rate_id == rate.id).limit(1)):
        raise Conflict(
            _("green fees were charged by %(name)s: it cannot be deleted", name=rate.name),
            code="rate_in_use",
        )
    write_transaction()
    db.session.delete(rate)
    db.session.flush()
