"""Store prices at the till: a product's price in the store of the register selling it.

A store price is at most the catalog price, and is given as an adjustment (money off)
labelled with the store's name, so receipts and reports show what it took off.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask import g
from flask_babel import gettext as _

from core.plugins import Adjustment, CartLine, db

from .models import StorePrice
from .stores import store_map

PLUGIN = "multistore"


def _store_of_register(register_id: int) -> int | None:
    """The register's store, read once per request (a cart prices many lines)."""
    cache = g.setdefault("multistore_register_store", {})
    if register_id not in cache:
        cache[register_id] = store_map().register_store.get(register_id)
    return cache[register_id]


def store_price(store_id: int, product_id: int) -> int | None:
    return db.session.scalar(
        sa.select(StorePrice.price).where(
            StorePrice.store_id == store_id, StorePrice.product_id == product_id
        )
    )


def store_adjustment(line: CartLine, register_id: int | None) -> Adjustment | None:
    """Money off bringing the line to its store's price, or ``None``."""
    if register_id is None or line.product is None or line.kind != "product":
        return None
    store_id = _store_of_register(register_id)
    if store_id is None:
        return None
    price = store_price(store_id, line.product.id)
    if price is None or price >= line.unit_price:
        return None
    off = (Decimal(line.unit_price - price) * line.quantity).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    if off <= 0:
        return None
    return Adjustment(amount=int(off), label=_("Store price"), source=PLUGIN, line_key=line.key)
