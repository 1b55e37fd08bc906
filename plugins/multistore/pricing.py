"""Store prices: a product's shelf price in one store, higher or lower than the catalog's.

The core asks for them (``pos_shelf_prices``) when it builds a cart of a register, checks
an offline sale and syncs a till's catalog, and prices the line at the store's price as a
real price: no adjustment, so receipts, refunds and reports show what the store charges.
"""

from __future__ import annotations

import typing as t

import sqlalchemy as sa

from core.plugins import SharedCache, db

from .models import StorePrice
from .stores import store_of_register


def store_price(store_id: int, product_id: int) -> int | None:
    return db.session.scalar(
        sa.select(StorePrice.price).where(
            StorePrice.store_id == store_id, StorePrice.product_id == product_id
        )
    )


#: The stores that have prices of their own, in each worker: most sell at the catalog's
#: prices, and their sales need not ask. A new or removed price changes it (a price
#: changed keeps its store in it).
PRICED_STORES = SharedCache(
    "multistore.priced_stores", watch={StorePrice.__tablename__: ("store_id",)}
)


def priced_stores() -> frozenset[int]:
    return t.cast(
        frozenset[int],
        PRICED_STORES.get(
            None, lambda: frozenset(db.session.scalars(sa.select(StorePrice.store_id).distinct()))
        ),
    )


def shelf_prices(register_id: int, product_ids: t.Sequence[int] | None) -> dict[int, int]:
    """The store prices of the register's store (of ``product_ids``, or all)."""
    store_id = store_of_register(register_id)
    if store_id is None or store_id not in priced_stores():
        return {}
    query = sa.select(StorePrice.product_id, StorePrice.price).where(
        StorePrice.store_id == store_id
    )
    if product_ids is not None:
        query = query.where(StorePrice.product_id.in_(product_ids))
    return dict(db.session.execute(query).all())
