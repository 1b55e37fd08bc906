"""Reading and changing the enabled set in the database."""

from __future__ import annotations

import sqlalchemy as sa

from ..db import db, utcnow
from .models import PluginGeneration, PluginState


def bump_generation() -> None:
    """Tell every worker to rebuild its runtime; call inside the changing transaction."""
    result = db.session.execute(
        sa.update(PluginGeneration)
        .where(PluginGeneration.id == 1)
        .values(generation=PluginGeneration.generation + 1)
    )
    if result.rowcount == 0:
        db.session.add(PluginGeneration(id=1, generation=1))


def enabled_names() -> set[str]:
    return set(db.session.scalars(sa.select(PluginState.name).where(PluginState.enabled)))


def set_enabled(names: set[str], enabled: bool) -> None:
    for name in sorted(names):
        row = db.session.get(PluginState, name)
        if row is None:
            row = PluginState(name=name)
            db.session.add(row)
        row.enabled = enabled
        row.changed_at = utcnow()
    bump_generation()
