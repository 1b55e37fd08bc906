"""Recording and summing tips."""

from __future__ import annotations

import sqlalchemy as sa

from core.auth.models import User
from core.plugins import Invalid, db, get_settings, write_transaction

from .models import Tip


class TipRefused(Invalid):
    """The tip is above the store's maximum."""


def record_tip(user_id: int, amount: int, note: str = "") -> Tip:
    """Record a tip for ``user_id``; the caller commits (an endpoint's declaration does).

    :raises TipRefused: above the ``tips.max_amount`` setting.
    """
    maximum = get_settings("tips")["max_amount"]
    if amount > maximum:
        raise TipRefused(
            f"a tip is at most {maximum} (the tips.max_amount setting)", field="amount"
        )
    write_transaction()
    tip = Tip(user_id=user_id, amount=amount, note=note)
    db.session.add(tip)
    return tip


def totals_by_user() -> list[tuple[str, int, int]]:
    """``(full name, number of tips, total)`` per user who received any, largest first."""
    rows = db.session.execute(
        sa.select(User.full_name, sa.func.count(Tip.id), sa.func.sum(Tip.amount))
        .join(Tip, Tip.user_id == User.id)
        .group_by(User.id, User.full_name)
        .order_by(sa.func.sum(Tip.amount).desc(), User.full_name)
    )
    return [(name, count, total) for name, count, total in rows]
