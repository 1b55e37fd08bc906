"""The history of each product's price and tax rate, for checking what a till charged
while it was offline (a till can only have known prices the catalog had).

A version is written whenever a product's price or tax rate (or its rate's percent)
ends up different from its latest version: by the ORM (any service, any form, a test) at
flush, and by the bulk paths that bypass the ORM (the CSV import) through
:func:`record_versions`. A product without any version (created before the history
existed and never changed since) is judged by its current price alone.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..db import Model, UTCDateTime, utcnow
from .models import Product, TaxRate


class ProductPrice(Model):
    """The price and tax rate of a product from ``valid_from`` until its next version."""

    __tablename__ = "product_price"
    __table_args__ = (
        sa.Index("ix_product_price_product_id_valid_from", "product_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("product.id", ondelete="CASCADE"))
    price: Mapped[int] = mapped_column(sa.BigInteger)
    tax_rate: Mapped[Decimal] = mapped_column(sa.Numeric(7, 3, asdecimal=True))
    valid_from: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


def record_versions(
    connection: sa.Connection,
    product_ids: t.Iterable[int] = (),
    tax_rate_ids: t.Iterable[int] = (),
) -> None:
    """Write a version for each of these products (or the products of these rates) whose
    price or rate differs from its latest version."""
    product_ids, tax_rate_ids = list(set(product_ids)), list(set(tax_rate_ids))
    if not product_ids and not tax_rate_ids:
        return
    later = sa.orm.aliased(ProductPrice)
    latest = (
        sa.select(sa.func.max(later.id))
        .where(later.product_id == Product.id)
        .correlate(Product)
        .scalar_subquery()
    )
    unchanged = sa.exists().where(
        ProductPrice.id == latest,
        ProductPrice.price == Product.price,
        ProductPrice.tax_rate == TaxRate.rate,
    )
    which = sa.or_(
        Product.id.in_(product_ids) if product_ids else sa.false(),
        Product.tax_rate_id.in_(tax_rate_ids) if tax_rate_ids else sa.false(),
    )
    changed = (
        sa.select(Product.id, Product.price, TaxRate.rate, sa.literal(utcnow(), UTCDateTime))
        .join(TaxRate, TaxRate.id == Product.tax_rate_id)
        .where(which, ~unchanged)
    )
    connection.execute(
        sa.insert(ProductPrice).from_select(
            ["product_id", "price", "tax_rate", "valid_from"], changed
        )
    )


def versions(
    session: Session, product_ids: t.Iterable[int]
) -> dict[int, list[tuple[dt.datetime, int, Decimal]]]:
    """Each product's versions, oldest first: ``(valid_from, price, tax_rate)``."""
    rows = session.execute(
        sa.select(
            ProductPrice.product_id,
            ProductPrice.valid_from,
            ProductPrice.price,
            ProductPrice.tax_rate,
        )
        .where(ProductPrice.product_id.in_(list(set(product_ids))))
        .order_by(ProductPrice.product_id, ProductPrice.valid_from, ProductPrice.id)
    )
    found: dict[int, list[tuple[dt.datetime, int, Decimal]]] = {}
    for product_id, valid_from, price, rate in rows:
        found.setdefault(product_id, []).append((valid_from, price, rate))
    return found


def prices_known_between(
    history: list[tuple[dt.datetime, int, Decimal]], start: dt.datetime, end: dt.datetime
) -> set[tuple[int, Decimal]]:
    """The (price, rate) pairs a product had at some moment between ``start`` and
    ``end``."""
    known = set()
    for index, (valid_from, price, rate) in enumerate(history):
        until = history[index + 1][0] if index + 1 < len(history) else None
        if valid_from <= end and (until is None or until > start):
            known.add((price, Decimal(rate)))
    return known


@sa.event.listens_for(Session, "after_flush")
def _record_changed_prices(session: Session, _context) -> None:
    products, rates = [], []
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Product) and obj.id is not None:
            state = sa.inspect(obj)
            if obj in session.new or any(
                state.attrs[name].history.has_changes() for name in ("price", "tax_rate_id")
            ):
                products.append(obj.id)
        elif isinstance(obj, TaxRate) and obj.id is not None:
            if sa.inspect(obj).attrs.rate.history.has_changes():
                rates.append(obj.id)
    if products or rates:
        record_versions(session.connection(), products, rates)
