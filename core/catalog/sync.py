"""The till's catalog download: what changed after a cursor ``(updated_at, id)``, in the
few fields the till keeps, read with plain column queries.

A million products are a first sync of 200 pages of 5,000. ``GET /products`` with the
same cursor pages by 500 at most, loads ORM objects, counts what is left and dumps each
product through its schema; here a page is two index seeks on
``ix_product_updated_at_id``, one query for the page's barcodes, and rows turned into
JSON directly (see docs/performance.md, "A catalog of a million products").
"""

from __future__ import annotations

import datetime as dt
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
_BARCODES = (
    sa.select(Barcode.product_id, Barcode.code)
    .where(Barcode.product_id.in_(sa.bindparam("ids", expanding=True)))
    .order_by(Barcode.id)
)


def changed_products(updated_at: dt.datetime, after_id: int, limit: int) -> list[dict[str, t.Any]]:
    """Products changed after the cursor ``(updated_at, after_id)``, inactive ones
    included (the till drops them), oldest change first, at most ``limit``: each with
    ``id, sku, name, price, barcodes, tax_rate, tax_rate_id, category_id, active,
    sold_by, updated_at`` as ``GET /products`` gives them."""
    rows = db.session.execute(
        _SAME_INSTANT, {"at": updated_at, "after_id": after_id, "limit": limit}
    ).all()
    if len(rows) < limit:
        rows += db.session.execute(_LATER, {"at": updated_at, "limit": limit - len(rows)}).all()
    if not rows:
        return []
    codes: dict[int, list[str]] = {row.id: [] for row in rows}
    for product_id, code in db.session.execute(_BARCODES, {"ids": list(codes)}):
        codes[product_id].append(code)
    rates = {
        rate_id: percent_text(rate)
        for rate_id, rate in db.session.execute(sa.select(TaxRate.id, TaxRate.rate))
    }
    return [
        {
            "id": row.id,
            "sku": row.sku,
            "name": row.name,
            "price": row.price,
            "barcodes": codes[row.id],
            "tax_rate": rates[row.tax_rate_id],
            "tax_rate_id": row.tax_rate_id,
            "category_id": row.category_id,
            "active": row.active,
            "sold_by": row.sold_by,
            "updated_at": row.updated_at.isoformat(),
        }
        for row in rows
    ]
