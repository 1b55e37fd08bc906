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


def reorder_level_of(product_id: t.Any) -> t.Any:
    """The reorder level of ``product_id`` (a column) as a scalar subquery: the stock
    UPDATE of a sale returns it with the new quantities."""
    return (
        sa.select(Product.reorder_level)
        .where(Product.id == product_id)
        .scalar_subquery()
        .label("reorder_level")
    )


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
    emit_crossings_of(rows, deltas, location_id)


def emit_crossings_of(
    rows: t.Iterable[tuple[int, t.Any, t.Any]], deltas: t.Mapping[int, Decimal], location_id: int
) -> None:
    """:func:`emit_crossings` from ``(product id, quantity after, reorder level)`` rows
    already read (the stock UPDATE's RETURNING)."""
    for product_id, quantity, level in rows:
        if level is None or deltas.get(product_id, 0) >= 0:
            continue
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
