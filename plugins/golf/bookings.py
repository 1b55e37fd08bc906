"""Booking tee times, cancelling, no-shows. Services: they never commit.

The last place of a tee time is decided by the database, not by a read: the slot row is
created with ``INSERT ... ON CONFLICT DO NOTHING`` and its ``players`` counter only moves
through ``UPDATE ... SET players = players + n WHERE players + n <= 4``. On PostgreSQL
the second of two racing clients waits for the first's row lock and then finds the
guard false; on SQLite writers queue on the write lock.
"""

from __future__ import annotations

import datetime as dt
import typing as t
import zoneinfo

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import (
    Conflict,
    Invalid,
    NotFound,
    begin_write,
    current_store,
    db,
    get_settings,
    insert_ignore,
    utcnow,
)
from plugins.crm.public import get_customer

from .models import MAX_PLAYERS, Booking, Player, Slot
from .teesheet import block_at, blocks_of, get_course, tee_times, tees

FREE_PLACES = sa.text(
    "UPDATE golf_slot SET players = players - :n WHERE id = :slot AND players >= :n"
)


def block_name(kind: str) -> str:
    names = {
        "maintenance": _("Maintenance"),
        "tournament": _("Tournament"),
        "shotgun": _("Shotgun start"),
    }
    return names.get(kind, kind)


def get_booking(booking_id: int) -> Booking:
    booking = db.session.get(Booking, booking_id) if 0 < booking_id < 2**31 else None
    if booking is None:
        raise NotFound(_("no booking %(id)s", id=booking_id), code="unknown_booking")
    return booking


def store_today() -> dt.date:
    """Today where the shop is (its time zone), not on the server's clock."""
    return utcnow().astimezone(zoneinfo.ZoneInfo(current_store().timezone)).date()


def _check_day(day: dt.date) -> None:
    today = store_today()
    if day < today:
        raise Invalid(_("this day has passed"), field="day")
    ahead = get_settings("golf")["days_bookable_ahead"]
    if ahead and (day - today).days > ahead:
        raise Invalid(_("bookings open %(days)s days ahead", days=ahead), field="day")


def _check_players(players: list[dict[str, t.Any]]) -> None:
    if not 1 <= len(players) <= MAX_PLAYERS:
        raise Invalid(
            _("a tee time takes 1 to %(most)s players", most=MAX_PLAYERS), field="players"
        )
    for index, player in enumerate(players):
        customer_id = player.get("customer_id")
        if customer_id is None:
            continue
        customer = get_customer(customer_id)
        if customer is None or customer.erased:
            raise Invalid(
                _("no customer %(id)s", id=customer_id), field=f"players.{index}.customer_id"
            )


def book(
    course_id: int,
    day: dt.date,
    tee_time: dt.time,
    players: list[dict[str, t.Any]],
    source: str = "api",
    contact: str = "",
    tee: int = 1,
) -> Booking:
    """Book ``players`` (``{"name", "customer_id"}``, a member when ``customer_id`` is
    a crm customer) at ``tee_time`` from ``tee`` (10 on a course with 10th-tee starts);
    a :class:`Conflict` when the tee time is blocked or has fewer places left."""
    course = get_course(course_id)
    _check_day(day)
    if tee not in tees(course):
        raise Invalid(_("this course sends groups off the 1st tee only"), field="tee")
    if tee_time not in tee_times(course):
        raise Invalid(
            _("%(time)s is not a tee time of this course", time=tee_time.strftime("%H:%M")),
            field="tee_time",
        )
    _check_players(players)
    block = block_at(blocks_of(course, day), tee_time)
    if block is not None:
        raise Conflict(
            _("this tee time is closed: %(reason)s", reason=block.note or block_name(block.kind)),
            code="tee_time_blocked",
        )
    begin_write()
    where = {"course_id": course.id, "day": day, "tee_time": tee_time, "tee": tee}
    insert_ignore(Slot, {**where, "players": 0}, ["course_id", "day", "tee_time", "tee"])
    wanted = len(players)
    slot_id = db.session.execute(
        sa.update(Slot)
        .where(
            Slot.course_id == course.id,
            Slot.day == day,
            Slot.tee_time == tee_time,
            Slot.tee == tee,
            Slot.players + wanted <= MAX_PLAYERS,
        )
        .values(players=Slot.players + wanted)
        .returning(Slot.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if slot_id is None:
        raise Conflict(
            _("not enough places left at %(time)s", time=tee_time.strftime("%H:%M")),
            code="tee_time_full",
        )
    booking = Booking(slot_id=slot_id, source=source, contact=contact)
    booking.players = [
        Player(position=i + 1, name=p["name"], customer_id=p.get("customer_id"))
        for i, p in enumerate(players)
    ]
    db.session.add(booking)
    db.session.flush()
    return booking


def status_sentence(booking: Booking) -> str:
    """Why a booking can no longer change, in the shop's words."""
    if booking.status == "checked_in":
        return _("booking %(id)s is checked in", id=booking.id)
    if booking.status == "no_show":
        return _("booking %(id)s is a no-show", id=booking.id)
    return _("booking %(id)s was cancelled", id=booking.id)


def _change_status(booking: Booking, status: str) -> Booking:
    if booking.status != "booked":
        raise Conflict(status_sentence(booking), code="booking_" + booking.status)
    begin_write()
    booking.status = status
    return booking


def cancel(booking: Booking) -> Booking:
    """Cancel a booking: its places are free again."""
    _change_status(booking, "cancelled")
    db.session.execute(FREE_PLACES, {"n": len(booking.players), "slot": booking.slot_id})
    return booking


def no_show(booking: Booking) -> Booking:
    """The players did not come: the places stay taken (their time has passed) and the
    reports count the booking apart."""
    return _change_status(booking, "no_show")


def day_bookings(course_id: int, day: dt.date, statuses: t.Iterable[str]) -> list[Booking]:
    """The bookings of a course's day in one of ``statuses``, by tee time."""
    return list(
        db.session.scalars(
            sa.select(Booking)
            .join(Slot)
            .where(Slot.course_id == course_id, Slot.day == day, Booking.status.in_(list(statuses)))
            .order_by(Slot.tee_time, Slot.tee, Booking.id)
        )
    )
