"""Creating and changing registers (the back office and ``/api/v1/registers``).

A register's code is part of every journal entry it writes (references such as
``R1/S20260501T083000.000000Z``, payloads naming the register), so once the register has
been used (a cash session opened, a receipt numbered, a journal entry written) its code
is fixed: changing it would break ``comptoir journal verify``. Its name, location and
whether it is active can change at any time.
"""

from __future__ import annotations

import re
import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from ..db import db
from ..errors import Conflict, Invalid, NotFound
from ..stock.models import Location
from .models import CashSession, Register
from .services import get_register

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
EDITABLE = ("code", "name", "location_id", "active")


def default_location_id() -> int:
    """The shop's default stock location (where a new register sells from)."""
    location_id = db.session.scalar(sa.select(Location.id).where(Location.is_default))
    if location_id is None:
        location_id = db.session.scalar(sa.select(Location.id).order_by(Location.id).limit(1))
    if location_id is None:
        raise Conflict(_("the shop has no stock location"), code="no_location")
    return location_id


def list_locations() -> list[Location]:
    return list(db.session.scalars(sa.select(Location).order_by(Location.code)))


def is_used(register: Register) -> bool:
    """Whether the register's code appears in the journal or on a receipt already."""
    if register.last_receipt_number or register.journal_sequence:
        return True
    return (
        db.session.scalar(
            sa.select(CashSession.id).where(CashSession.register_id == register.id).limit(1)
        )
        is not None
    )


def _check_code(code: str, register_id: int | None) -> str:
    code = code.strip()
    if not CODE_PATTERN.match(code):
        raise Invalid(
            "a register code is 1 to 32 letters, digits, - or _",
            code="bad_register_code",
            fields={"code": ["1 to 32 letters, digits, - or _"]},
        )
    clash = db.session.scalar(
        sa.select(Register.id).where(sa.func.lower(Register.code) == code.lower())
    )
    if clash is not None and clash != register_id:
        raise Conflict(
            f"a register with the code {code} exists already",
            code="duplicate",
            fields={"code": ["already used by another register"]},
        )
    return code


def _check_name(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= 120:
        raise Invalid(
            "a register's name is 1 to 120 characters",
            fields={"name": ["1 to 120 characters"]},
        )
    return name


def _check_location(location_id: int | None) -> int:
    """The location of a register; ``None`` (as on creation) is the shop's default."""
    if location_id is None:
        return default_location_id()
    if db.session.get(Location, location_id) is None:
        raise Invalid(
            f"no stock location {location_id}",
            code="unknown_location",
            fields={"location_id": ["unknown location"]},
        )
    return location_id


def create_register(
    code: str, name: str, location_id: int | None = None, active: bool = True
) -> Register:
    """A new register, selling from ``location_id`` (the default location if ``None``).

    :raise Invalid: a bad code or name, an unknown location.
    :raise Conflict: ``duplicate`` when another register has that code (case ignored).
    """
    register = Register(
        code=_check_code(code, None),
        name=_check_name(name),
        location_id=_check_location(
            location_id if location_id is not None else default_location_id()
        ),
        active=bool(active),
    )
    db.session.add(register)
    db.session.flush()
    return register


def update_register(register_id: int, changes: dict[str, t.Any]) -> Register:
    """Change some of ``code``, ``name``, ``location_id``, ``active``.

    :raise NotFound: unknown register.
    :raise Conflict: ``code_fixed`` when the code changes on a register already used,
        ``duplicate`` when another register has the new code.
    """
    register = get_register(register_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise Invalid(
            "unknown register fields", fields={name: ["unknown field"] for name in sorted(unknown)}
        )
    if "code" in changes and changes["code"].strip() != register.code:
        if is_used(register):
            raise Conflict(
                f"register {register.code} has been used: its code is part of its journal and "
                "receipts and can no longer change",
                code="code_fixed",
                fields={"code": ["fixed once the register has been used"]},
            )
        register.code = _check_code(changes["code"], register.id)
    if "name" in changes:
        register.name = _check_name(changes["name"])
    if "location_id" in changes:
        register.location_id = _check_location(changes["location_id"])
    if "active" in changes:
        register.active = bool(changes["active"])
    db.session.flush()
    return register


def sessions_of(
    register_id: int, limit: int = 50, offset: int = 0
) -> tuple[list[CashSession], int]:
    """The register's cash sessions, the latest first, and how many there are."""
    if db.session.get(Register, register_id) is None:
        raise NotFound(_("no register %(id)s", id=register_id))
    where = CashSession.register_id == register_id
    total = db.session.scalar(sa.select(sa.func.count(CashSession.id)).where(where)) or 0
    rows = db.session.scalars(
        sa.select(CashSession)
        .where(where)
        .order_by(CashSession.opened_at.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total
