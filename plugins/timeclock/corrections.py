"""A manager's corrections: an entry or a break given other times, voided, or an entry
added for a forgotten clock-in. Each one is a :class:`.models.Correction` row (before,
after, reason, who) and an entry of the shop's audit log, written in the same transaction
as the change; what the till recorded stays in the ``recorded_*`` columns.
"""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import Invalid, NotFound, audit, current_user, db, utcnow, write_transaction

from .models import Break, Correction, Entry


def _text(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _state(row: Entry | Break) -> dict[str, t.Any]:
    return {
        "started_at": _text(row.started_at),
        "ended_at": _text(row.ended_at),
        "voided": row.voided,
    }


def _check_times(start: dt.datetime, end: dt.datetime | None) -> None:
    if end is not None and end <= start:
        raise Invalid(_("the end must come after the start"), field="ended_at")
    if start > utcnow() or (end is not None and end > utcnow()):
        raise Invalid(_("a correction cannot be in the future"), field="started_at")


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise Invalid(_("say why the times are corrected"), field="reason")
    return reason


def _record(entry: Entry, action: str, before: dict, after: dict, reason: str, pause=None):
    user = current_user()
    correction = Correction(
        entry_id=entry.id,
        break_id=pause.id if pause is not None else None,
        action=action,
        before=before,
        after=after,
        reason=reason,
        user_id=user.id if user else None,
    )
    db.session.add(correction)
    target = f"timeclock_break:{pause.id}" if pause is not None else f"timeclock_entry:{entry.id}"
    changes = {key: [before.get(key), after.get(key)] for key in after}
    changes["reason"] = [None, reason]
    changes["employee"] = [None, entry.user_id]
    audit(f"timeclock.{action}", target, changes)
    db.session.flush()
    return correction


def get_entry(entry_id: int) -> Entry:
    entry = db.session.get(Entry, entry_id)
    if entry is None:
        raise NotFound(_("no time clock entry %(id)s", id=entry_id), code="unknown_entry")
    return entry


def get_break(break_id: int) -> Break:
    pause = db.session.get(Break, break_id)
    if pause is None:
        raise NotFound(_("no break %(id)s", id=break_id), code="unknown_break")
    return pause


def add_entry(user_id: int, start: dt.datetime, end: dt.datetime, reason: str) -> Entry:
    """An entry the employee forgot to clock (closed: both times are given)."""
    reason = _reason(reason)
    _check_times(start, end)
    write_transaction()
    entry = Entry(user_id=user_id, started_at=start, ended_at=end, source="manager")
    db.session.add(entry)
    db.session.flush()
    _record(entry, "add", {}, _state(entry), reason)
    return entry


def edit_entry(
    entry: Entry, start: dt.datetime, end: dt.datetime | None, reason: str
) -> Correction:
    """Give an entry other times. Closing an open entry (an ``end`` for an employee who
    forgot to clock out) clocks them out; a still-running break ends with it."""
    reason = _reason(reason)
    if entry.voided:
        raise Invalid(_("this entry was voided"), code="entry_voided")
    if end is None and entry.ended_at is not None:
        raise Invalid(_("a closed entry keeps an end"), field="ended_at")
    _check_times(start, end)
    write_transaction()
    before = _state(entry)
    entry.started_at, entry.ended_at = start, end
    if end is not None and entry.open_user_id is not None:
        entry.open_user_id = None
        db.session.execute(
            sa.update(Break)
            .where(Break.open_entry_id == entry.id)
            .values(ended_at=end, open_entry_id=None)
        )
    return _record(entry, "edit", before, _state(entry), reason)


def void_entry(entry: Entry, reason: str) -> Correction:
    """The entry counts for nothing (clocked by mistake); it stays, voided."""
    reason = _reason(reason)
    if entry.voided:
        raise Invalid(_("this entry was voided"), code="entry_voided")
    write_transaction()
    before = _state(entry)
    entry.voided = True
    if entry.open_user_id is not None:
        entry.open_user_id = None
        entry.ended_at = entry.ended_at or utcnow()
        db.session.execute(
            sa.update(Break)
            .where(Break.open_entry_id == entry.id)
            .values(ended_at=entry.ended_at, open_entry_id=None)
        )
    return _record(entry, "void", before, _state(entry), reason)


def edit_break(pause: Break, start: dt.datetime, end: dt.datetime, reason: str) -> Correction:
    """Give a break other times, within its entry."""
    reason = _reason(reason)
    _check_times(start, end)
    entry = get_entry(pause.entry_id)
    if start < entry.started_at or (entry.ended_at is not None and end > entry.ended_at):
        raise Invalid(_("a break lies within its entry"), field="started_at")
    write_transaction()
    before = _state(pause)
    pause.started_at, pause.ended_at, pause.open_entry_id = start, end, None
    return _record(entry, "edit", before, _state(pause), reason, pause)


def add_break(entry: Entry, start: dt.datetime, end: dt.datetime, reason: str) -> Break:
    """A break the employee took without clocking it."""
    reason = _reason(reason)
    _check_times(start, end)
    if start < entry.started_at or (entry.ended_at is not None and end > entry.ended_at):
        raise Invalid(_("a break lies within its entry"), field="started_at")
    write_transaction()
    pause = Break(entry_id=entry.id, started_at=start, ended_at=end)
    db.session.add(pause)
    db.session.flush()
    _record(entry, "add", {}, _state(pause), reason, pause)
    return pause


def history(entry: Entry) -> list[Correction]:
    return db.session.scalars(
        sa.select(Correction).where(Correction.entry_id == entry.id).order_by(Correction.id)
    ).all()
