"""What cash sessions and cash movements write to the journal, and how ``journal verify``
rebuilds it from the stored records.

References and payloads hold business identifiers only: the register's code, the
session's opening time, the movement's time, user names and integer amounts. A copy of
the data with other database ids (a restore, a merge) still verifies.

References: ``<register code>/S<opened at>`` for a session (``session_open`` and
``session_close``), ``<register code>/M<created at>`` for a cash movement, times in UTC as
``20240501T083000.123456Z``. Times are taken under the register's lock, so they are unique
per register.
"""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa

from ..db import db
from ..plugins.info import JournalKind
from .models import CashMovement, CashSession, Register
from .reports import FIGURE_KEYS, iso, session_figures, session_report, user_names

STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"
MOVEMENT_KINDS = {"in": "cash_in", "out": "cash_out"}


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime(STAMP_FORMAT)


def session_reference(register: Register, session: CashSession) -> str:
    return f"{register.code}/S{stamp(session.opened_at)}"


def movement_reference(register: Register, movement: CashMovement) -> str:
    return f"{register.code}/M{stamp(movement.created_at)}"


def _parse(reference: str, letter: str) -> tuple[str, dt.datetime] | None:
    code, _, rest = reference.rpartition("/")
    if not code or not rest.startswith(letter):
        return None
    try:
        moment = dt.datetime.strptime(rest[1:], STAMP_FORMAT).replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return code, moment


def _username(user_id: int | None) -> str | None:
    return user_names(user_id)[0]


def session_open_payload(register: Register, session: CashSession) -> dict[str, t.Any]:
    return {
        "register": register.code,
        "opened_at": iso(session.opened_at),
        "opening_float": session.opening_float,
        "user": _username(session.opened_by),
    }


def movement_payload(
    register: Register, session: CashSession, movement: CashMovement
) -> dict[str, t.Any]:
    return {
        "register": register.code,
        "session": session_reference(register, session),
        "at": iso(movement.created_at),
        "kind": movement.kind,
        "amount": movement.amount,
        "reason": movement.reason,
        "user": _username(movement.user_id),
    }


def session_close_payload(
    register: Register, session: CashSession, figures: dict[str, t.Any]
) -> dict[str, t.Any]:
    """The Z report's figures as closed: what was counted and what should have been."""
    counted = session.counted_cash
    expected = session.expected_cash
    payload = {
        "v": 2,
        "status": session.status,
        "register": register.code,
        "opened_at": iso(session.opened_at),
        "closed_at": iso(session.closed_at),
        "user": _username(session.closed_by),
        **{key: figures[key] for key in FIGURE_KEYS},
        "counted_cash": counted,
        "over_short": None if counted is None or expected is None else counted - expected,
    }
    # Only when there was one: the closings written before approvals keep their content.
    if session.close_approved_by is not None:
        payload["approved_by"] = _username(session.close_approved_by)
    return payload


def _find_session(reference: str) -> tuple[Register, CashSession] | None:
    parsed = _parse(reference, "S")
    if parsed is None:
        return None
    code, opened_at = parsed
    row = db.session.execute(
        sa.select(Register, CashSession)
        .join(CashSession, CashSession.register_id == Register.id)
        .where(Register.code == code, CashSession.opened_at == opened_at)
    ).first()
    return (row[0], row[1]) if row is not None else None


def rebuild_session_open(reference: str) -> dict[str, t.Any] | None:
    found = _find_session(reference)
    return session_open_payload(*found) if found is not None else None


def rebuild_session_close(reference: str) -> dict[str, t.Any] | None:
    """From today's records: the figures recomputed from the session's sales, refunds and
    movements, the counted cash as stored; and the stored Z report must agree with them."""
    found = _find_session(reference)
    if found is None:
        return None
    register, session = found
    figures = session_figures(session)
    payload = session_close_payload(register, session, figures)
    stored = session.z_report or {}
    printed = session_report(session, register, "Z", figures)
    altered = sorted(
        key
        for key in (*FIGURE_KEYS, *Z_REPORT_KEYS)
        if key not in ("register", "journal") and stored.get(key) != printed[key]
    )
    if (stored.get("register") or {}).get("code") != register.code:
        altered.append("register")
    if altered:
        # Not in any journaled payload: makes the comparison fail and names the keys.
        payload["stored_z_report"] = "differs in " + ", ".join(altered)
    return payload


#: What the stored Z report must still say besides its figures, as the session's
#: columns say it today. Names may change (a user's full name, the register's name) and
#: ``journal`` is checked against the chain itself by ``verify``.
Z_REPORT_KEYS: tuple[str, ...] = (
    "kind",
    "status",
    "opened_at",
    "opened_by",
    "closed_at",
    "closed_by",
    "generated_at",
    "counted_cash",
    "over_short",
)


def rebuild_movement(reference: str) -> dict[str, t.Any] | None:
    """``cash_in`` and ``cash_out`` (the payload names the movement's kind)."""
    parsed = _parse(reference, "M")
    if parsed is None:
        return None
    code, created_at = parsed
    row = db.session.execute(
        sa.select(Register, CashSession, CashMovement)
        .join(CashSession, CashSession.register_id == Register.id)
        .join(CashMovement, CashMovement.cash_session_id == CashSession.id)
        .where(Register.code == code, CashMovement.created_at == created_at)
    ).first()
    if row is None:
        return None
    return movement_payload(row[0], row[1], row[2])


#: Declared by :mod:`core.registers.hooks`.
JOURNAL_KINDS = (
    JournalKind("session_open", rebuild_session_open),
    JournalKind("session_close", rebuild_session_close),
    JournalKind("cash_in", rebuild_movement),
    JournalKind("cash_out", rebuild_movement),
)
