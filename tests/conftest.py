"""Shared fixtures of the core's tests. The Comptoir fixtures (app, clients, users,
tokens) come from ``core.testing.fixtures``, a pytest plugin."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from core.db import db


@pytest.fixture
def register_id(app) -> int:
    """The seeded register R1 (closed)."""
    from core.registers.models import Register

    with app.app_context():
        return db.session.scalar(sa.select(Register.id).where(Register.code == "R1"))


@pytest.fixture
def products(app) -> dict[str, int]:
    """COFFEE 2.50 at 20 %, CROISSANT 1.20 at 5.5 %."""
    from core.catalog.models import Product, TaxRate

    with app.app_context():
        standard = TaxRate(name="Standard", rate=Decimal("20"))
        reduced = TaxRate(name="Reduced", rate=Decimal("5.5"))
        db.session.add_all([standard, reduced])
        db.session.flush()
        ids = {}
        for sku, price, rate in [("COFFEE", 250, standard), ("CROISSANT", 120, reduced)]:
            product = Product(
                sku=sku,
                name=sku.title(),
                search_name=sku.lower(),
                price=price,
                tax_rate_id=rate.id,
            )
            db.session.add(product)
            db.session.flush()
            ids[sku] = product.id
        db.session.commit()
        return ids
