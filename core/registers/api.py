"""Registers and cash sessions: open with a float, cash in and out, X and Z reports."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_login import current_user

from ..api.blueprint import ApiBlueprint
from ..db import db
from ..errors import NotFound
from ..plugins.context import register_store
from ..plugins.scope import scoped_registers
from .models import CashSession, Register
from .schemas import (
    CashMovementInSchema,
    CashMovementSchema,
    CashSessionSchema,
    CloseSchema,
    OpenSchema,
    RegisterInSchema,
    RegisterPatchSchema,
    RegisterSchema,
)
from .services import (
    OPEN,
    cash_movement,
    close_session,
    current_session,
    get_register,
    is_id,
    open_session,
    x_report,
)
from .setup import create_register, update_register

api = ApiBlueprint("registers_api", __name__, tag="registers")


def _actor():
    return current_user._get_current_object()


def describe(register: Register, session: CashSession | None) -> dict[str, t.Any]:
    """A register as :class:`RegisterSchema` answers it."""
    return {
        "id": register.id,
        "code": register.code,
        "name": register.name,
        "location_id": register.location_id,
        "active": register.active,
        "is_open": session is not None,
        "last_receipt_number": register.last_receipt_number,
        "session": session,
        "pricing": register_store(register.id),
    }


def open_sessions() -> dict[int, CashSession]:
    """The open cash session of every register that has one, by register id."""
    return {
        s.register_id: s
        for s in db.session.scalars(sa.select(CashSession).where(CashSession.status == OPEN))
    }


def _in_scope(select: sa.Select) -> sa.Select:
    """Only the registers of the user's stores (``pos_access_scope``)."""
    registers = scoped_registers()
    return select if registers is None else select.where(Register.id.in_(registers))


@api.endpoint("/registers", permission="registers.view", response=RegisterSchema, many=True)
def list_registers():
    """Every register, with its open cash session if it has one."""
    registers = db.session.scalars(_in_scope(sa.select(Register)).order_by(Register.code)).all()
    sessions = open_sessions()
    return [describe(register, sessions.get(register.id)) for register in registers]


@api.endpoint(
    "/registers",
    methods=["POST"],
    permission="registers.manage",
    body=RegisterInSchema,
    response=RegisterSchema,
    status=201,
)
def add_register(body):
    """Add a register (a till); 409 ``duplicate`` if the code is taken. It sells from
    ``location_id``, the default stock location unless given."""
    register = create_register(
        body["code"], body["name"], body.get("location_id"), body.get("active", True)
    )
    return describe(register, None)


@api.endpoint(
    "/registers/<int:register_id>",
    methods=["PATCH"],
    permission="registers.manage",
    body=RegisterPatchSchema,
    response=RegisterSchema,
)
def change_register(register_id: int, body):
    """Rename, move or (de)activate a register. Its code may change only until it is
    used: once a session was opened or a receipt numbered it is part of the journal, and a
    change is a 409 ``code_fixed``."""
    register = update_register(register_id, body)
    return describe(register, current_session(register.id))


@api.endpoint(
    "/registers/<int:register_id>/open",
    methods=["POST"],
    permission="registers.open",
    body=OpenSchema,
    response=CashSessionSchema,
    status=201,
)
def open_register(register_id: int, body):
    """Open a cash session with a float; 409 ``register_open`` if one is open."""
    return open_session(register_id, body["opening_float"], _actor())


@api.endpoint(
    "/registers/<int:register_id>/cash",
    methods=["POST"],
    permission="registers.cash_movement",
    body=CashMovementInSchema,
    response=CashMovementSchema,
    status=201,
)
def move_cash(register_id: int, body):
    """Put cash in or take it out of the drawer, with a reason (journaled)."""
    return cash_movement(register_id, body["kind"], body["amount"], body["reason"], _actor())


@api.endpoint("/registers/<int:register_id>/x-report", permission="registers.view", statuses=[409])
def read_x_report(register_id: int):
    """The open session's figures so far (X report); 409 ``register_closed`` if closed."""
    return x_report(register_id)


@api.endpoint(
    "/registers/<int:register_id>/close",
    methods=["POST"],
    permission="registers.close",
    body=CloseSchema,
    approvable="till.use",
)
def close_register(register_id: int, body, approver):
    """Close the session with the counted cash; answers the Z report (also kept on the
    session). 409 ``register_closed`` if the register is not open.

    A cashier without ``registers.close`` gives a manager's ``approval`` (their id and
    PIN): the closing is the cashier's, recorded as approved by the manager.
    """
    return close_session(register_id, body["counted_cash"], _actor(), approver=approver)


@api.endpoint(
    "/cash-sessions/<int:session_id>", permission="registers.view", response=CashSessionSchema
)
def get_cash_session(session_id: int):
    """One cash session, its cash movements and, once closed, its Z report."""
    session = db.session.get(CashSession, session_id) if is_id(session_id) else None
    if session is None:
        raise NotFound(_("no cash session %(id)s", id=session_id))
    get_register(session.register_id)
    return session
