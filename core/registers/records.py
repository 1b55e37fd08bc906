"""The registers as plugins read them: small frozen values, never the core's model."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..db import db
from .models import Register


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
