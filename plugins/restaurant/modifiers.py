"""Modifiers a line may carry: free (no onions) or priced (extra cheese)."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from core.plugins import Conflict, db, write_transaction

from .models import Modifier


def all_modifiers() -> list[Modifier]:
    return list(db.session.scalars(sa.select(Modifier).order_by(Modifier.name)))


def add_modifier(values: dict[str, t.Any]) -> Modifier:
    write_transaction()
    modifier = Modifier(**values)
    db.session.add(modifier)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            _("there is a modifier named %(name)s already", name=values["name"]), code="duplicate"
        ) from None
    return modifier
