"""The till's catalog download: what changed after a cursor ``(updated_at, id)``, in the
few fields the till keeps, read with plain column queries.

A million products are a first sync of 200 pages of 5,000. ``GET /products`` with the
same cursor pages by 500 at most, loads ORM objects, counts what is left and dumps each
product through its schema; here a page is two index seeks on
``ix_product_updated_at_id``, one query for the page's barcodes, and rows turned into
JSON directly (see docs/performance.md, "A catalog of a million products").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import typing as t

import sqlalchemy as sa

from ..db import db
from ..fields import percent_text
from .models import Barcode, Product, TaxRate

#: The largest page a client may ask for (about 1 MB of JSON).
MAX_SYNC_PAGE = 5000

_COLUMNS = (
    Product.id,
    Product.sku,
    Product.name,
    Product.price,
    Product.tax_rate_id,
    Product.category_id,
    Product.active,
    Product.sold_by,
    Product.updated_at,
)
# Built once: a sync runs them two hundred times in a row.
_SAME_INSTANT = (
    sa.select(*_COLUMNS)
    .where(Product.updated_at == sa.bindparam("at"), Product.id > sa.bindparam("after_id"))
    .order_by(Product.id)
    .limit(sa.bindparam("limit"))
)
_LATER = (
    sa.select(*_COLUMNS)
    .where(Product.updated_at > sa.bindparam("at"))
    .order_by(Product.updated_at, Product.id)
    .limit(sa.bindparam("limit"))
)


def _barcodes_of(page: sa.Select) -> sa.Select:
    """The barcodes of the products of ``page``, chosen by the page's own query again
    (two short index seeks) rather than by a list of 5,000 ids: SQLAlchemy compiles an
    expanding ``IN`` anew for every length, a third of a page's time."""
    ids = page.with_only_columns(Product.id).scalar_subquery()
    return (
        sa.select(Barcode.product_id, Barcode.code)
        .where(Barcode.product_id.in_(ids))
        .order_by(Barcode.id)
    )


_SAME_BARCODES = _barcodes_of(_SAME_INSTANT)
_LATER_BARCODES = _barcodes_of(_LATER)


@contextlib.contextmanager
def _no_collection() -> t.Iterator[None]:
    """The cyclic garbage collector paused: a page's 5,000 rows, dicts and lists, freed by
    their reference counts, set off dozens of collections that walked them again, a third
    of the page's CPU time (measured with and without)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def changed_products(updated_at: dt.datetime, after_id: int, limit: int) -> list[dict[str, t.Any]]:
    """Products changed after the cursor ``(updated_at, after_id)``, inactive ones
    included (the till drops them), oldest change first, at most ``limit``: each with
    ``id, sku, name, price, barcodes, tax_rate, tax_rate_id, category_id, active,
    sold_by, updated_at`` as ``GET /products`` gives them."""
    with _no_collection():
        return _changed_products(updated_at, after_id, limit)


def _changed_products(updated_at: dt.datetime, after_id: int, limit: int) -> list[dict[str, t.Any]]:
    # Core rows, not the session's: the ORM's result processing was a fifth of the time.
    connection = db.session.connection()
    same = {"at": updated_at, "after_id": after_id, "limit": limit}
    rows = connection.execute(_SAME_INSTANT, same).all()
    barcodes = connection.execute(_SAME_BARCODES, same).all() if rows else []
    if len(rows) < limit:
        later = {"at": updated_at, "limit": limit - len(rows)}
        found = connection.execute(_LATER, later).all()
        if found:
            rows += found
            barcodes += connection.execute(_LATER_BARCODES, later).all()
    if not rows:
        return []
    codes: dict[int, list[str]] = {row[0]: [] for row in rows}
    for product_id, code in barcodes:
        codes[product_id].append(code)
    rates = {
        rate_id: percent_text(rate)
        for rate_id, rate in connection.execute(sa.select(TaxRate.id, TaxRate.rate))
    }
    # An import gives thousands of products one instant: each is written out once.
    instants: dict[dt.datetime, str] = {}
    products = []
    for pid, sku, name, price, rate_id, category_id, active, sold_by, changed in rows:
        instant = instants.get(changed)
        if instant is None:
            instant = instants[changed] = changed.isoformat()
        products.append(
            {
                "id": pid,
                "sku": sku,
                "name": name,
                "price": price,
                "barcodes": codes[pid],
                "tax_rate": rates[rate_id],
                "tax_rate_id": rate_id,
                "category_id": category_id,
                "active": active,
                "sold_by": sold_by,
                "updated_at": instant,
            }
        )
    return products
