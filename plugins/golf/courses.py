"""Setting up courses: the tee sheet's shape, blocked times and green-fee rates.
Services: they never commit."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import Conflict, Invalid, db, write_transaction

from .models import Block, Course, Rate, Slot
from .teesheet import get_course


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
