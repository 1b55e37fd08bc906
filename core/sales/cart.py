"""The cart: a sale body resolved against the catalog, ready to be priced.

Built the same way for a quote, a completion and a parked sale. Resolution reads the
catalog in one query per kind of key (ids, barcodes), never one per line.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm

from ..catalog.models import Barcode, Product
from ..db import db
from ..errors import Invalid
from ..plugins.context import current_runtime
from ..plugins.errors import Rejected
from ..stores.settings import current_store


@dataclass
class CartLine:
    """One line to sell. ``key`` is the line's position in the request (0-based).
    ``product`` is None for a plugin's line kind (``kind`` names it)."""

    key: int
    product: Product | None
    quantity: Decimal
    unit_price: int
    tax_rate: Decimal
    name: str
    sku: str = ""
    kind: str = "product"
    barcode: str | None = None
    discount_percent: Decimal | None = None
    discount_amount: int | None = None
    data: dict[str, t.Any] = field(default_factory=dict)


@dataclass
class Cart:
    lines: list[CartLine]
    register_id: int | None = None
    customer_id: int | None = None
    coupons: list[str] = field(default_factory=list)
    discount_percent: Decimal | None = None
    discount_amount: int | None = None
    #: What plugins want to remember about the cart (set by hooks, saved on the sale).
    data: dict[str, t.Any] = field(default_factory=dict)


# The scan path: one query per kind of key, without the products' barcode lists or
# categories (pricing needs neither; a plugin that reads one loads it then). Built once:
# building a statement costs more than running it.
_LEAN = (sa.orm.lazyload(Product.barcodes), sa.orm.lazyload(Product.category))
_PRODUCTS_BY_ID = (
    sa.select(Product).where(Product.id.in_(sa.bindparam("ids", expanding=True))).options(*_LEAN)
)
_PRODUCTS_BY_BARCODE = (
    sa.select(Barcode.code, Product)
    .join(Product)
    .where(Barcode.code.in_(sa.bindparam("codes", expanding=True)))
    .options(*_LEAN)
)


def build_cart(body: dict[str, t.Any]) -> Cart:
    """Resolve lines (``product_id`` or ``barcode``) to active products.

    An offline sale (``body["offline"]``) keeps the price and tax rate the till charged,
    and a product deactivated since is still accepted: the goods are gone, the money paid.

    :raises Invalid: naming each bad line (``lines.2.barcode``).
    """
    lines_in = body["lines"]
    ids = {line["product_id"] for line in lines_in if line.get("product_id") is not None}
    codes = {line["barcode"] for line in lines_in if line.get("barcode") is not None}
    by_id: dict[int, Product] = {}
    by_code: dict[str, Product] = {}
    if ids:
        by_id = {p.id: p for p in db.session.scalars(_PRODUCTS_BY_ID, {"ids": list(ids)})}
    if codes:
        rows = db.session.execute(_PRODUCTS_BY_BARCODE, {"codes": list(codes)})
        by_code = {code: product for code, product in rows}
    problems: dict[str, list[str]] = {}
    lines: list[CartLine] = []
    kinds = current_runtime().line_kinds
    store = None
    for index, line in enumerate(lines_in):
        item = line.get("kind_item")
        if item is not None:
            if store is None:
                store = current_store()
            try:
                priced = kinds[item.code].build(item.payload, store)
            except Rejected as exc:
                exc.plugin = getattr(exc, "plugin", None) or item.code
                raise
            lines.append(
                CartLine(
                    key=index,
                    product=None,
                    quantity=line["quantity"],
                    unit_price=priced.unit_price,
                    tax_rate=priced.tax_rate,
                    name=priced.name,
                    sku=priced.sku,
                    kind=item.code,
                    discount_percent=line.get("discount_percent"),
                    discount_amount=line.get("discount_amount"),
                    data=dict(priced.data),
                )
            )
            continue
        if line.get("product_id") is not None:
            product, where = by_id.get(line["product_id"]), f"lines.{index}.product_id"
            missing = f"no product {line['product_id']}"
        else:
            product, where = by_code.get(line["barcode"]), f"lines.{index}.barcode"
            missing = f"unknown barcode {line['barcode']}"
        if product is None:
            problems[where] = [missing]
            continue
        offline = bool(body.get("offline"))
        if not product.active and not offline:
            problems[where] = [f"{product.name} is no longer sold"]
            continue
        quantity = line["quantity"]
        if product.sold_by == "unit" and quantity != quantity.to_integral_value():
            problems[f"lines.{index}.quantity"] = [f"{product.name} is sold by the unit"]
            continue
        lines.append(
            CartLine(
                key=index,
                product=product,
                quantity=quantity,
                unit_price=line["unit_price"] if offline else product.price,
                tax_rate=line["tax_rate"] if offline else product.tax_rate.rate,
                name=product.name,
                sku=product.sku,
                barcode=line.get("barcode"),
                discount_percent=line.get("discount_percent"),
                discount_amount=line.get("discount_amount"),
            )
        )
    if problems:
        raise Invalid("some lines cannot be sold", code="invalid_lines", fields=problems)
    return Cart(
        lines=lines,
        register_id=body.get("register_id"),
        customer_id=body.get("customer_id"),
        coupons=list(body.get("coupons") or []),
        discount_percent=body.get("discount_percent"),
        discount_amount=body.get("discount_amount"),
    )
