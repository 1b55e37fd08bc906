"""Records the journal should hold and does not: a sale, refund, void, cash movement or
cash session written straight into the database has no entry, and no chain check would
ever look at it. ``verify`` lists them from the records' side."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

import sqlalchemy as sa

from ..db import db
from ..registers.journal import movement_reference, session_reference
from ..registers.models import CashMovement, CashSession, Register
from ..sales.models import Refund, Sale
from .models import JournalEntry


@dataclass(frozen=True)
class Unjournaled:
    register_code: str
    #: The kind of entry that should exist.
    kind: str
    reference: str
    #: In words: "sale", "refund", "closed cash session"...
    what: str


def _missing(model, kind_column, register_id: int | None) -> sa.Select:
    entry = sa.orm.aliased(JournalEntry)
    select = (
        sa.select(Register.code, kind_column, model.id)
        .join(Register, Register.id == model.register_id)
        .outerjoin(
            entry,
            sa.and_(
                entry.reference == model.id,
                entry.kind == kind_column,
                entry.register_id == model.register_id,
            ),
        )
        .where(entry.id.is_(None))
        .order_by(Register.code, model.number)
    )
    if register_id is not None:
        select = select.where(model.register_id == register_id)
    return select


def unjournaled_records(register_id: int | None = None) -> t.Iterator[Unjournaled]:
    """Every business record of the core that has no journal entry of its kind."""
    for code, kind, reference in db.session.execute(
        _missing(Sale, sa.literal("sale"), register_id)
    ):
        yield Unjournaled(code, kind, reference, "sale")
    for code, kind, reference in db.session.execute(_missing(Refund, Refund.kind, register_id)):
        yield Unjournaled(code, kind, reference, kind)
    yield from _unjournaled_sessions(register_id)


def _references(register_id: int, kinds: tuple[str, ...]) -> set[str]:
    return set(
        db.session.scalars(
            sa.select(JournalEntry.reference).where(
                JournalEntry.register_id == register_id, JournalEntry.kind.in_(kinds)
            )
        )
    )


def _unjournaled_sessions(register_id: int | None) -> t.Iterator[Unjournaled]:
    """Sessions (opening, closing) and cash movements: their references are built from
    their times, so they are matched here rather than in SQL. A few a day per register."""
    registers = sa.select(Register).order_by(Register.code)
    if register_id is not None:
        registers = registers.where(Register.id == register_id)
    for register in db.session.scalars(registers).all():
        opened = _references(register.id, ("session_open",))
        closed = _references(register.id, ("session_close",))
        moved = _references(register.id, ("cash_in", "cash_out"))
        sessions = db.session.scalars(
            sa.select(CashSession)
            .where(CashSession.register_id == register.id)
            .order_by(CashSession.opened_at)
        ).all()
        for session in sessions:
            reference = session_reference(register, session)
            if reference not in opened:
                yield Unjournaled(register.code, "session_open", reference, "cash session")
            if session.status != "open" and reference not in closed:
                yield Unjournaled(register.code, "session_close", reference, "closed cash session")
            for movement in db.session.scalars(
                sa.select(CashMovement)
                .where(CashMovement.cash_session_id == session.id)
                .order_by(CashMovement.created_at)
            ):
                movement_ref = movement_reference(register, movement)
                if movement_ref not in moved:
                    kind = "cash_in" if movement.kind == "in" else "cash_out"
                    yield Unjournaled(register.code, kind, movement_ref, "cash movement")
