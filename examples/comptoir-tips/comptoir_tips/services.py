"""Recording and summing tips."""

from __future__ import annotations

import sqlalchemy as sa

from core.plugins import Invalid, db, get_settings, get_users, write_transaction

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
        sa.select(Tip.user_id, sa.func.count(Tip.id), sa.func.sum(Tip.amount)).group_by(Tip.user_id)
    ).all()
    # Users are the core's: read through core.plugins, never joined to its tables.
    users = get_users(user_id for user_id, _count, _total in rows)
    totals = [
        (users[user_id].full_name if user_id in users else f"#{user_id}", count, int(total))
        for user_id, count, total in rows
    ]
    return sorted(totals, key=lambda row: (-row[2], row[0]))
