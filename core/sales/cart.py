"""The cart: a sale body resolved against the catalog, ready to be priced.

Built the same way for a quote, a completion and a parked sale. Resolution reads the
catalog in one query per kind of key (ids, barcodes), never one per line.

A cart's lines come from the body (catalog products, and plugins' line kinds) and, when it
is priced, from plugins on the server (``pos_add_lines``, surcharges): see
:mod:`core.sales.quote`. A line's ``key`` is its position in the cart: the body's lines
first (0, 1, ...), then the lines the server adds.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm
from flask_babel import gettext as _

from ..catalog.gs1 import decode, label_price
from ..catalog.models import Barcode, Product
from ..catalog.records import ProductView, product_view
from ..catalog.search import find_by_label
from ..db import db
from ..errors import Invalid
from ..plugins.context import current_runtime
from ..plugins.errors import Rejected
from ..stores.settings import current_store
from .shelf_prices import shelf_prices


@dataclass
class CartLine:
    """One line to sell, as the hooks see it.

    :param key: the line's place in the cart (0-based): the body's lines keep their
        positions, lines added on the server follow.
    :param kind: ``product`` for a catalog item, else a plugin's kind (``gift_card``,
        ``deposit``, ``surcharge``...).
    :param product: the catalog product (a :class:`core.plugins.ProductView`), or ``None``.
    :param unit_price: minor units; negative for a credit line.
    :param tax_rate: the line's tax percent.
    :param source: the plugin that added the line on the server, else ``None``.
    :param for_line: the key of the line this one was added for.
    :param data: what the line kind or the plugin that added the line keeps on it.

    Example::

        bottled = [line for line in cart.lines if line.product and line.product.sku in BOTTLED]
        bottles = sum(line.quantity for line in bottled)
    """

    key: int
    product: ProductView | None
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
    source: str | None = None
    for_line: int | None = None
    #: Added by the server while pricing (recomputed each time), not sent by the client.
    added_here: bool = field(default=False, repr=False)
    #: A surcharge: priced after every discount, on what the goods came to.
    surcharge: bool = field(default=False, repr=False)
    #: ``False`` for a line of a kind that is no revenue of the shop's (a tip, see
    #: :attr:`core.plugins.LineKind.revenue`): no discount, no promotion, no surcharge on it.
    revenue: bool = field(default=True, repr=False)

    @property
    def is_credit(self) -> bool:
        """A line that gives money back (a negative unit price)."""
        return self.unit_price < 0


@dataclass
class Cart:
    """What is being sold, as the hooks see it.

    :param lines: the :class:`CartLine` values, in key order.
    :param customer_id: the customer a plugin attached, or ``None``.
    :param plugin_data: each plugin's own part of the cart, by plugin name, loaded with
        its :class:`core.plugins.CartData` schema.
    :param offline: the till sold it without the server (prices as the till charged them).

    Example::

        @hookimpl
        def pos_adjust_cart(cart, store):
            codes = cart.plugin_data.get("promotions", {}).get("coupons", [])
            goods = [line for line in cart.lines if line.product is not None]
            ...
    """

    lines: list[CartLine]
    register_id: int | None = None
    customer_id: int | None = None
    discount_percent: Decimal | None = None
    discount_amount: int | None = None
    plugin_data: dict[str, t.Any] = field(default_factory=dict)
    offline: bool = False

    def client_keys(self) -> range:
        """The keys of the lines the client sent."""
        return range(sum(1 for line in self.lines if not line.added_here))


# The scan path: one query per kind of key, without the products' barcode lists or
# categories (pricing needs neither). Built once: building a statement costs more than
# running it.
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


def load_products(ids: t.Iterable[int]) -> dict[int, ProductView]:
    """Products by id, one query (the lines a plugin adds may name catalog items)."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    return {p.id: product_view(p) for p in db.session.scalars(_PRODUCTS_BY_ID, {"ids": wanted})}


