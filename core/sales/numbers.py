"""What a sale takes from its register: the open cash session, the receipt number and a
slot on the journal chain, in one statement while the write lock is held.

A till may give its own receipt number (the register owns its sequence, so it can keep
numbering while offline); the server only checks continuity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from ..db import db
from ..errors import Conflict
from ..journal.services import ChainSlot, note_register_counters
from ..registers.models import CashSession, Register
from ..registers.services import require_open_session
from ..stock.models import Location


def _reserve_statement(*, own_number: bool) -> sa.Update:
    register = Register.__table__
    session = CashSession.__table__
    location = Location.__table__
    still_open = (
        sa.select(session.c.id)
        .where(
            session.c.id == sa.bindparam("cash_session"),
            session.c.register_id == sa.bindparam("register"),
            session.c.status == "open",
        )
        .exists()
    )
    statement = (
        sa.update(register)
        .where(register.c.id == sa.bindparam("register"), register.c.active, still_open)
        .values(
            last_receipt_number=register.c.last_receipt_number + 1,
            journal_sequence=register.c.journal_sequence + 1,
        )
        .returning(
            register.c.last_receipt_number,
            register.c.journal_sequence,
            register.c.journal_head,
            register.c.code,
            # What the sale's journal entry names, read here rather than by two more
            # statements: the location's code and when the session opened.
            sa.select(location.c.code)
            .where(location.c.id == sa.bindparam("location", type_=sa.Integer))
            .scalar_subquery(),
            sa.select(session.c.opened_at)
            .where(session.c.id == sa.bindparam("cash_session"))
            .scalar_subquery(),
        )
    )
    if own_number:
        statement = statement.where(
            register.c.last_receipt_number == sa.bindparam("number", type_=sa.Integer) - 1
        )
    return statement


# Built once: they run on every sale under the write lock, where building a statement
# would cost more than executing it.
_RESERVE = _reserve_statement(own_number=False)
_RESERVE_NUMBER = _reserve_statement(own_number=True)


@dataclass(frozen=True)
class SaleSlot:
    """What completing a sale takes from its register in one statement."""

    cash_session_id: int
    number: int
    chain: ChainSlot
    #: The code of the sale's location (``None`` if not asked for), and when the cash
    #: session opened: what the sale's journal entry names them by.
    location_code: str | None
    session_opened_at: dt.datetime


def _known_sessions() -> dict[int, int]:
    from flask import current_app

    return current_app.comptoir_host.extensions.setdefault("comptoir.open_sessions", {})


def open_session_id(register_id: int) -> int:
    """The register's open cash session, as last seen by this process, else read: the
    statement under the write lock confirms it is still open, and a stale one is read
    again there (:func:`reserve`), so the common case costs no query.

    :raise Conflict: ``register_closed``; 404 for an unknown register.
    """
    known = _known_sessions()
    if register_id not in known:
        known[register_id] = require_open_session(register_id, lock=False).id
    return known[register_id]


def reserve(
    register_id: int,
    cash_session_id: int,
    number: int | None = None,
    location_id: int | None = None,
) -> SaleSlot:
    """In one ``UPDATE register ... RETURNING``, under the write lock: confirm that the
    session read before is still open, take the next receipt number (or ``number``, the
    till's own, if it follows the last one) and a slot on the journal chain. On
    PostgreSQL the update row-locks the register until commit, so it cannot be closed
    under the sale; on SQLite the write transaction excludes every other writer. The
    same statement reads the code of ``location_id`` (the sale's location) and when the
    session opened, which the sale's journal entry names.

    :raise Conflict: ``register_closed``, or ``number_out_of_sequence``.
    """
    statement = _RESERVE if number is None else _RESERVE_NUMBER
    params = {
        "register": register_id,
        "cash_session": cash_session_id,
        "number": number,
        "location": location_id,
    }
    row = db.session.connection().execute(statement, params).one_or_none()
    if row is None:
        # The rare path: the session this process knew was closed (retry once with the
        # open one), else say why: closed, deactivated, or a number out of sequence.
        _known_sessions().pop(register_id, None)
        current = require_open_session(register_id, lock=False).id
        if current != cash_session_id:
            _known_sessions()[register_id] = current
            return reserve(register_id, current, number, location_id)
        if number is not None:
            claim_receipt_number(register_id, number)
        raise RuntimeError(f"register {register_id} refused a sale for no known reason")
    taken, sequence, head, code, location_code, opened_at = row
    note_register_counters(register_id, last_receipt_number=taken, journal_sequence=sequence)
    return SaleSlot(
        cash_session_id, taken, ChainSlot(sequence, head, code), location_code, opened_at
    )


def claim_receipt_number(register_id: int, number: int) -> int:
    """Take ``number`` as the register's next receipt number, inside the caller's
    transaction, or refuse with a 409 that says which number is expected."""
    claimed = db.session.execute(
        sa.update(Register)
        .where(Register.id == register_id, Register.last_receipt_number == number - 1)
        .values(last_receipt_number=number)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        expected = db.session.scalar(
            sa.select(Register.last_receipt_number).where(Register.id == register_id)
        )
        raise Conflict(
            _(
                "receipt number %(number)s is out of sequence; expected %(expected)s",
                number=number,
                expected=expected + 1,
            ),
            code="number_out_of_sequence",
            fields={"number": [_("expected %(expected)s", expected=expected + 1)]},
        )
    note_register_counters(register_id, last_receipt_number=number)
    return number
