"""Products, barcodes, categories and tax rates.

``price`` is in minor units and includes tax when the store's prices include tax.
``updated_at`` moves on every change (the till's delta sync reads it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Model, UTCDateTime, postgres_prefix_index, utcnow


class TaxRate(Model):
    __tablename__ = "tax_rate"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64))
    #: Percent, e.g. 20.000 for 20 %.
    rate: Mapped[Decimal] = mapped_column(sa.Numeric(7, 3, asdecimal=True))
    is_default: Mapped[bool] = mapped_column(default=False)


class Category(Model):
    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("category.id"))
    color: Mapped[str] = mapped_column(sa.String(16), default="")
    position: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Product(Model):
    __tablename__ = "product"
    __table_args__ = (
        sa.Index("ix_product_search_name", "search_name"),
        # The till's sync cursor (updated_at, id) seeks it (core.catalog.search).
        sa.Index("ix_product_updated_at_id", "updated_at", "id"),
        # The low-stock filter starts from the products that have a level (few).
        sa.Index("ix_product_reorder_level", "reorder_level"),
        # A category's products in name order, one page at a time, without a sort.
        sa.Index("ix_product_category_name", "category_id", "search_name", "id"),
        # SKU prefix search: see ProductSearchTerm's index.
        postgres_prefix_index("ix_product_sku_prefix", "sku"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    #: Lower-cased, accents removed: what name search compares with.
    search_name: Mapped[str] = mapped_column(sa.String(200))
    price: Mapped[int] = mapped_column(sa.BigInteger)
    cost: Mapped[int | None] = mapped_column(sa.BigInteger)
    tax_rate_id: Mapped[int] = mapped_column(sa.ForeignKey("tax_rate.id"))
    category_id: Mapped[int | None] = mapped_column(sa.ForeignKey("category.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    #: ``unit`` or ``weight`` (quantity in kilograms, up to 3 decimals).
    sold_by: Mapped[str] = mapped_column(sa.String(8), default="unit")
    #: The stock at or below which the product is "low" (back office filter and
    #: dashboard); none: never low.
    reorder_level: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 3, asdecimal=True))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    tax_rate: Mapped[TaxRate] = relationship(lazy="joined")
    category: Mapped[Category | None] = relationship(lazy="joined")
    barcodes: Mapped[list[Barcode]] = relationship(
        back_populates="product",
        order_by="Barcode.id",
        lazy="selectin",
        cascade="all, delete-orphan",
    )


class Barcode(Model):
    """A GTIN (EAN-13, UPC-A, EAN-8, GTIN-14) or an in-store code of a product."""

    __tablename__ = "barcode"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)

    product: Mapped[Product] = relationship(back_populates="barcodes")


class ProductSearchTerm(Model):
    """One word of a product's normalised name, so that name search by word prefix
    ("choc" finds "Pain au chocolat") is an index range scan, not a scan of every name.

    Kept in step with ``Product.name`` by :mod:`core.catalog.services`.
    """

    __tablename__ = "product_search_term"
    # Covering: a word's products are read from the index alone (a word's range counted,
    # a frequent word's products collected), not from the table row by row.
    __table_args__ = (
        postgres_prefix_index("ix_product_search_term_prefix", "term", include=("product_id",)),
    )

    term: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("product.id", ondelete="CASCADE"), primary_key=True, index=True
    )
