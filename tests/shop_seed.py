"""Seeding a small shop for the core's tests (a module with a unique name, importable from
every test folder: tests/ is on the path through its conftest.py).

The products are those of the receipts, reports and sales tests: COFFEE at the standard
20 % rate (the one ``comptoir init`` seeds, made if missing), CROISSANT at a reduced
5.5 %, each with a real EAN-13."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from core.auth.models import User
from core.catalog.models import Barcode, Product, TaxRate
from core.db import db
from core.registers.services import open_session

COFFEE_BARCODE = "3017620422003"
CROISSANT_BARCODE = "4006381333931"


def tax_rates() -> dict[str, TaxRate]:
    """``{"20": standard, "5.5": reduced}``, flushed (call inside an app context)."""
    standard = db.session.scalar(sa.select(TaxRate).where(TaxRate.rate == Decimal("20")))
    if standard is None:
        standard = TaxRate(name="Standard", rate=Decimal("20"), is_default=True)
        db.session.add(standard)
    reduced = TaxRate(name="Reduced", rate=Decimal("5.5"))
    db.session.add(reduced)
    db.session.flush()
    return {"20": standard, "5.5": reduced}


def add_products(rows: list[tuple[str, str, int, str, str, str]]) -> dict[str, Product]:
    """Products from ``(sku, name, price, rate, barcode, sold_by)`` rows, ``rate`` being
    ``"20"`` or ``"5.5"``; flushed, by SKU."""
    rates = tax_rates()
    products = {}
    for sku, name, price, rate, code, sold_by in rows:
        product = Product(
            sku=sku,
            name=name,
            search_name=name.lower(),
            price=price,
            tax_rate_id=rates[rate].id,
            sold_by=sold_by,
        )
        product.barcodes = [Barcode(code=code)]
        db.session.add(product)
        db.session.flush()
        products[sku] = product
    return products


def coffee_and_croissant(coffee_name: str = "Coffee beans 250g") -> dict[str, Product]:
    return add_products(
        [
            ("COFFEE", coffee_name, 250, "20", COFFEE_BARCODE, "unit"),
            ("CROISSANT", "Croissant", 120, "5.5", CROISSANT_BARCODE, "unit"),
        ]
    )


def open_register_one(opening_float: int = 10000) -> None:
    """Open register 1 as the seeded manager, and commit."""
    manager = db.session.scalar(sa.select(User).where(User.username == "manager"))
    open_session(1, opening_float, manager)
    db.session.commit()
