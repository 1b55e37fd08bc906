"""The ``pos_stock_low`` after-commit event: a move took a product at or below its
low-stock level (``Product.reorder_level``).

Emitted once per crossing (the level was above before the move, at or below after), not
on every sale while it stays low, so a receiver is told when to reorder, not flooded.
Nothing is read when no enabled plugin implements the hook: the sale path pays for it
only when someone listens.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

import sqlalchemy as sa

from ..catalog.models import Product
from ..db import db
from ..fields import decimal_text
from ..plugins import outbox
from ..plugins.context import current_runtime
from .models import StockLevel

HOOK = "pos_stock_low"


def listened() -> bool:
    return bool(current_runtime().hooks.implemented_by(HOOK))


def emit_crossings(deltas: t.Mapping[int, Decimal], location_id: int) -> None:
    """After ``deltas`` were applied at ``location_id`` (in the same transaction), emit
    the event for each product they took from above its low-stock level to at or below."""
    taken = [product_id for product_id, delta in deltas.items() if delta < 0]
    if not taken or not listened():
        return
    rows = db.session.execute(
        sa.select(StockLevel.product_id, StockLevel.quantity, Product.reorder_level)
        .join(Product, Product.id == StockLevel.product_id)
        .where(
            StockLevel.location_id == location_id,
            StockLevel.product_id.in_(taken),
            Product.reorder_level.is_not(None),
        )
    ).all()
    for product_id, quantity, level in rows:
        after, level = Decimal(quantity), Decimal(level)
        before = after - Decimal(deltas[product_id])
        if after <= level < before:
            outbox.emit(
                HOOK,
                {
                    "product_id": product_id,
                    "location_id": location_id,
                    "quantity": decimal_text(after),
                    "level": decimal_text(level),
                },
            )
