"""Modifiers a line may carry: free (no onions) or priced (extra cheese)."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from core.plugins import Conflict, NotFound, db, write_transaction

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


def update_modifier(modifier_id: int, values: dict[str, t.Any]) -> Modifier:
    """Rename, reprice or switch a modifier off. Orders keep the name and price their
    lines were given."""
    modifier = db.session.get(Modifier, modifier_id)
    if modifier is None:
        raise NotFound(_("no modifier %(id)s", id=modifier_id))
    write_transaction()
    for key, value in values.items():
        setattr(modifier, key, value)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            _("there is a modifier named %(name)s already", name=values.get("name", "")),
            code="duplicate",
        ) from None
    return modifier
