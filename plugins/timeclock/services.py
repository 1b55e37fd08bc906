"""Clocking in and out, breaks, and what is open now. Services never commit: the API
endpoint's declaration does (or the page, explicitly).

Races between tills are decided by the database, not by a check in Python: clocking in
inserts a row whose ``open_user_id`` is unique; clocking out, starting and ending a break
are guarded ``UPDATE ... WHERE open_... = :id`` statements, so exactly one of two tills
pressing the same button at once wins and the other gets a 409.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from core.plugins import Conflict, db, utcnow, write_transaction

from .models import Break, Entry


class AlreadyClockedIn(Conflict):
    code = "already_clocked_in"


class NotClockedIn(Conflict):
    code = "not_clocked_in"


class AlreadyOnBreak(Conflict):
    code = "already_on_break"


class NotOnBreak(Conflict):
    code = "not_on_break"


def open_entry(user_id: int) -> Entry | None:
    """The employee's entry that is still open, if they are clocked in."""
    return db.session.scalar(sa.select(Entry).where(Entry.open_user_id == user_id))


def open_break(entry: Entry) -> Break | None:
    return db.session.scalar(sa.select(Break).where(Break.open_entry_id == entry.id))


def status(user_id: int) -> str:
    """``out``, ``in`` or ``break``."""
    entry = open_entry(user_id)
    if entry is None:
        return "out"
    return "break" if open_break(entry) is not None else "in"


def clock_in(user_id: int, at: dt.datetime | None = None) -> Entry:
    """Start an entry for the employee. A second clock-in while clocked in is refused
    (409), whichever till it comes from."""
    at = at or utcnow()
    write_transaction()
    if open_entry(user_id) is not None:
        raise AlreadyClockedIn(_("already clocked in"))
    entry = Entry(
        user_id=user_id,
        started_at=at,
        open_user_id=user_id,
        recorded_start_at=at,
        source="till",
    )
    db.session.add(entry)
    try:
        db.session.flush()
    except IntegrityError:
        # Another till clocked the same employee in between our check and our insert
        # (PostgreSQL; SQLite's write lock orders them): the unique column decided.
        db.session.rollback()
        raise AlreadyClockedIn(_("already clocked in")) from None
    return entry


def clock_out(user_id: int, at: dt.datetime | None = None) -> Entry:
    """Close the employee's open entry (and a break still running in it)."""
    at = at or utcnow()
    write_transaction()
    entry = open_entry(user_id)
    if entry is None:
        raise NotClockedIn(_("not clocked in"))
    db.session.execute(
        sa.update(Break)
        .where(Break.open_entry_id == entry.id)
        .values(ended_at=at, recorded_end_at=at, open_entry_id=None)
    )
    closed = db.session.execute(
        sa.update(Entry)
        .where(Entry.id == entry.id, Entry.open_user_id == user_id)
        .values(ended_at=at, recorded_end_at=at, open_user_id=None)
    )
    if closed.rowcount != 1:
        raise NotClockedIn(_("not clocked in"))
    db.session.refresh(entry)
    return entry


def start_break(user_id: int, at: dt.datetime | None = None) -> Break:
    at = at or utcnow()
    write_transaction()
    entry = open_entry(user_id)
    if entry is None:
        raise NotClockedIn(_("not clocked in"))
    if open_break(entry) is not None:
        raise AlreadyOnBreak(_("already on a break"))
    pause = Break(entry_id=entry.id, started_at=at, open_entry_id=entry.id, recorded_start_at=at)
    db.session.add(pause)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AlreadyOnBreak(_("already on a break")) from None
    return pause


def end_break(user_id: int, at: dt.datetime | None = None) -> Break:
    at = at or utcnow()
    write_transaction()
    entry = open_entry(user_id)
    if entry is None:
        raise NotClockedIn(_("not clocked in"))
    pause = open_break(entry)
    ended = db.session.execute(
        sa.update(Break)
        .where(Break.open_entry_id == entry.id)
        .values(ended_at=at, recorded_end_at=at, open_entry_id=None)
    )
    if pause is None or ended.rowcount != 1:
        raise NotOnBreak(_("not on a break"))
    db.session.refresh(pause)
    return pause


def clocked_in() -> list[tuple[Entry, Break | None]]:
    """Who is clocked in now, with their running break if any."""
    entries = db.session.scalars(
        sa.select(Entry).where(Entry.open_user_id.is_not(None)).order_by(Entry.started_at)
    ).all()
    breaks = {
        b.open_entry_id: b
        for b in db.session.scalars(sa.select(Break).where(Break.open_entry_id.is_not(None)))
    }
    return [(entry, breaks.get(entry.id)) for entry in entries]


def entries_between(
    start: dt.datetime, end: dt.datetime, user_id: int | None = None
) -> list[Entry]:
    """Entries (voided ones included, marked) touching ``[start, end)``, oldest first."""
    stmt = sa.select(Entry).where(
        Entry.started_at < end, sa.or_(Entry.ended_at.is_(None), Entry.ended_at > start)
    )
    if user_id is not None:
        stmt = stmt.where(Entry.user_id == user_id)
    return db.session.scalars(stmt.order_by(Entry.started_at, Entry.id)).all()


def breaks_of(entry: Entry) -> list[Break]:
    return db.session.scalars(
        sa.select(Break).where(Break.entry_id == entry.id).order_by(Break.started_at)
    ).all()
