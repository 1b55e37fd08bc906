"""Registers: each till of the shop, with its own receipt sequence."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Model


class Register(Model):
    """A till. Receipt numbers and the journal chain are per register, so registers
    never wait on each other."""

    __tablename__ = "register"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    location_id: Mapped[int] = mapped_column(sa.ForeignKey("location.id"))
    active: Mapped[bool] = mapped_column(default=True)