def build_cart(body: dict[str, t.Any]) -> Cart:
    """Resolve the body's lines: products (``product_id`` or ``barcode``, active ones) and
    plugins' line kinds (priced by the kind).

    An offline sale (``body["offline"]``) keeps the price and tax rate the till charged
    for every line, and a product deactivated since is still accepted: the goods are gone,
    the money paid. Its lines may include those the till's pricing modules added
    (``{"added": {...}}``), recorded as charged.

    :raises Invalid: naming each bad line (``lines.2.barcode``).
    """
    lines_in = body["lines"]
    offline = bool(body.get("offline"))
    ids = {line["product_id"] for line in lines_in if line.get("product_id") is not None}
    ids |= {
        line["added"]["product_id"]
        for line in lines_in
        if line.get("added") and line["added"].get("product_id") is not None
    }
    codes = {line["barcode"] for line in lines_in if line.get("barcode") is not None}
    by_id: dict[int, ProductView] = {}
    by_code: dict[str, ProductView] = {}
    if ids:
        by_id = load_products(ids)
    if codes:
        rows = db.session.execute(_PRODUCTS_BY_BARCODE, {"codes": list(codes)})
        by_code = {code: product_view(product) for code, product in rows}
    # Scales' labels (a weight or a price in the code): their product, what they sell and,
    # a price label on a product sold by the unit, the price it charges.
    labelled: dict[str, Decimal] = {}
    label_prices: dict[str, int] = {}
    for code in codes - by_code.keys():
        layout = current_store().values["gs1_layout"]
        found = find_by_label(code, layout)
        if found is not None:
            by_code[code], labelled[code] = product_view(found[0]), found[1]
            printed = label_price(decode(code, layout), found[0].sold_by)
            if printed is not None:
                label_prices[code] = printed
    # The register's shop's own prices (several shops): a real price, higher or lower.
    # Offline, the till charged what it had; the offline check knows these prices too.
    shelf = (
        {}
        if offline
        else shelf_prices(
            body.get("register_id"), [p.id for p in (*by_id.values(), *by_code.values())]
        )
    )
    problems: dict[str, list[str]] = {}
    lines: list[CartLine] = []
    runtime = current_runtime()
    store = None
    for index, line in enumerate(lines_in):
        discounts = {
            "discount_percent": line.get("discount_percent"),
            "discount_amount": line.get("discount_amount"),
        }
        item = line.get("kind_item")
        if item is not None:
            kind = runtime.line_kinds[item.code]
            if offline:
                if not kind.works_offline:
                    problems[f"lines.{index}.{item.code}"] = [
                        _("%(kind)s cannot be sold offline", kind=kind.title or item.code)
                    ]
                    continue
                lines.append(
                    CartLine(
                        key=index,
                        product=None,
                        quantity=line["quantity"],
                        unit_price=line["unit_price"],
                        tax_rate=line["tax_rate"],
                        name=line.get("name") or str(kind.title or item.code),
                        kind=item.code,
                        data=dict(item.payload),
                        revenue=bool(kind.revenue),
                        **discounts,
                    )
                )
                continue
            if store is None:
                store = current_store()
            try:
                priced = kind.build(item.payload, store)
            except Rejected as exc:
                exc.plugin = getattr(exc, "plugin", None) or runtime.owners.get(item.code)
                # Where the client can show it: under the line and its payload's field.
                where = f"lines.{index}.{item.code}" + (f".{exc.field}" if exc.field else "")
                exc.fields = {where: [exc.message]}
                exc.field = where
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
                    data=dict(priced.data),
                    revenue=bool(kind.revenue),
                    **discounts,
                )
            )
            continue
        added = line.get("added")
        if added is not None:
            pricing = runtime.till_pricing.get(added["source"])
            if pricing is None or pricing.script is None:
                problems[f"lines.{index}.added.source"] = [
                    _("%(plugin)s prices no lines at the till", plugin=added["source"])
                ]
                continue
            product = by_id.get(added["product_id"]) if added.get("product_id") else None
            lines.append(
                CartLine(
                    key=index,
                    product=product,
                    quantity=line["quantity"],
                    unit_price=added["unit_price"],
                    tax_rate=added["tax_rate"],
                    name=added["name"],
                    sku=added.get("sku") or "",
                    kind=added["kind"],
                    data=dict(added.get("data") or {}),
                    source=added["source"],
                    for_line=added.get("for_line"),
                    surcharge=added.get("surcharge", False),
                )
            )
            continue
        if line.get("product_id") is not None:
            product, where = by_id.get(line["product_id"]), f"lines.{index}.product_id"
            missing = _("no product %(id)s", id=line["product_id"])
        else:
            product, where = by_code.get(line["barcode"]), f"lines.{index}.barcode"
            missing = _("unknown barcode %(barcode)s", barcode=line["barcode"])
        if product is None:
            problems[where] = [missing]
            continue
        if not product.active and not offline:
            problems[where] = [_("%(product)s is no longer sold", product=product.name)]
            continue
        quantity = line["quantity"] * labelled.get(line.get("barcode"), 1)
        if product.sold_by == "unit" and quantity != quantity.to_integral_value():
            problems[f"lines.{index}.quantity"] = [
                _("%(product)s is sold by the unit", product=product.name)
            ]
            continue
        lines.append(
            CartLine(
                key=index,
                product=product,
                quantity=quantity,
                unit_price=line["unit_price"]
                if offline
                else label_prices.get(line.get("barcode"), shelf.get(product.id, product.price)),
                tax_rate=line["tax_rate"] if offline else product.tax_rate,
                name=product.name,
                sku=product.sku,
                barcode=line.get("barcode"),
                **discounts,
            )
        )
    for line in lines:
        if line.is_credit and (
            line.discount_percent is not None or line.discount_amount is not None
        ):
            problems[f"lines.{line.key}.discount_percent"] = [
                _("%(line)s gives money back: it takes no discount", line=line.name)
            ]
        if not line.revenue and (
            line.discount_percent is not None or line.discount_amount is not None
        ):
            problems[f"lines.{line.key}.discount_percent"] = [
                _("%(line)s is not the shop's revenue: it takes no discount", line=line.name)
            ]
        if line.for_line is not None and not 0 <= line.for_line < len(lines_in):
            problems[f"lines.{line.key}.added.for_line"] = [_("not a line of this sale")]
        if line.surcharge and line.quantity != 1:
            problems[f"lines.{line.key}.quantity"] = [_("a surcharge is charged once")]
    charged = [line.surcharge for line in lines]
    if any(charged) and charged != sorted(charged):
        problems["lines"] = [_("surcharges come after every other line")]
    if problems:
        raise Invalid(_("some lines cannot be sold"), code="invalid_lines", fields=problems)
    return Cart(
        lines=lines,
        register_id=body.get("register_id"),
        customer_id=body.get("customer_id"),
        discount_percent=body.get("discount_percent"),
        discount_amount=body.get("discount_amount"),
        plugin_data=dict(body.get("plugin_data") or {}),
        offline=offline,
    )
