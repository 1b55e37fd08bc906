"""The tee sheet of a course for one day: its tee times, which are blocked, how many
places each has left. Reads only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import NotFound, db

from .models import MAX_PLAYERS, TEES, Block, Course, Slot


@dataclass(frozen=True, slots=True)
class TeeTime:
    """One line of the tee sheet, a tee time from one tee (1 or 10): ``block`` is the
    reason it is closed (``None`` when bookable)."""

    tee_time: dt.time
    taken: int
    block: Block | None
    tee: int = 1

    @property
    def free(self) -> int:
        return 0 if self.block is not None else MAX_PLAYERS - self.taken


def get_course(course_id: int) -> Course:
    course = db.session.get(Course, course_id) if 0 < course_id < 2**31 else None
    if course is None:
        raise NotFound(_("no course %(id)s", id=course_id), code="unknown_course")
    return course


def tee_times(course: Course) -> list[dt.time]:
    """Every tee time of the course's day, from the first to the last."""
    step = dt.timedelta(minutes=course.interval_minutes)
    moment = dt.datetime.combine(dt.date.min, course.first_tee)
    last = dt.datetime.combine(dt.date.min, course.last_tee)
    times = []
    while moment <= last:
        times.append(moment.time())
        moment += step
    return times


def tees(course: Course) -> tuple[int, ...]:
    """The tees groups start from: the 1st, and the 10th with 10th-tee starts."""
    return TEES if course.tenth_tee_starts else (1,)


def blocks_of(course: Course, day: dt.date) -> list[Block]:
    return list(
        db.session.scalars(
            sa.select(Block)
            .where(Block.course_id == course.id, Block.day == day)
            .order_by(Block.start)
        )
    )


def block_at(blocks: list[Block], tee_time: dt.time) -> Block | None:
    return next((b for b in blocks if b.start <= tee_time < b.end), None)


def sheet(course: Course, day: dt.date) -> list[TeeTime]:
    """The course's tee sheet for ``day``: a line per tee time and tee (the 1st, then the
    10th at the same time on a course with 10th-tee starts). A block closes both tees."""
    taken = {
        (time, tee): players
        for time, tee, players in db.session.execute(
            sa.select(Slot.tee_time, Slot.tee, Slot.players).where(
                Slot.course_id == course.id, Slot.day == day
            )
        )
    }
    blocks = blocks_of(course, day)
    return [
        TeeTime(time, taken.get((time, tee), 0), block_at(blocks, time), tee)
        for time in tee_times(course)
        for tee in tees(course)
    ]
