"""Read-only views of the catalog for plugins: products, categories and tax rates as
small frozen values, and the reads that return them.

Plugins see these, never the models, so the core may change its tables freely.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm

from ..db import db
from . import services
from .models import Barcode, Category, Product, TaxRate


@dataclass(frozen=True, slots=True)
class TaxRateView:
    """A tax rate: ``rate`` is a percent (``Decimal("5.5")``).

    Example::

        standard = next(rate for rate in list_tax_rates() if rate.is_default)
    """

    id: int
    name: str
    rate: Decimal
    is_default: bool


@dataclass(frozen=True, slots=True)
class CategoryView:
    """A category of the catalog (``color`` tints the till's quick keys).

    Example::

        names = {category.id: category.name for category in list_categories()}
    """

    id: int
    name: str
    parent_id: int | None
    color: str
    position: int


@dataclass(frozen=True, slots=True)
class ProductView:
    """A product as sold today. ``price`` (and ``cost``) are minor units, tax included or
    not as the store says; ``tax_rate`` is the rate's percent; ``sold_by`` is ``unit`` or
    ``weight``.

    Example::

        product = get_product(7)
        if product is not None and product.category_id in excluded:
            ...
    """

    id: int
    sku: str
    name: str
    price: int
    cost: int | None
    tax_rate: Decimal
    tax_rate_id: int
    category_id: int | None
    sold_by: str
    active: bool


def product_view(product: Product) -> ProductView:
    return ProductView(
        id=product.id,
        sku=product.sku,
        name=product.name,
        price=product.price,
        cost=product.cost,
        tax_rate=product.tax_rate.rate,
        tax_rate_id=product.tax_rate_id,
        category_id=product.category_id,
        sold_by=product.sold_by,
        active=product.active,
    )


def category_view(category: Category) -> CategoryView:
    return CategoryView(
        id=category.id,
        name=category.name,
        parent_id=category.parent_id,
        color=category.color,
        position=category.position,
    )


def tax_rate_view(rate: TaxRate) -> TaxRateView:
    return TaxRateView(id=rate.id, name=rate.name, rate=rate.rate, is_default=rate.is_default)


_LEAN = (sa.orm.lazyload(Product.barcodes), sa.orm.lazyload(Product.category))


def get_product(product_id: int) -> ProductView | None:
    """The product with this id (active or not), or ``None``.

    Example::

        product = get_product(line_data["product_id"])
    """
    product = db.session.get(Product, product_id, options=_LEAN)
    return product_view(product) if product is not None else None


def get_products(product_ids: t.Iterable[int]) -> dict[int, ProductView]:
    """The products with these ids, by id (unknown ids are left out); one query.

    Example::

        products = get_products(line.product_id for line in sale.lines if line.product_id)
    """
    ids = list(set(product_ids))
    if not ids:
        return {}
    rows = db.session.scalars(sa.select(Product).where(Product.id.in_(ids)).options(*_LEAN))
    return {product.id: product_view(product) for product in rows}


def find_product_by_barcode(code: str) -> ProductView | None:
    """The product carrying this barcode, or ``None``.

    Example::

        product = find_product_by_barcode("3017620422003")
    """
    product = db.session.scalar(
        sa.select(Product).join(Barcode).where(Barcode.code == code.strip()).options(*_LEAN)
    )
    return product_view(product) if product is not None else None


def find_product_by_sku(sku: str) -> ProductView | None:
    """The product with this SKU (``sku`` is unique), or ``None``.

    Example::

        product = find_product_by_sku(row["sku"]) or find_product_by_barcode(row["sku"])
    """
    product = db.session.scalar(
        sa.select(Product).where(Product.sku == sku.strip()).options(*_LEAN)
    )
    return product_view(product) if product is not None else None


def list_categories() -> list[CategoryView]:
    """Every category, in the till's order.

    Example::

        choices = [(category.id, category.name) for category in list_categories()]
    """
    rows = db.session.scalars(sa.select(Category).order_by(Category.position, Category.name))
    return [category_view(category) for category in rows]


def list_tax_rates() -> list[TaxRateView]:
    """Every tax rate, lowest first.

    Example::

        rates = {str(rate.rate) for rate in list_tax_rates()}
    """
    rows = db.session.scalars(sa.select(TaxRate).order_by(TaxRate.rate, TaxRate.id))
    return [tax_rate_view(rate) for rate in rows]


def set_product_cost(product_id: int, cost: int | None, user_id: int | None = None) -> ProductView:
    """Change what a product costs the shop (minor units, ``None`` when unknown), in the
    caller's transaction, audited like a change made in the back office (a price
    change's entry). Goods received at a new price call it.

    Example::

        product = set_product_cost(line.product_id, line.unit_cost, current_user().id)

    :raises NotFound: no such product.
    :raises Invalid: a cost that is not a whole, non-negative amount of minor units.
    """
    return product_view(services.update_product(product_id, {"cost": cost}, user_id))
