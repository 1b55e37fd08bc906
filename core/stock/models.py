"""Stock locations. The core has one default location; ``multistore`` adds more."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Model


class Location(Model):
    """A place that holds stock: a shop floor, a back room, a warehouse."""

    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    is_default: Mapped[bool] = mapped_column(default=False)
