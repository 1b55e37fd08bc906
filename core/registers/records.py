"""The registers as plugins read them: small frozen values, never the core's models.

Registers (``RegisterView``, ``list_registers``), and the cash sessions and movements the
register hooks (``pos_cash_session_opening``, ``pos_cash_movement_completing``,
``pos_cash_session_closing``) receive, so the core may change its tables freely.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from ..db import db
from .models import CashMovement, CashSession, Register


@dataclass(frozen=True, slots=True)
class RegisterView:
    """A register (a till): its code prints on receipt numbers (``R1-000042``), and it
    sells from the stock location ``location_id``.

    Example::

        at_shop = [r.id for r in list_registers() if r.location_id == location.id]
    """

    id: int
    code: str
    name: str
    location_id: int
    active: bool


def list_registers() -> list[RegisterView]:
    """Every register, active or not, by id.

    Example::

        codes = {register.id: register.code for register in list_registers()}
    """
    rows = db.session.scalars(sa.select(Register).order_by(Register.id))
    return [RegisterView(r.id, r.code, r.name, r.location_id, r.active) for r in rows]


@dataclass(frozen=True, slots=True)
class CashSessionView:
    """A register's cash session, from the float to the counted cash. Money in minor
    units: ``expected_cash``, ``counted_cash`` and ``over_short`` (counted less expected,
    negative when cash is missing) are ``None`` until the session is closed.

    Example::

        @hookimpl
        def pos_cash_session_closing(session, store):
            if session.over_short:
                record_difference(session.register_code, session.over_short)
    """

    id: int
    register_id: int
    register_code: str
    status: str
    opening_float: int
    opened_by: int
    opened_at: dt.datetime
    closed_by: int | None
    closed_at: dt.datetime | None
    expected_cash: int | None
    counted_cash: int | None
    over_short: int | None


@dataclass(frozen=True, slots=True)
class CashMovementView:
    """Cash put in (``kind`` ``in``) or taken out (``out``) of an open register's drawer:
    ``amount`` in minor units, always positive, with the cashier's ``reason``.

    Example::

        @hookimpl
        def pos_cash_movement_completing(movement, session, store):
            signed = movement.amount if movement.kind == "in" else -movement.amount
    """

    id: int
    cash_session_id: int
    register_id: int
    kind: str
    amount: int
    reason: str
    user_id: int
    created_at: dt.datetime


def cash_session_view(session: CashSession, register: Register) -> CashSessionView:
    over_short = None
    if session.counted_cash is not None and session.expected_cash is not None:
        over_short = session.counted_cash - session.expected_cash
    return CashSessionView(
        id=session.id,
        register_id=register.id,
        register_code=register.code,
        status=session.status,
        opening_float=session.opening_float,
        opened_by=session.opened_by,
        opened_at=session.opened_at,
        closed_by=session.closed_by,
        closed_at=session.closed_at,
        expected_cash=session.expected_cash,
        counted_cash=session.counted_cash,
        over_short=over_short,
    )


def cash_movement_view(movement: CashMovement, register: Register) -> CashMovementView:
    return CashMovementView(
        id=movement.id,
        cash_session_id=movement.cash_session_id,
        register_id=register.id,
        kind=movement.kind,
        amount=movement.amount,
        reason=movement.reason,
        user_id=movement.user_id,
        created_at=movement.created_at,
    )
